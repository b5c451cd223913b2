import EditorModel

/// Decoding of SGR mouse reports, `ESC [ < button ; column ; row M` (press or motion) or `... m` (release),
/// which terminals send after `TerminalModes.enable` turns on modes 1000, 1002 and 1006.
enum MouseReport {
    /// The mouse event for an SGR report, or nil when the sequence is not one or reports something the editor does
    /// not use (middle and right buttons, horizontal wheel, motion without a button).
    ///
    /// Button bits: 0...1 the button (0 left, 1 middle, 2 right, 3 none), 4 Shift, 8 Meta, 16 Ctrl, 32 motion,
    /// 64 wheel (button 0 up, 1 down). Coordinates in the report are 1-based; the event's are 0-based.
    static func event(from sequence: ControlSequence) -> MouseEvent? {
        guard sequence.marker == UInt8(ascii: "<"),
            sequence.final == UInt8(ascii: "M") || sequence.final == UInt8(ascii: "m"),
            sequence.parameters.count == 3,
            let code = sequence.parameter(0), let column = sequence.parameter(1), let row = sequence.parameter(2),
            column >= 1, row >= 1
        else { return nil }
        var modifiers: Modifiers = []
        if code & 4 != 0 { modifiers.insert(.shift) }
        if code & 8 != 0 { modifiers.insert(.alt) }
        if code & 16 != 0 { modifiers.insert(.control) }
        let button = code & 3
        let isRelease = sequence.final == UInt8(ascii: "m")
        let action: MouseEvent.Action
        if code & 128 != 0 {
            return nil
        } else if code & 64 != 0 {
            guard !isRelease, button <= 1 else { return nil }
            action = button == 0 ? .scrollUp : .scrollDown
        } else if code & 32 != 0 {
            guard button == 0, !isRelease else { return nil }
            action = .drag
        } else {
            guard button == 0 else { return nil }
            action = isRelease ? .release : .press
        }
        return MouseEvent(action: action, row: row - 1, column: column - 1, modifiers: modifiers)
    }
}
