/// Routes a key pressed while a prompt is open to the handler of that prompt.
extension Editor {
    mutating func handlePromptKey(_ key: KeyPress, prompt: Prompt) {
        switch prompt.kind {
        case .find(let session), .replaceSearch(let session):
            handleSearchPromptKey(key, prompt: prompt, session: session)
        case .replaceWith(let query, let session):
            handleReplacementPromptKey(key, prompt: prompt, query: query, session: session)
        case .replaceConfirm(let session):
            handleReplaceConfirmKey(key, session: session)
        case .goToLine:
            handleGoToLineKey(key, prompt: prompt)
        case .saveBeforeQuit, .overwrite:
            handleQuestionKey(key, kind: prompt.kind)
        }
    }
}
