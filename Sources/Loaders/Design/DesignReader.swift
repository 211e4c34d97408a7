import JSONText
import Model
import Yams

/// Typed, located reads of a design file's YAML nodes. Every mistake is a `LoadError` at the node
/// that holds it (`file:line:col`), an unknown key comes with the nearest known one, and every node
/// read counts against a budget, so aliases (`*a`) that multiply a small file into millions of nodes
/// end in an error instead of a long walk.
struct DesignReader {
    let path: String
    /// Nodes that may still be read; YAML aliases share nodes, so a file can stand for far more than its size.
    var budget: Int

    /// More nodes than a hand-drawn network has by orders of magnitude (a /16 in /28s is 4,096 subnets).
    static let nodeBudget = 200_000

    init(path: String, budget: Int = DesignReader.nodeBudget) {
        self.path = path
        self.budget = budget
    }

    func fail(_ node: Node?, _ message: String) -> LoadError {
        LoadError(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    mutating func spend(_ node: Node, _ count: Int = 1) throws(LoadError) {
        budget -= count
        if budget < 0 {
            throw fail(node, "the design is larger than vpcx reads (more than \(Self.nodeBudget) values, counting what YAML aliases repeat)")
        }
    }

    /// What a node is, for "found ..." in messages.
    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(TextSafety.shown(s.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A mapping's entries by key, refusing unknown and repeated keys. `context` names the object
    /// in messages (`vpc main-vpc`); `keys` are the keys it takes, in the schema's order.
    mutating func fields(_ node: Node, _ context: String, keys: [String]) throws(LoadError) -> DesignFields {
        guard case .mapping(let mapping) = node else {
            throw fail(node, "\(context) is a mapping with keys \(keys.joined(separator: ", ")), found \(Self.kind(node))")
        }
        try spend(node, mapping.count)
        var fields = DesignFields(node: node)
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else { throw fail(keyNode, "\(context): keys are plain words") }
            let key = scalar.string
            guard keys.contains(key) else {
                let hint = Spelling.suggestion(for: key, among: keys).map { "; did you mean '\($0)'?" } ?? " (keys: \(keys.joined(separator: ", ")))"
                throw fail(keyNode, "\(context): unknown key '\(TextSafety.shown(key))'\(hint)")
            }
            guard fields.values[key] == nil else { throw fail(keyNode, "\(context): '\(key)' is given twice") }
            fields.values[key] = value
            fields.keyNodes[key] = keyNode
        }
        return fields
    }

    /// The scalar under `key` of a mapping, before its keys are checked: names the object in messages
    /// about its other keys (`VPC main-vpc: unknown key 'subnet'`).
    static func peek(_ node: Node, _ key: String) -> String? {
        guard case .mapping(let mapping) = node else { return nil }
        for (k, v) in mapping where k.string == key {
            if case .scalar(let s) = v, !s.string.isEmpty { return TextSafety.shown(s.string) }
        }
        return nil
    }

    /// A name looked up among the names of one kind (`tier or subnet`), or an error at it with the nearest one.
    func lookup<T>(_ node: Node, _ what: String, in table: [String: T], _ context: String) throws(LoadError) -> T {
        let name = try self.name(node, "\(context): a \(what)")
        if let found = table[name] { return found }
        let known = table.keys.sorted()
        let hint = Spelling.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" } ?? " (\(what)s: \(known.joined(separator: ", ")))"
        throw fail(node, "\(context): no \(what) '\(TextSafety.shown(name))'\(hint)")
    }

    mutating func list(_ node: Node, _ what: String) throws(LoadError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw fail(node, "\(what) is a list, found \(Self.kind(node))") }
        try spend(node, sequence.count)
        return Array(sequence)
    }

    /// A list, or one value standing for a list of one (`subnets: private`).
    mutating func listOrOne(_ node: Node, _ what: String) throws(LoadError) -> [Node] {
        if case .sequence = node { return try list(node, what) }
        return [node]
    }

    func string(_ node: Node, _ what: String) throws(LoadError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty || scalar.style != .plain else {
            throw fail(node, "\(what) is a single value, found \(Self.kind(node))")
        }
        return scalar.string
    }

    /// A name people gave something: non-empty, one line (it becomes a Name tag and a Terraform name).
    func name(_ node: Node, _ what: String) throws(LoadError) -> String {
        let text = try string(node, what)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(node, "\(what) is empty") }
        return text
    }

    func bool(_ node: Node, _ what: String) throws(LoadError) -> Bool {
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) is true or false, found \(Self.kind(node))") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, "\(what) is true or false, not '\(TextSafety.shown(scalar.string))'")
        }
    }

    func int(_ node: Node, _ what: String, _ range: ClosedRange<Int>) throws(LoadError) -> Int {
        guard case .scalar(let scalar) = node, let n = Int(scalar.string) else {
            throw fail(node, "\(what) is a whole number, found \(Self.kind(node))")
        }
        guard range.contains(n) else { throw fail(node, "\(what) is \(n); it must be from \(range.lowerBound) to \(range.upperBound)") }
        return n
    }

    /// An IPv4 CIDR block with no host bits set (`10.0.1.5/24` is a typo for some block, not a block).
    func cidr(_ node: Node, _ what: String) throws(LoadError) -> IPv4CIDR {
        let text = try string(node, what)
        guard let block = IPv4CIDR(text) else {
            throw fail(node, "\(what) '\(TextSafety.shown(text))' is not an IPv4 CIDR block such as 10.0.0.0/16")
        }
        guard block.description == text else {
            throw fail(node, "\(what) '\(TextSafety.shown(text))' has host bits set; the block is \(block)")
        }
        return block
    }

    /// One of a few words (`nat: per_az`), with the nearest one suggested.
    func word(_ node: Node, _ what: String, _ choices: [String]) throws(LoadError) -> String {
        let text = try string(node, what)
        guard choices.contains(text) else {
            let hint = Spelling.suggestion(for: text, among: choices).map { "; did you mean '\($0)'?" } ?? ""
            throw fail(node, "\(what) is one of \(choices.joined(separator: ", ")), not '\(TextSafety.shown(text))'\(hint)")
        }
        return text
    }

    /// A string map (`tags: {Environment: prod}`), in the file's order.
    mutating func tags(_ node: Node, _ what: String) throws(LoadError) -> [Model.Tag] {
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) is a mapping of tag keys to values, found \(Self.kind(node))") }
        try spend(node, mapping.count)
        var tags: [Model.Tag] = []
        for (keyNode, value) in mapping {
            let key = try string(keyNode, "a tag key")
            guard key != "Name" else { throw fail(keyNode, "\(what): the Name tag is the design's name for it; give it as name") }
            guard !tags.contains(where: { $0.key == key }) else { throw fail(keyNode, "\(what): tag '\(TextSafety.shown(key))' is given twice") }
            tags.append(Model.Tag(key: key, value: try string(value, "tag \(key)")))
        }
        return tags
    }

    /// A policy given inline as YAML (or JSON, which is YAML) turned into the JSON text endpoints carry,
    /// or a string holding JSON. Bounded by AWS's limit for an endpoint policy.
    mutating func policy(_ node: Node) throws(LoadError) -> String {
        var text: String
        if case .scalar(let scalar) = node {
            text = scalar.string
            do {
                _ = try JSONValue.parse(Array(text.utf8))
            } catch {
                throw fail(node, "policy is a JSON document or a YAML mapping; this text is not JSON (\(error))")
            }
        } else {
            guard case .mapping = node else { throw fail(node, "policy is a mapping (Version, Statement) or JSON text, found \(Self.kind(node))") }
            text = ""
            try json(node, into: &text)
        }
        guard text.utf8.count <= Self.policyLimit else {
            throw fail(node, "policy is \(text.utf8.count) characters; AWS takes at most \(Self.policyLimit) for an endpoint policy")
        }
        return text
    }

    /// AWS's limit on a VPC endpoint policy document.
    static let policyLimit = 20_480

    private mutating func json(_ node: Node, into out: inout String) throws(LoadError) {
        try spend(node)
        if out.utf8.count > Self.policyLimit {
            throw fail(node, "policy is longer than the \(Self.policyLimit) characters AWS takes for an endpoint policy")
        }
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if scalar.style == .plain {
                if ["true", "false", "null"].contains(text) { out += text; return }
                if let n = Int(text), String(n) == text { out += text; return }
            }
            out += JSONValue.quote(text)
        case .mapping(let mapping):
            out += "{"
            for (i, (key, value)) in mapping.enumerated() {
                if i > 0 { out += ", " }
                out += JSONValue.quote(try string(key, "a policy key"))
                out += ": "
                try json(value, into: &out)
            }
            out += "}"
        case .sequence(let sequence):
            out += "["
            for (i, item) in sequence.enumerated() {
                if i > 0 { out += ", " }
                try json(item, into: &out)
            }
            out += "]"
        }
    }
}

