/// A request to test against a policy: who (optional), what action, on what resource, with what
/// context keys (`aws:SourceVpce`, `aws:SourceVpc`, `aws:PrincipalOrgID`, `aws:SourceIp`, ...).
public struct PolicyRequest: Hashable, Sendable {
    /// `s3:GetObject`.
    public var action: String
    /// `arn:aws:s3:::acme-app/report.csv`.
    public var resource: String
    /// The caller's ARN (or account ID, or service name); nil for "any caller".
    public var principal: String?
    /// Context keys as given (multi-valued keys hold several values).
    public var context: [String: [String]]

    public init(action: String, resource: String, principal: String? = nil, context: [String: [String]] = [:]) {
        self.action = action
        self.resource = resource
        self.principal = principal
        self.context = context
    }

    /// The context IAM would see: the given keys plus those derived from the principal
    /// (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:username`) and `aws:SecureTransport`
    /// (true: SDKs call endpoints over HTTPS). Keys are lowercased: IAM compares them case-insensitively.
    public var effectiveContext: [String: [String]] {
        var out: [String: [String]] = [:]
        if let principal, !principal.isEmpty {
            if let arn = ARN(principal) {
                out["aws:principalarn"] = [principal]
                if !arn.account.isEmpty { out["aws:principalaccount"] = [arn.account] }
                if arn.service == "iam", arn.resource.hasPrefix("user/"),
                   let name = arn.resource.split(separator: "/").last {
                    out["aws:username"] = [String(name)]
                }
            } else if PolicyRequest.isAccountID(principal) {
                out["aws:principalaccount"] = [principal]
            }
        }
        out["aws:securetransport"] = ["true"]
        for (key, values) in context { out[key.lowercased()] = values }
        return out
    }

    /// Whether text is a 12-digit account ID.
    static func isAccountID(_ text: some StringProtocol) -> Bool { text.count == 12 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) }

    /// The account a principal belongs to (from its ARN, or the account ID itself).
    static func account(of principal: String) -> String? {
        if isAccountID(principal) { return principal }
        if let arn = ARN(principal), !arn.account.isEmpty { return arn.account }
        return nil
    }
}

/// The six colon-separated parts of an ARN (`arn:partition:service:region:account:resource`).
struct ARN: Hashable, Sendable {
    var partition: String
    var service: String
    var region: String
    var account: String
    /// Everything after the fifth colon (it may contain colons itself).
    var resource: String

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }
}
