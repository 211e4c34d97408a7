/// How much a finding matters; `check --fail-on` compares against it.
public enum Severity: String, CaseIterable, Comparable, Sendable, Codable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One misconfiguration found in a network, in the user's terms, with what to do about it.
public struct Finding: Hashable, Sendable {
    /// The stable rule ID (`ecr-needs-s3-gateway`).
    public var rule: String
    public var severity: Severity
    /// The endpoint ID for endpoint rules, the VPC ID for VPC rules.
    public var resource: String
    public var vpc: String
    /// One sentence: what will go wrong ("ECR image pulls will fail: …").
    public var message: String
    /// What to add or change; a Terraform snippet where one fits.
    public var fix: String
    /// Every resource the finding is about, `resource` first (a VPC rule lists the endpoints it affects).
    public var resources: [String]

    public init(rule: String, severity: Severity, resource: String, vpc: String, resources: [String]? = nil, message: String, fix: String) {
        self.rule = rule
        self.severity = severity
        self.resource = resource
        self.resources = resources ?? [resource]
        self.vpc = vpc
        self.message = message
        self.fix = fix
    }
}
