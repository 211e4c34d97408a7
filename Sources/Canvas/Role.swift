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
    public static let privateSubnet: Role = "subnet.private"
    public static let publicSubnet: Role = "subnet.public"
    public static let gatewayEndpoint: Role = "endpoint.gateway"
    public static let interfaceEndpoint: Role = "endpoint.interface"
    public static let pathEndpoint: Role = "path.endpoint"
    public static let pathNAT: Role = "path.nat"
    public static let pathInternet: Role = "path.internet"
    public static let pathBlocked: Role = "path.blocked"
    public static let packet: Role = "path.packet"
    public static let costSaving: Role = "cost.saving"
    public static let costExpense: Role = "cost.expense"
    public static let severityError: Role = "severity.error"
    public static let severityWarning: Role = "severity.warning"
    public static let severityInfo: Role = "severity.info"
    public static let ok: Role = "ok"
    public static let unknown: Role = "unknown"
    public static let jsonKey: Role = "json.key"
    public static let jsonString: Role = "json.string"
    public static let jsonLiteral: Role = "json.literal"
    public static let whatIf: Role = "whatif"
    public static let input: Role = "input"

    /// Every role above: what a theme must be able to answer for.
    public static let allKnown: [Role] = [
        .normal, .dim, .title, .border, .borderFocused, .header, .footer, .key, .selection, .selectionUnfocused, .match,
        .label, .value, .id, .privateSubnet, .publicSubnet, .gatewayEndpoint, .interfaceEndpoint, .pathEndpoint, .pathNAT,
        .pathInternet, .pathBlocked, .packet, .costSaving, .costExpense, .severityError, .severityWarning, .severityInfo,
        .ok, .unknown, .jsonKey, .jsonString, .jsonLiteral, .whatIf, .input,
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
