/// The four parts of a statement a request must match for the statement to apply.
public enum StatementPart: String, CaseIterable, Hashable, Sendable {
    case principal, action, resource, condition
}

/// Whether one part of a statement matched the request, and why, for the explanation and the view.
public struct PartMatch: Hashable, Sendable {
    public var part: StatementPart
    public var matched: Bool
    /// A sentence: `action "s3:GetObject" matches "s3:*"`, `resource … is not in [...]`.
    public var reason: String

    public init(part: StatementPart, matched: Bool, reason: String) {
        self.part = part
        self.matched = matched
        self.reason = reason
    }
}

/// One statement checked against a request.
public struct StatementEvaluation: Hashable, Sendable {
    public var statement: PolicyStatement
    /// Principal, action, resource and condition, in that order.
    public var parts: [PartMatch]
    /// How close a miss came inside the parts that failed (shared prefix length): ranks ties.
    var nearness: Int

    /// Whether every part matched: the statement applies to the request.
    public var applies: Bool { parts.allSatisfy(\.matched) }
    /// How many of the four parts matched.
    public var matchedCount: Int { parts.filter(\.matched).count }
    /// The parts that did not match.
    public var failures: [PartMatch] { parts.filter { !$0.matched } }
}

/// What a policy says about a request.
public enum Decision: Hashable, Sendable {
    /// An Allow statement applies and no Deny does.
    case allow(StatementEvaluation)
    /// A Deny statement applies: it wins over any Allow.
    case explicitDeny(StatementEvaluation)
    /// No statement applies. `closest` are the Allow statements ranked by how many parts matched.
    case implicitDeny(closest: [StatementEvaluation])

    public var isAllowed: Bool { if case .allow = self { return true }; return false }

    /// The statement that decided, if one did.
    public var decidingStatement: StatementEvaluation? {
        switch self {
        case .allow(let e), .explicitDeny(let e): return e
        case .implicitDeny: return nil
        }
    }

    /// `ALLOW`, `DENY (explicit)`, `DENY (implicit)`.
    public var word: String {
        switch self {
        case .allow: return "ALLOW"
        case .explicitDeny: return "DENY"
        case .implicitDeny: return "DENY"
        }
    }
}

/// A policy's answer to a request, with every statement's match details.
public struct PolicyEvaluation: Hashable, Sendable {
    public var document: PolicyDocument
    public var request: PolicyRequest
    public var decision: Decision
    /// Every statement in document order.
    public var statements: [StatementEvaluation]

    /// One line: `ALLOW (statement 2 "AllowECRBuckets")` or `DENY (implicit: no statement allows s3:GetObject on …)`.
    public var summary: String {
        switch decision {
        case .allow(let e): return "ALLOW (\(e.statement.label))"
        case .explicitDeny(let e): return "DENY (explicit: \(e.statement.label))"
        case .implicitDeny:
            return "DENY (implicit: no statement allows \(request.action) on \(request.resource))"
        }
    }
}

/// Evaluates a policy like IAM: an explicit Deny wins, then any Allow, else the request is implicitly denied.
public enum PolicyEvaluator {
    /// The policy's decision on a request.
    public static func evaluate(_ document: PolicyDocument, _ request: PolicyRequest) -> PolicyEvaluation {
        let context = request.effectiveContext
        let evaluations = document.statements.map { evaluate($0, request: request, context: context, version: document.version) }
        let decision: Decision
        if let deny = evaluations.first(where: { $0.applies && $0.statement.effect == .deny }) {
            decision = .explicitDeny(deny)
        } else if let allow = evaluations.first(where: { $0.applies && $0.statement.effect == .allow }) {
            decision = .allow(allow)
        } else {
            let ranked = evaluations.filter { $0.statement.effect == .allow }.enumerated().sorted { a, b in
                if a.element.matchedCount != b.element.matchedCount { return a.element.matchedCount > b.element.matchedCount }
                if a.element.nearness != b.element.nearness { return a.element.nearness > b.element.nearness }
                return a.offset < b.offset
            }.map(\.element)
            decision = .implicitDeny(closest: ranked)
        }
        return PolicyEvaluation(document: document, request: request, decision: decision, statements: evaluations)
    }

    /// One statement against a request.
    public static func evaluate(_ statement: PolicyStatement, request: PolicyRequest, version: PolicyVersion) -> StatementEvaluation {
        evaluate(statement, request: request, context: request.effectiveContext, version: version)
    }

    static func evaluate(_ statement: PolicyStatement, request: PolicyRequest, context: [String: [String]],
                         version: PolicyVersion) -> StatementEvaluation {
        var nearness = 0
        var parts: [PartMatch] = []
        parts.append(principalMatch(statement.principal, request.principal))

        let action = listMatch(statement.action, subject: request.action, what: "action", caseInsensitive: true,
                               arnSegments: false, version: .v2008, context: context) // no variables in actions
        parts.append(action.match)
        if !action.match.matched { nearness += action.nearness }

        if let resource = statement.resource {
            let r = listMatch(resource, subject: request.resource, what: "resource", caseInsensitive: false,
                              arnSegments: true, version: version, context: context)
            parts.append(r.match)
            if !r.match.matched { nearness += r.nearness }
        } else {
            parts.append(PartMatch(part: .resource, matched: true, reason: "no Resource element: every resource"))
        }

        parts.append(conditionMatch(statement.conditions, context: context, version: version))
        return StatementEvaluation(statement: statement, parts: parts, nearness: nearness)
    }

