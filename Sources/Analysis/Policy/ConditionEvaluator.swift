import Foundation
import Model

/// Decides one condition against a request context with IAM's rules:
/// - a missing key makes a condition false, except for negated operators (true), `…IfExists` (true),
///   `ForAllValues:` (true: nothing to disagree) and `Null` (which tests presence);
/// - several policy values are alternatives (any may match); a negated operator is true when none does;
/// - `ForAnyValue:` needs one request value to pass, `ForAllValues:` every request value.
enum ConditionEvaluator {
    /// Whether the condition holds, and a sentence saying why for the explanation.
    static func evaluate(_ condition: PolicyCondition, context: [String: [String]],
                         version: PolicyVersion) -> (holds: Bool, reason: String) {
        let name = "\(condition.operatorName) \(condition.key)"
        let present = context[condition.key.lowercased()].flatMap { $0.isEmpty ? nil : $0 }

        if condition.base == .null {
            let wantsMissing = condition.values.first?.lowercased() == "true"
            let holds = wantsMissing == (present == nil)
            let state = present == nil ? "is not in the request" : "is in the request"
            return (holds, "\(name): \(condition.key) \(state)")
        }

        guard let requestValues = present else {
            let holds: Bool
            if condition.ifExists || condition.qualifier == .forAllValues {
                holds = true
            } else if condition.qualifier == .forAnyValue {
                holds = false
            } else {
                holds = condition.base.isNegated
            }
            return (holds, "\(name): \(condition.key) is not in the request")
        }

        let policyValues = condition.values
        let positiveMatch: (String) -> Bool = { requestValue in
            policyValues.contains { test(condition.base, request: requestValue, policy: $0, version: version, context: context) }
        }
        let negated = condition.base.isNegated
        let holds: Bool
        switch condition.qualifier {
        case nil, .forAnyValue?:
            holds = negated ? (condition.qualifier == nil ? !requestValues.contains(where: positiveMatch)
                                                          : requestValues.contains { !positiveMatch($0) })
                            : requestValues.contains(where: positiveMatch)
        case .forAllValues?:
            holds = negated ? requestValues.allSatisfy { !positiveMatch($0) } : requestValues.allSatisfy(positiveMatch)
        }
        let shown = requestValues.count == 1 ? quote(requestValues[0]) : "[" + requestValues.map(quote).joined(separator: ", ") + "]"
        let wanted = policyValues.count == 1 ? quote(policyValues[0]) : "[" + policyValues.map(quote).joined(separator: ", ") + "]"
        let relation = holds ? "satisfied by" : "not satisfied by"
        return (holds, "\(name) \(wanted): \(relation) the request's \(shown)")
    }

    static func quote(_ s: String) -> String { "\"\(s)\"" }

    /// The positive form of an operator on one pair of values (StringNotEquals tests equality; the
    /// caller negates).
    static func test(_ op: ConditionOperator, request: String, policy raw: String, version: PolicyVersion,
                     context: [String: [String]]) -> Bool {
        switch op {
        case .stringEquals, .stringNotEquals:
            return literal(raw, version, context).map { $0 == request } ?? false
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            return literal(raw, version, context).map { $0.lowercased() == request.lowercased() } ?? false
        case .stringLike, .stringNotLike:
            return PolicyPattern(raw, version: version, context: context)?.matches(request) ?? false
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            // IAM treats ArnEquals like ArnLike: wildcards allowed, each ARN segment matched on its own.
            guard ARN(request) != nil else { return false }
            return PolicyPattern(raw, version: version, context: context)?.matches(request, arnSegments: true) ?? false
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals,
             .numericGreaterThan, .numericGreaterThanEquals:
            guard let r = Double(request), let p = literal(raw, version, context).flatMap({ Double($0) }) else { return false }
            return compare(op, r, p)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let r = date(request), let p = literal(raw, version, context).flatMap(date) else { return false }
            return compare(op, r, p)
        case .bool:
            return literal(raw, version, context).map { $0.lowercased() == request.lowercased() } ?? false
        case .binaryEquals:
            return literal(raw, version, context).map { $0 == request } ?? false
        case .ipAddress, .notIpAddress:
            guard let address = IPv4Address(request) ?? IPv4CIDR(request)?.network else { return false }
            guard let block = IPv4CIDR(raw) ?? IPv4Address(raw).map({ IPv4CIDR(network: $0, prefixLength: 32) }) else { return false }
            return block.contains(address)
        case .null:
            return false
        }
    }

    /// A policy value with variables resolved and no wildcards; nil when a variable has no value.
    static func literal(_ raw: String, _ version: PolicyVersion, _ context: [String: [String]]) -> String? {
        guard let pattern = PolicyPattern(raw, version: version, context: context, wildcards: false) else { return nil }
        return String(pattern.tokens.compactMap { if case .literal(let c) = $0 { return c } else { return nil } })
    }

    static func compare(_ op: ConditionOperator, _ r: Double, _ p: Double) -> Bool {
        switch op {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: return r == p
        case .numericLessThan, .dateLessThan: return r < p
        case .numericLessThanEquals, .dateLessThanEquals: return r <= p
        case .numericGreaterThan, .dateGreaterThan: return r > p
        case .numericGreaterThanEquals, .dateGreaterThanEquals: return r >= p
        default: return false
        }
    }

    /// A date as seconds since 1970: epoch seconds, or ISO 8601 (`2026-01-31T12:00:00Z`, `2026-01-31`).
    static func date(_ text: String) -> Double? {
        if let epoch = Double(text) { return epoch }
        let formatter = ISO8601DateFormatter()
        if let d = formatter.date(from: text) { return d.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return d.timeIntervalSince1970 }
        formatter.formatOptions = [.withFullDate]
        if let d = formatter.date(from: text) { return d.timeIntervalSince1970 }
        return nil
    }
}
