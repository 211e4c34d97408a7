import JSONText
/// Reads a policy tree into a `PolicyDocument`, refusing what IAM would refuse, with the position
/// of the offending value. Shapes accepted as AWS accepts them: `Statement` as one object or a list;
/// `Action`, `Resource`, principal lists as a string or a list.
enum PolicyParser {
    static var maximumStatements: Int { PolicyDocument.maximumStatements }

    static let documentKeys: Set<String> = ["Version", "Id", "Statement"]
    static let statementKeys: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]
    static let principalKinds = ["AWS", "Service", "Federated", "CanonicalUser"]

    static func document(_ tree: LocatedJSON) throws(PolicyError) -> PolicyDocument {
        guard let members = tree.members else {
            throw PolicyError(position: tree.position, message: "a policy must be a JSON object, found \(tree.typeName)")
        }
        for m in members where !documentKeys.contains(m.key) {
            throw PolicyError(position: m.value.position,
                              message: "unknown policy element '\(m.key)' (expected Version, Id or Statement)")
        }
        var version = PolicyVersion.v2008 // IAM's default when Version is absent
        if let v = tree["Version"] {
            guard let text = v.string, let parsed = PolicyVersion(rawValue: text) else {
                throw PolicyError(position: v.position, message: "Version must be \"2012-10-17\" or \"2008-10-17\"")
            }
            version = parsed
        }
        var id: String?
        if let v = tree["Id"] {
            guard let text = v.string else { throw PolicyError(position: v.position, message: "Id must be a string") }
            id = text
        }
        guard let statementNode = tree["Statement"] else {
            throw PolicyError(position: tree.position, message: "the policy has no Statement")
        }
        let nodes: [LocatedJSON]
        switch statementNode.kind {
        case .array(let items): nodes = items
        case .object: nodes = [statementNode]
        default:
            throw PolicyError(position: statementNode.position,
                              message: "Statement must be an object or a list of objects, found \(statementNode.typeName)")
        }
        if nodes.count > maximumStatements {
            throw PolicyError(position: nodes[maximumStatements].position,
                              message: "Statement \(maximumStatements + 1): a policy may have at most \(maximumStatements) statements "
                                  + "(this one has \(nodes.count)); AWS's own size limits allow a few hundred")
        }
        var statements: [PolicyStatement] = []
        statements.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() {
            statements.append(try statement(node, index: i + 1))
        }
        return PolicyDocument(version: version, id: id, statements: statements, json: tree.value)
    }

    static func statement(_ node: LocatedJSON, index: Int) throws(PolicyError) -> PolicyStatement {
        let name = "Statement \(index)"
        guard let members = node.members else {
            throw PolicyError(position: node.position, message: "\(name) must be an object, found \(node.typeName)")
        }
        for m in members where !statementKeys.contains(m.key) {
            throw PolicyError(position: m.value.position, message: "\(name): unknown element '\(m.key)'")
        }
        var sid: String?
        if let v = node["Sid"] {
            guard let text = v.string else { throw PolicyError(position: v.position, message: "\(name): Sid must be a string") }
            sid = text
        }
        guard let effectNode = node["Effect"] else {
            throw PolicyError(position: node.position, message: "\(name) has no Effect (Allow or Deny)")
        }
        guard let effectText = effectNode.string, let effect = PolicyEffect(rawValue: effectText) else {
            throw PolicyError(position: effectNode.position, message: "\(name): Effect must be Allow or Deny")
        }
        let principal = try principalElement(node, name: name)
        guard let action = try patternList(node, positive: "Action", negative: "NotAction", name: name) else {
            throw PolicyError(position: node.position, message: "\(name) has no Action or NotAction")
        }
        let resource = try patternList(node, positive: "Resource", negative: "NotResource", name: name)
        var conditions: [PolicyCondition] = []
        if let c = node["Condition"] { conditions = try conditionBlock(c, name: name) }
        return PolicyStatement(sid: sid, index: index, effect: effect, principal: principal, action: action,
                               resource: resource, conditions: conditions, position: node.position)
    }

    static func patternList(_ node: LocatedJSON, positive: String, negative: String,
                            name: String) throws(PolicyError) -> PatternList? {
        let p = node[positive], n = node[negative]
        if p != nil && n != nil, let n {
            throw PolicyError(position: n.position, message: "\(name) has both \(positive) and \(negative); use one")
        }
        guard let element = p ?? n else { return nil }
        let label = p != nil ? positive : negative
        return PatternList(negated: p == nil, patterns: try strings(element, what: "\(name): \(label)"))
    }

    /// A string or a list of strings.
    static func strings(_ node: LocatedJSON, what: String) throws(PolicyError) -> [String] {
        switch node.kind {
        case .string(let s): return [s]
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard let s = item.string else {
                    throw PolicyError(position: item.position, message: "\(what) must be a string or a list of strings, found \(item.typeName)")
                }
                out.append(s)
            }
            return out
        default:
            throw PolicyError(position: node.position, message: "\(what) must be a string or a list of strings, found \(node.typeName)")
        }
    }

    static func principalElement(_ node: LocatedJSON, name: String) throws(PolicyError) -> PrincipalElement? {
        let p = node["Principal"], n = node["NotPrincipal"]
        if p != nil && n != nil, let n {
            throw PolicyError(position: n.position, message: "\(name) has both Principal and NotPrincipal; use one")
        }
        guard let element = p ?? n else { return nil }
        let label = p != nil ? "Principal" : "NotPrincipal"
        let negated = p == nil
        switch element.kind {
        case .string(let s):
            guard s == "*" else {
                throw PolicyError(position: element.position,
                                  message: "\(name): \(label) must be \"*\" or an object such as {\"AWS\": \"123456789012\"}")
            }
            return PrincipalElement(negated: negated, ids: nil)
        case .object(let members):
            var ids: [PrincipalID] = []
            for m in members {
                guard principalKinds.contains(m.key) else {
                    throw PolicyError(position: m.value.position,
                                      message: "\(name): unknown principal type '\(m.key)' (expected AWS, Service, Federated or CanonicalUser)")
                }
                for value in try strings(m.value, what: "\(name): \(label) \(m.key)") {
                    ids.append(PrincipalID(kind: m.key, value: value))
                }
            }
            return PrincipalElement(negated: negated, ids: ids)
        default:
            throw PolicyError(position: element.position,
                              message: "\(name): \(label) must be \"*\" or an object such as {\"AWS\": \"123456789012\"}, found \(element.typeName)")
        }
    }

    static func conditionBlock(_ node: LocatedJSON, name: String) throws(PolicyError) -> [PolicyCondition] {
        guard let operators = node.members else {
            throw PolicyError(position: node.position, message: "\(name): Condition must be an object of operators, found \(node.typeName)")
        }
        var out: [PolicyCondition] = []
        for op in operators {
            guard let parsed = ConditionOperator.parse(op.key) else {
                throw PolicyError(position: op.value.position, message: "\(name): unknown condition operator '\(op.key)'")
            }
            guard let keys = op.value.members else {
                throw PolicyError(position: op.value.position,
                                  message: "\(name): \(op.key) must map condition keys to values, found \(op.value.typeName)")
            }
            for key in keys {
                let values = try conditionValues(key.value, what: "\(name): \(op.key) \(key.key)")
                if parsed.base == .null, let bad = values.first(where: { $0.lowercased() != "true" && $0.lowercased() != "false" }) {
                    throw PolicyError(position: key.value.position, message: "\(name): Null takes true or false, found \"\(bad)\"")
                }
                out.append(PolicyCondition(operatorName: op.key, base: parsed.base, qualifier: parsed.qualifier,
                                           ifExists: parsed.ifExists, key: key.key, values: values, position: key.value.position))
            }
        }
        return out
    }

    /// A condition value: a string, number or boolean, or a list of them.
    static func conditionValues(_ node: LocatedJSON, what: String) throws(PolicyError) -> [String] {
        func scalar(_ n: LocatedJSON) throws(PolicyError) -> String {
            switch n.kind {
            case .string(let s): return s
            case .number(let s): return s
            case .bool(let b): return b ? "true" : "false"
            default:
                throw PolicyError(position: n.position, message: "\(what) must be a string, number or boolean (or a list of them), found \(n.typeName)")
            }
        }
        if case .array(let items) = node.kind {
            var out: [String] = []
            for item in items { out.append(try scalar(item)) }
            return out
        }
        return [try scalar(node)]
    }
}