    static func listMatch(_ list: PatternList, subject: String, what: String, caseInsensitive: Bool, arnSegments: Bool,
                          version: PolicyVersion, context: [String: [String]]) -> (match: PartMatch, nearness: Int) {
        var hit: String?
        var nearness = 0
        for raw in list.patterns {
            guard let pattern = PolicyPattern(raw, version: version, context: context) else { continue }
            if pattern.matches(subject, caseInsensitive: caseInsensitive, arnSegments: arnSegments) {
                hit = raw
                break
            }
            nearness = max(nearness, pattern.sharedPrefix(with: subject, caseInsensitive: caseInsensitive))
        }
        let element = (list.negated ? "Not" : "") + what.prefix(1).uppercased() + what.dropFirst()
        let shown = "\"\(subject)\""
        let listed = list.patterns.count == 1 ? "\"\(list.patterns[0])\"" : "[" + list.patterns.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        if list.negated {
            if let hit {
                return (PartMatch(part: what == "action" ? .action : .resource, matched: false,
                                  reason: "\(what) \(shown) is excluded by \(element) \"\(hit)\""), 0)
            }
            return (PartMatch(part: what == "action" ? .action : .resource, matched: true,
                              reason: "\(what) \(shown) is not in \(element) \(listed)"), 0)
        }
        if let hit {
            return (PartMatch(part: what == "action" ? .action : .resource, matched: true,
                              reason: "\(what) \(shown) matches \"\(hit)\""), 0)
        }
        return (PartMatch(part: what == "action" ? .action : .resource, matched: false,
                          reason: "\(what) \(shown) is not in \(element) \(listed)"), nearness)
    }

    static func conditionMatch(_ conditions: [PolicyCondition], context: [String: [String]], version: PolicyVersion) -> PartMatch {
        guard !conditions.isEmpty else { return PartMatch(part: .condition, matched: true, reason: "no Condition") }
        var reasons: [String] = []
        for c in conditions {
            let (holds, reason) = ConditionEvaluator.evaluate(c, context: context, version: version)
            if !holds { return PartMatch(part: .condition, matched: false, reason: "condition fails: " + reason) }
            reasons.append(reason)
        }
        return PartMatch(part: .condition, matched: true, reason: "conditions hold: " + reasons.joined(separator: "; "))
    }

    static func principalMatch(_ element: PrincipalElement?, _ principal: String?) -> PartMatch {
        guard let element else {
            return PartMatch(part: .principal, matched: true, reason: "no Principal element: applies to the caller")
        }
        let who = principal.map { "\"\($0)\"" } ?? "the caller"
        guard let ids = element.ids else {
            return element.negated
                ? PartMatch(part: .principal, matched: false, reason: "NotPrincipal \"*\" excludes every caller")
                : PartMatch(part: .principal, matched: true, reason: "Principal \"*\": any caller")
        }
        let hit = ids.first { principalMatches($0, principal) }
        let listed = ids.map { "\($0.kind) \"\($0.value)\"" }.joined(separator: ", ")
        if element.negated {
            if let hit { return PartMatch(part: .principal, matched: false, reason: "\(who) is excluded by NotPrincipal \(hit.kind) \"\(hit.value)\"") }
            return PartMatch(part: .principal, matched: true, reason: "\(who) is not in NotPrincipal [\(listed)]")
        }
        if let hit { return PartMatch(part: .principal, matched: true, reason: "\(who) matches Principal \(hit.kind) \"\(hit.value)\"") }
        if principal == nil {
            return PartMatch(part: .principal, matched: false, reason: "the request names no principal; this statement is only for [\(listed)]")
        }
        return PartMatch(part: .principal, matched: false, reason: "\(who) is not in Principal [\(listed)]")
    }

    /// Whether a named principal covers the caller. An account ID (or its `:root` ARN) covers every
    /// principal of that account; a role ARN covers its assumed-role sessions.
    static func principalMatches(_ id: PrincipalID, _ principal: String?) -> Bool {
        if id.kind == "AWS" && id.value == "*" { return true }
        guard let principal, !principal.isEmpty else { return false }
        switch id.kind {
        case "AWS":
            if PolicyRequest.isAccountID(id.value) { return PolicyRequest.account(of: principal) == id.value }
            if let arn = ARN(id.value), arn.service == "iam", arn.resource == "root" {
                return PolicyRequest.account(of: principal) == arn.account
            }
            guard let pattern = PolicyPattern(id.value, version: .v2008, context: [:]) else { return false }
            if pattern.matches(principal, arnSegments: true) { return true }
            // arn:aws:sts::A:assumed-role/R/session is a session of arn:aws:iam::A:role/R.
            if let caller = ARN(principal), caller.service == "sts", caller.resource.hasPrefix("assumed-role/") {
                let pieces = caller.resource.split(separator: "/")
                if pieces.count >= 2 {
                    let role = "arn:\(caller.partition):iam::\(caller.account):role/\(pieces[1])"
                    return pattern.matches(role, arnSegments: true)
                }
            }
            return false
        case "Service":
            return id.value.lowercased() == principal.lowercased()
        default:
            return id.value == principal
        }
    }
}
