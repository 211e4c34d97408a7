/// A condition operator without its `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix.
public enum ConditionOperator: String, CaseIterable, Hashable, Sendable {
    case stringEquals = "StringEquals"
    case stringNotEquals = "StringNotEquals"
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
    case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    case stringLike = "StringLike"
    case stringNotLike = "StringNotLike"
    case numericEquals = "NumericEquals"
    case numericNotEquals = "NumericNotEquals"
    case numericLessThan = "NumericLessThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThan = "NumericGreaterThan"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case dateEquals = "DateEquals"
    case dateNotEquals = "DateNotEquals"
    case dateLessThan = "DateLessThan"
    case dateLessThanEquals = "DateLessThanEquals"
    case dateGreaterThan = "DateGreaterThan"
    case dateGreaterThanEquals = "DateGreaterThanEquals"
    case bool = "Bool"
    case binaryEquals = "BinaryEquals"
    case ipAddress = "IpAddress"
    case notIpAddress = "NotIpAddress"
    case arnEquals = "ArnEquals"
    case arnLike = "ArnLike"
    case arnNotEquals = "ArnNotEquals"
    case arnNotLike = "ArnNotLike"
    case null = "Null"

    /// The negated operators: true when no value matches, and true when the key is missing
    /// (IAM: "if the key is not present … StringNotLike … the condition is true").
    public var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
             .notIpAddress, .arnNotEquals, .arnNotLike:
            return true
        default:
            return false
        }
    }

    /// Splits a written operator (`ForAllValues:StringLikeIfExists`) into its parts; nil for an unknown one.
    /// Matching is case-insensitive: AWS's validator accepts the operators in any case.
    static func parse(_ written: String) -> (base: ConditionOperator, qualifier: ConditionQualifier?, ifExists: Bool)? {
        var rest = Substring(written)
        var qualifier: ConditionQualifier?
        for q in [ConditionQualifier.forAnyValue, .forAllValues] {
            let prefix = q.rawValue + ":"
            if rest.lowercased().hasPrefix(prefix.lowercased()) {
                qualifier = q
                rest = rest.dropFirst(prefix.count)
            }
        }
        var ifExists = false
        if rest.lowercased().hasSuffix("ifexists") && rest.count > "ifexists".count {
            ifExists = true
            rest = rest.dropLast("ifexists".count)
        }
        let lowered = rest.lowercased()
        guard let base = ConditionOperator.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        if base == .null && ifExists { return nil } // "NullIfExists" is not an operator
        return (base, qualifier, ifExists)
    }
}
