import Canvas

/// The roles of the domain, declared by the explorer that draws them (Canvas knows only frames,
/// text and selection). A theme file may style any of these, or a parent (`path` for every `path.*`).
extension Role {
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

    /// Every role the explorer's views draw: what a theme must be able to answer for, and what a
    /// theme file may name (itself or a parent of it).
    public static let explorerRoles: [Role] = canvasRoles + [
        .privateSubnet, .publicSubnet, .gatewayEndpoint, .interfaceEndpoint, .pathEndpoint, .pathNAT,
        .pathInternet, .pathBlocked, .packet, .costSaving, .costExpense, .severityError, .severityWarning, .severityInfo,
        .ok, .unknown, .jsonKey, .jsonString, .jsonLiteral, .whatIf,
    ]
}