/// A mapping's values by key, with the mapping and key nodes kept for locating errors.
struct DesignFields {
    let node: Node
    var values: [String: Node] = [:]
    var keyNodes: [String: Node] = [:]

    subscript(_ key: String) -> Node? { values[key] }

    /// A key the object cannot do without.
    func required(_ key: String, _ context: String, _ reader: DesignReader, hint: String = "") throws(LoadError) -> Node {
        guard let value = values[key] else { throw reader.fail(node, "\(context) needs \(key)\(hint.isEmpty ? "" : " (\(hint))")") }
        return value
    }
}

/// Text from the file shown in a message: one line, no control characters, not endless.
enum TextSafety {
    static func shown(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(80) {
            switch scalar.properties.generalCategory {
            // Controls, bidi overrides and line separators: what could end a message's line or turn it around.
            case .control, .format, .lineSeparator, .paragraphSeparator: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out) + (text.unicodeScalars.count > 80 ? "…" : "")
    }
}

/// "Did you mean": the nearest word by edit distance, when it is near enough to be a slip.
enum Spelling {
    static func suggestion(for word: String, among choices: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (String, Int)?
        for choice in choices {
            let d = distance(lowered, choice.lowercased())
            if d < (best?.1 ?? Int.max) { best = (choice, d) }
        }
        guard let (choice, d) = best else { return nil }
        let allowed = max(1, min(3, choice.count / 3))
        return d <= allowed || choice.hasPrefix(lowered) && lowered.count >= 3 ? choice : nil
    }

    /// Levenshtein distance over characters (words here are short: keys, services, zones).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(64)), b = Array(b.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
