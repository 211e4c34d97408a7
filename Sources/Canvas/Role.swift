/// A semantic colour role. Views say what a cell *means*; a theme says what colour that is.
public struct Role: Hashable, Sendable, RawRepresentable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ raw: String) { rawValue = raw }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let normal: Role = "normal"
    public static let dim: Role = "dim"
    public static let title: Role = "title"
    public static let border: Role = "border"
    public static let borderFocused: Role = "border.focused"
    public static let header: Role = "header"
    public static let footer: Role = "footer"
    public static let key: Role = "key"
    public static let selection: Role = "selection"
    public static let selectionUnfocused: Role = "selection.unfocused"
    public static let match: Role = "match"
    public static let label: Role = "label"
    public static let value: Role = "value"
    public static let id: Role = "id"
    public static let input: Role = "input"

    /// The roles Canvas itself knows: frames, text, selection. The explorer declares the domain's
    /// (`path.nat`, `cost.saving`, ...) beside the views that draw them.
    public static let canvasRoles: [Role] = [
        .normal, .dim, .title, .border, .borderFocused, .header, .footer, .key, .selection, .selectionUnfocused, .match,
        .label, .value, .id, .input,
    ]
}

/// How a cell is drawn: its role plus the few attributes every terminal has.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(_ role: Role = .normal, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    public static let normal = Style()
}
