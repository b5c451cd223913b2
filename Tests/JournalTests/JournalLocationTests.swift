import Foundation
import Journal
import SyncEngine
import Testing

@Suite struct JournalLocationTests {
    @Test func theDefaultDirectoryFollowsXDG() {
        #expect(
            JournalLocation.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path
                == "/s/coedit/history")
        #expect(
            JournalLocation.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])?.path
                == "/h/.local/state/coedit/history")
        #expect(JournalLocation.defaultDirectory(environment: ["HOME": "/h"])?.path == "/h/.local/state/coedit/history")
        #expect(JournalLocation.defaultDirectory(environment: [:]) == nil)
    }

    @Test func fileNamesAreASlugAndTheHashOfTheAbsolutePath() {
        let name = JournalLocation.fileName(forDocument: "/home/ana/paper/notes.tex")
        #expect(name == "notes.tex-" + TextHash(of: "/home/ana/paper/notes.tex").description + ".journal.sqlite")
        #expect(
            JournalLocation.fileName(forDocument: "/a/notes.tex")
                != JournalLocation.fileName(forDocument: "/b/notes.tex"))
        #expect(
            JournalLocation.fileName(forDocument: "/a/./b/../notes.tex")
                == JournalLocation.fileName(forDocument: "/a/notes.tex"))
        #expect(JournalLocation.fileName(forDocument: "/a/thèse été.md").hasPrefix("th_se__t_.md-"))
        #expect(JournalLocation.fileName(forDocument: "/a/..hidden").hasPrefix("hidden-"))
        #expect(JournalLocation.fileName(forDocument: "/a/日本").hasPrefix("__-"))
        let relative = JournalLocation.fileName(forDocument: "notes.tex")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(relative == JournalLocation.fileName(forDocument: cwd + "/notes.tex"))
    }
}
