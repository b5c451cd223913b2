import EditorCore

/// Which of this client's submissions the host has acknowledged, for callers that must know when an edit made
/// before some moment has reached the host (e.g. the host's own save, `DiskBaseline`).
extension ClientDocument {
    /// The highest sequence number of ours the host acknowledged: every submission sent before the oldest one in
    /// flight was acknowledged (acks come in order), so it is that one's sequence − 1, or the last sequence sent
    /// when nothing is in flight.
    public var acknowledgedSequence: UInt64 {
        (inFlightChanges.first?.submission.id.sequence ?? nextSequence) - 1
    }

    /// The sequence number of the submission that carries (at the latest) every edit in `buffer`: the latest one
    /// in flight when it leads exactly to `buffer`, else the next one to be sent.
    public func sequenceCovering(_ buffer: TextBuffer) -> UInt64 {
        if let inFlight, inFlight.sent == buffer { return inFlight.submission.id.sequence }
        if inFlight == nil, synced?.text == buffer { return acknowledgedSequence }
        return nextSequence
    }
}
