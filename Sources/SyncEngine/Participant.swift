/// A person in a session, as the host announces them: number, name and colour.
public struct Participant: Hashable, Sendable {
    /// The host-assigned number, also the tie rank (see `ParticipantID`).
    public var id: ParticipantID
    /// The display name the client gave in its hello (default: the login name). Not unique.
    public var name: String
    /// An index into the editor's palette, `0..<paletteSize` of the host's configuration.
    ///
    /// Assigned by the host when the participant joins: the participant's previous colour if no one present has
    /// it, else the smallest index no one present has, else (more participants than colours) `id % paletteSize`.
    /// So colours are distinct among the participants present whenever there are no more of them than colours,
    /// and stable across a reconnect.
    public var colorIndex: Int

    /// A participant with the given number, name and colour.
    public init(id: ParticipantID, name: String, colorIndex: Int) {
        self.id = id
        self.name = name
        self.colorIndex = colorIndex
    }
}

/// Choosing a colour for a joining participant (the rule is documented on `Participant.colorIndex`).
enum ColorAssignment {
    /// The colour for `participant`, who had `previous` (if any), given the colours of those present.
    static func color(
        for participant: ParticipantID, previous: Int?, taken: Set<Int>, paletteSize: Int
    ) -> Int {
        let size = max(paletteSize, 1)
        if let previous, previous < size, !taken.contains(previous) { return previous }
        if let free = (0..<size).first(where: { !taken.contains($0) }) { return free }
        return Int(participant.rawValue % UInt32(size))
    }
}
