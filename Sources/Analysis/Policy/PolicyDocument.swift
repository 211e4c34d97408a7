import JSONText

/// Why a policy could not be read: a message in the author's terms and, when the policy came as
/// text, where in it (`3:17: Statement 2: Effect must be Allow or Deny`).
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var position: SourcePosition?
    public var message: String

    public init(position: SourcePosition?, message: String) {
        self.position = position
        self.message = message
    }

    /// `line:col: message`, or only the message when there is no position.
    public var description: String { position.map { "\($0): \(message)" } ?? message }
}

/// The policy language version. Policy variables (`${aws:username}`) exist only in 2012-10-17;
/// in 2008-10-17 the same text is literal.
public enum PolicyVersion: String, Hashable, Sendable {
    case v2008 = "2008-10-17"
    case v2012 = "2012-10-17"
}

/// Allow or Deny.
public enum PolicyEffect: String, Hashable, Sendable {
    case allow = "Allow"
    case deny = "Deny"
}

/// A list of patterns that a value must match (`Action`, `Resource`) or must not match (`NotAction`, `NotResource`).
public struct PatternList: Hashable, Sendable {
    /// True for the `Not…` form.
    public var negated: Bool
    public var patterns: [String]

    public init(negated: Bool, patterns: [String]) {
        self.negated = negated
        self.patterns = patterns
    }

    /// Whether the list contains the bare `*`.
    public var containsWildcardAll: Bool { patterns.contains("*") }
}

/// One principal named in a `Principal` element: `{"AWS": "123456789012"}` is `.init(kind: "AWS", value: "123456789012")`.
public struct PrincipalID: Hashable, Sendable {
    /// `AWS`, `Service`, `Federated` or `CanonicalUser`.
    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// A statement's `Principal` or `NotPrincipal`.
public struct PrincipalElement: Hashable, Sendable {
    /// True for `NotPrincipal`.
    public var negated: Bool
    /// Nil for `"*"`: every principal, anonymous callers included.
    public var ids: [PrincipalID]?

    public init(negated: Bool, ids: [PrincipalID]?) {
        self.negated = negated
        self.ids = ids
    }

    /// Whether this is `"*"` or `{"AWS": "*"}`.
    public var isEveryone: Bool {
        guard !negated else { return false }
        guard let ids else { return true }
        return ids.contains { $0.kind == "AWS" && $0.value == "*" }
    }
}

/// A set operator on a condition over a multi-valued key.
public enum ConditionQualifier: String, Hashable, Sendable {
    case forAnyValue = "ForAnyValue"
    case forAllValues = "ForAllValues"
}

/// One test inside `Condition`: an operator, one key and the policy's values for it.
/// `{"StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}}` is one condition with two values.
public struct PolicyCondition: Hashable, Sendable {
    /// The operator as written (`ForAnyValue:StringLikeIfExists`).
    public var operatorName: String
    public var base: ConditionOperator
    public var qualifier: ConditionQualifier?
    public var ifExists: Bool
    public var key: String
    /// The values as text: booleans as `true`/`false`, numbers as written.
    public var values: [String]
    public var position: SourcePosition?

    public init(operatorName: String, base: ConditionOperator, qualifier: ConditionQualifier?, ifExists: Bool,
                key: String, values: [String], position: SourcePosition? = nil) {
        self.operatorName = operatorName
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
        self.key = key
        self.values = values
        self.position = position
    }
}

/// One statement of a policy.
public struct PolicyStatement: Hashable, Sendable {
    public var sid: String?
    /// 1-based, in document order: "statement 2" is the second.
    public var index: Int
    public var effect: PolicyEffect
    /// Nil when the statement has no Principal element (IAM identity policies): it applies to the caller.
    public var principal: PrincipalElement?
    public var action: PatternList
    /// Nil when the statement has neither Resource nor NotResource: it applies to every resource.
    public var resource: PatternList?
    public var conditions: [PolicyCondition]
    /// Where the statement's object starts in the policy text.
    public var position: SourcePosition?

