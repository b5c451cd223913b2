import EditorCore

/// Ctrl-F: incremental find with next/previous, wrap-around and smart case.
///
/// As the query is typed, the first match at or after where the search started is selected. That search reads at
/// most `incrementalSearchBudget` scalars (wrapping around when the whole document fits in it), so typing stays
/// fast in a huge file; Enter/Down/Up search the whole document, chunk by chunk.
extension Editor {
    /// Scalars read per keystroke by the search as you type.
    static let incrementalSearchBudget = 1 << 18

    /// Ctrl-F: opens the find prompt.
    mutating func startFind() {
        let session = FindSession(origin: selection, originViewport: viewport)
        mode = .prompt(Prompt(kind: .find(session)))
    }

    /// Ctrl-N/Ctrl-P or F3/Shift-F3 outside the prompt: the next/previous match of the last query.
    mutating func findAgain(forward: Bool) {
        guard let query = SearchQuery(lastQuery) else {
            startFind()
            return
        }
        let from = forward ? selection.range.upperBound : selection.range.lowerBound
        _ = jumpToMatch(of: query, forward: forward, from: from)
    }

    /// Keys in the find (and replace-search) prompt.
    mutating func handleSearchPromptKey(_ key: KeyPress, prompt: Prompt, session: FindSession) {
        var prompt = prompt
        let control = key.modifiers.contains(.control)
        let shift = key.modifiers.contains(.shift)
        switch (key.key, control) {
        case (.escape, _):
            cancelSearch(session)
        case (.enter, _) where isReplaceSearch(prompt):
            proceedToReplacement(prompt, session: session)
        case (.enter, _), (.down, _), (.character("n"), true):
            searchFromPrompt(&prompt, session: session, forward: true)
        case (.function(3), _):
            searchFromPrompt(&prompt, session: session, forward: !shift)
        case (.up, _), (.character("p"), true):
            searchFromPrompt(&prompt, session: session, forward: false)
        case (.character("f"), true), (.character("r"), true):
            acceptSearch(prompt)
        default:
            if prompt.line.handle(key) {
                promptTextChanged(prompt)
            } else {
                // Any other key leaves the search at the match and does its usual job.
                acceptSearch(prompt)
                handleEditingKey(key)
            }
        }
    }

    /// After the prompt's text changed: stores it and, for searches, finds the new query incrementally.
    mutating func promptTextChanged(_ prompt: Prompt) {
        mode = .prompt(prompt)
        switch prompt.kind {
        case .find(let session): searchIncrementally(prompt, session: session)
        case .replaceSearch(let session): searchIncrementally(prompt, session: session)
        default: break
        }
    }

    /// Selects `match` and stores it in the open search session.
    mutating func showMatch(_ match: Range<Int>?, in prompt: Prompt, session: FindSession) {
        var session = session
        session.match = match
        var prompt = prompt
        switch prompt.kind {
        case .replaceSearch: prompt.kind = .replaceSearch(session)
        default: prompt.kind = .find(session)
        }
        mode = .prompt(prompt)
        if let match {
            setSelection(Selection(anchor: match.lowerBound, head: match.upperBound))
        } else {
            selection = session.origin
            viewport = session.originViewport
        }
    }

    /// Esc: back to the selection and view from before the search.
    mutating func cancelSearch(_ session: FindSession) {
        mode = .editing
        selection = snapped(session.origin)
        viewport = session.originViewport
        viewport.snap(layout: layout)
    }

    /// Ends the search, staying at the match; the query becomes the last query.
    mutating func acceptSearch(_ prompt: Prompt) {
        if !prompt.line.text.isEmpty { lastQuery = prompt.line.text }
        mode = .editing
    }

    private func isReplaceSearch(_ prompt: Prompt) -> Bool {
        if case .replaceSearch = prompt.kind { return true }
        return false
    }

    /// Finds the query from the search's origin, reading at most `incrementalSearchBudget` scalars.
    private mutating func searchIncrementally(_ prompt: Prompt, session: FindSession) {
        guard let query = SearchQuery(prompt.line.text) else {
            showMatch(nil, in: prompt, session: session)
            return
        }
        let buffer = document.buffer
        let count = buffer.scalarCount
        let start = min(session.origin.range.lowerBound, count)
        let budget = Self.incrementalSearchBudget
        var match = TextSearch.firstMatch(of: query, in: buffer, startingIn: start..<min(count, start + budget))
        var searchedAll = count - start <= budget
        if match == nil, searchedAll {
            let remaining = budget - (count - start)
            match = TextSearch.firstMatch(of: query, in: buffer, startingIn: 0..<min(start, remaining))
            searchedAll = start <= remaining
        }
        showMatch(match, in: prompt, session: session)
        if match == nil {
            inform(searchedAll ? "Not found" : "No match nearby: press Enter to search the whole file",
                isError: searchedAll)
        }
    }

    /// Enter/Down/Up in the prompt: the next or previous match in the whole document (an empty query reuses the
    /// last one).
    private mutating func searchFromPrompt(_ prompt: inout Prompt, session: FindSession, forward: Bool) {
        if prompt.line.text.isEmpty, !lastQuery.isEmpty { prompt.line = PromptLine(lastQuery) }
        guard let query = SearchQuery(prompt.line.text) else { return }
        lastQuery = query.text
        let from: Int
        if let match = session.match {
            from = forward ? match.upperBound : match.lowerBound
        } else {
            from = session.origin.range.lowerBound
        }
        let found = TextSearch.search(query, in: document.buffer, from: from, forward: forward)
        showMatch(found?.match, in: prompt, session: session)
        reportSearch(found, query: query)
    }

    /// Selects the next/previous match from `from` outside a prompt; returns false when there is none.
    mutating func jumpToMatch(of query: SearchQuery, forward: Bool, from: Int) -> Bool {
        let found = TextSearch.search(query, in: document.buffer, from: from, forward: forward)
        if let match = found?.match { setSelection(Selection(anchor: match.lowerBound, head: match.upperBound)) }
        reportSearch(found, query: query)
        return found != nil
    }

    private mutating func reportSearch(_ found: (match: Range<Int>, wrapped: Bool)?, query: SearchQuery) {
        if found == nil {
            inform("Not found: \(query.text)", isError: true)
        } else if found?.wrapped == true {
            inform("Search wrapped around")
        }
    }
}

extension TextSearch {
    /// The next match after `from` (forward) or the previous one before it, wrapping around.
    static func search(_ query: SearchQuery, in buffer: TextBuffer, from: Int, forward: Bool)
        -> (match: Range<Int>, wrapped: Bool)?
    {
        let result = forward ? nextMatch(of: query, in: buffer, from: from)
            : previousMatch(of: query, in: buffer, before: from)
        return result.map { ($0.0, $0.wrapped) }
    }
}
