import EditorCore

/// Ctrl-R: find and replace.
///
/// The flow: "Replace:" takes the text to find (searched as you type, like Ctrl-F; Enter accepts it), then
/// "Replace … with:" takes the replacement (Enter starts). Starting from where the cursor was, each match is
/// selected and the user answers y (replace it, one undo step), n (skip it), a (replace it and every remaining
/// match up to where replacing started, wrapping around: one undo step), or Esc (stop; Ctrl-C too, and any other
/// Ctrl/Alt key stops and then does its job). The session ends when the search comes back to where it started.
extension Editor {
    /// Ctrl-R: opens the "Replace:" prompt.
    mutating func startReplace() {
        let session = FindSession(origin: selection, originViewport: viewport)
        mode = .prompt(Prompt(kind: .replaceSearch(session)))
    }

    /// Enter in "Replace:": asks for the replacement.
    mutating func proceedToReplacement(_ prompt: Prompt, session: FindSession) {
        let text = prompt.line.text.isEmpty ? lastQuery : prompt.line.text
        guard let query = SearchQuery(text) else { return }
        lastQuery = query.text
        mode = .prompt(Prompt(kind: .replaceWith(query: query, session: session)))
    }

    /// Keys in "Replace … with:".
    mutating func handleReplacementPromptKey(
        _ key: KeyPress, prompt: Prompt, query: SearchQuery, session: FindSession
    ) {
        var prompt = prompt
        switch key.key {
        case .escape:
            cancelSearch(session)
        case .enter:
            beginReplacing(query, with: prompt.line.text, session: session)
        default:
            if prompt.line.handle(key) { mode = .prompt(prompt) }
        }
    }

    /// Keys while asking about one match: y, n, a, Esc.
    mutating func handleReplaceConfirmKey(_ key: KeyPress, session: ReplaceSession) {
        var session = session
        if key.modifiers.contains(.control) || key.modifiers.contains(.alt) {
            // Ctrl-C stops; any other command key stops and then does its usual job (Ctrl-Q quits, …).
            finishReplacing(session)
            if key != KeyPress(.character("c"), modifiers: .control) { handleEditingKey(key) }
            return
        }
        switch key.key {
        case .character(let character) where character.lowercased() == "y":
            let replacementEnd = session.match.lowerBound + session.replacement.scalarCount
            replaceMatch(of: &session)
            advance(session, from: replacementEnd)
        case .character(let character) where character.lowercased() == "n":
            advance(session, from: session.match.upperBound)
        case .character(let character) where character.lowercased() == "a":
            replaceAllRemaining(session)
        case .escape, .character("q"):
            finishReplacing(session)
        default:
            break
        }
    }

    private mutating func beginReplacing(_ query: SearchQuery, with replacement: String, session: FindSession) {
        selection = snapped(session.origin)
        let start = session.origin.range.lowerBound
        guard let found = TextSearch.search(query, in: document.buffer, from: start, forward: true) else {
            mode = .editing
            inform("Not found: \(query.text)", isError: true)
            return
        }
        let replace = ReplaceSession(query: query, replacement: replacement, start: start, wrapped: found.wrapped,
            match: found.match)
        show(replace)
    }

    /// Selects the session's match and asks about it.
    private mutating func show(_ session: ReplaceSession) {
        mode = .prompt(Prompt(kind: .replaceConfirm(session)))
        setSelection(Selection(anchor: session.match.lowerBound, head: session.match.upperBound))
    }

    private mutating func replaceMatch(of session: inout ReplaceSession) {
        let change = ChangeSet.replacing(session.match, with: session.replacement,
            baseLength: document.buffer.scalarCount)
        mode = .editing
        history.closeGroup()
        commit(change, selectionAfter: Selection(cursor: session.match.lowerBound + session.replacement.scalarCount),
            kind: .other)
        session.start = change.mapPosition(session.start, association: .before)
        session.replacedCount += 1
    }

    /// Moves to the next match at or after `offset` that is before the starting point (after wrapping), or ends.
    private mutating func advance(_ session: ReplaceSession, from offset: Int) {
        var session = session
        let buffer = document.buffer
        var match: Range<Int>?
        if !session.wrapped {
            match = TextSearch.firstMatch(of: session.query, in: buffer, startingIn: offset..<buffer.scalarCount)
            if match == nil {
                session.wrapped = true
                match = firstMatchBeforeStart(session, from: 0)
            }
        } else {
            match = firstMatchBeforeStart(session, from: offset)
        }
        guard let match else {
            finishReplacing(session)
            return
        }
        session.match = match
        show(session)
    }

    private func firstMatchBeforeStart(_ session: ReplaceSession, from offset: Int) -> Range<Int>? {
        guard offset < session.start else { return nil }
        return TextSearch.firstMatch(of: session.query, in: document.buffer, startingIn: offset..<session.start)
    }

    /// "a": the current match and every later one up to where replacing started, as one undo step.
    private mutating func replaceAllRemaining(_ session: ReplaceSession) {
        var session = session
        let buffer = document.buffer
        let query = session.query
        var matches: [Range<Int>]
        if session.wrapped {
            matches = TextSearch.allMatches(of: query, in: buffer, startingIn: session.match.lowerBound..<session.start)
        } else {
            let wrappedPart = TextSearch.allMatches(of: query, in: buffer, startingIn: 0..<session.start)
            let tail = TextSearch.allMatches(of: query, in: buffer,
                startingIn: session.match.lowerBound..<buffer.scalarCount)
            matches = wrappedPart.filter { $0.upperBound <= session.match.lowerBound } + tail
        }
        matches.sort { $0.lowerBound < $1.lowerBound }
        mode = .editing
        commitReplacements(matches, with: session.replacement)
        session.replacedCount += matches.count
        finishReplacing(session)
    }

    private mutating func commitReplacements(_ matches: [Range<Int>], with replacement: String) {
        guard !matches.isEmpty else { return }
        let edits = matches.map { (range: $0, text: replacement) }
        let change = ChangeSet.replacing(edits, baseLength: document.buffer.scalarCount)
        history.closeGroup()
        commit(change, selectionAfter: Selection(cursor: change.mapPosition(selection.head, association: .after)),
            kind: .other)
    }

    private mutating func finishReplacing(_ session: ReplaceSession) {
        mode = .editing
        let count = session.replacedCount
        inform("Replaced \(count) \(count == 1 ? "occurrence" : "occurrences")")
    }
}