    public init(sid: String?, index: Int, effect: PolicyEffect, principal: PrincipalElement?, action: PatternList,
                resource: PatternList?, conditions: [PolicyCondition] = [], position: SourcePosition? = nil) {
        self.sid = sid
        self.index = index
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
        self.position = position
    }

    /// `statement 2 "AllowECRBuckets"`, or `statement 2` without a Sid.
    public var label: String {
        guard let sid, !sid.isEmpty else { return "statement \(index)" }
        return "statement \(index) \"\(sid)\""
    }

    /// Whether this statement grants everything to everyone: Allow, any principal, `*` on `*`, no condition.
    public var allowsEverything: Bool {
        effect == .allow && (principal?.isEveryone ?? true)
            && !action.negated && action.containsWildcardAll
            && (resource.map { !$0.negated && $0.containsWildcardAll } ?? true)
            && conditions.isEmpty
    }
}

/// A parsed IAM-style policy: an endpoint policy or an IAM identity policy.
public struct PolicyDocument: Hashable, Sendable {
    public var version: PolicyVersion
    public var id: String?
    public var statements: [PolicyStatement]
    /// True for the policy AWS applies when an endpoint has none ("default policy").
    public var isDefault: Bool
    /// The document as a tree, for showing it pretty-printed.
    public var json: JSONValue

    public init(version: PolicyVersion, id: String? = nil, statements: [PolicyStatement], isDefault: Bool = false, json: JSONValue) {
        self.version = version
        self.id = id
        self.statements = statements
        self.isDefault = isDefault
        self.json = json
    }

    /// More statements than this is refused: AWS caps endpoint policies at 20 KB and IAM policies
    /// at 6 KB to 10 KB, so a policy past it is hostile or broken, and every evaluation walks them all.
    public static let maximumStatements = 10_000

    /// The policy's text of an endpoint without one: full access for everyone.
    public static let defaultPolicyText = #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#

    /// The policy AWS applies to an endpoint created without one.
    public static let defaultFullAccess: PolicyDocument = {
        let statement = PolicyStatement(sid: nil, index: 1, effect: .allow, principal: PrincipalElement(negated: false, ids: nil),
                                        action: PatternList(negated: false, patterns: ["*"]),
                                        resource: PatternList(negated: false, patterns: ["*"]))
        let json = JSONValue.object([("Statement", .array([.object([
            ("Effect", .string("Allow")), ("Principal", .string("*")), ("Action", .string("*")), ("Resource", .string("*")),
        ])]))])
        return PolicyDocument(version: .v2008, statements: [statement], isDefault: true, json: json)
    }()

    /// An endpoint's policy: its text parsed, or the default full-access policy when it has none.
    public static func forEndpoint(_ text: String?) throws(PolicyError) -> PolicyDocument {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return defaultFullAccess }
        return try parse(text)
    }

    /// Parses policy text, keeping positions for error messages.
    public static func parse(_ text: String) throws(PolicyError) -> PolicyDocument {
        let tree: LocatedJSON
        do {
            tree = try LocatedJSON.parse(text)
        } catch {
            throw PolicyError(position: SourcePosition(line: error.line, column: error.column),
                              message: "the policy is not valid JSON: \(error.message)")
        }
        return try PolicyParser.document(tree)
    }

    /// Parses a policy that came as a JSON object (no positions to report).
    public static func parse(_ value: JSONValue) throws(PolicyError) -> PolicyDocument {
        try PolicyParser.document(LocatedJSON(value))
    }

    /// Whether some statement allows something (a policy without one denies every request).
    public var hasAllow: Bool { statements.contains { $0.effect == .allow } }

    /// Whether the policy grants `*` on `*` to everyone and denies nothing: the default's effect.
    public var allowsEverything: Bool {
        statements.contains(where: \.allowsEverything) && !statements.contains { $0.effect == .deny }
    }
}
