import CNcurses
import Testing

/// Proves the shim compiles and ncursesw links, without taking over a terminal.
@Suite struct CNcursesLinkTests {
    @Test func attributeWrappersAreDistinctBits() {
        #expect(cn_a_bold() != 0)
        #expect(cn_a_reverse() != 0)
        #expect(cn_a_bold() != cn_a_reverse())
        #expect(cn_color_pair(1) != cn_color_pair(2))
    }

    @Test func wideCharacterWidthsComeFromTheLinkedLibrary() {
        cn_set_locale_from_environment()
        // curses_version() is a real call into libncursesw: proves linking, not just the header.
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses"))
    }

    @Test func screenIsOffWithoutInitialisation() {
        #expect(cn_stdscr() == nil)
    }
}
