/// A JSON document as a tree, for small inputs (policies, manifests, Terraform JSON) where the
/// whole shape matters. Object members keep their order and duplicates, as written.
public enum JSONValue: Hashable, Sendable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number with its text, so large integers and exact decimals survive.
    case number(String)
    case bool(Bool)
    case null

    /// Parses a whole document.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        do {
            return try JSONReader.withBytes(bytes) { reader in
                let value = try reader.readValue(depth: 0)
                try reader.expectEnd()
                return value
            }
        } catch let error as JSONError {
            throw error
        } catch {
            throw JSONError(offset: 0, line: 1, column: 1, message: "\(error)")
        }
    }

    /// Parses a whole document from text.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue { try parse(Array(text.utf8)) }

    /// The member of an object by key (the last one, as most JSON readers do).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [(key: String, value: JSONValue)]? { if case .object(let o) = self { return o }; return nil }
    public var doubleValue: Double? { if case .number(let n) = self { return Double(n) }; return nil }
    public var intValue: Int? { if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { Int(exactly: $0) } }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (Double(x) != nil && Double(x) == Double(y))
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .object(let members):
            hasher.combine(0)
            for m in members { hasher.combine(m.key); hasher.combine(m.value) }
        case .array(let items): hasher.combine(1); hasher.combine(items)
        case .string(let s): hasher.combine(2); hasher.combine(s)
        case .number(let n): hasher.combine(3); hasher.combine(Double(n))
        case .bool(let b): hasher.combine(4); hasher.combine(b)
        case .null: hasher.combine(5)
        }
    }

    /// Compact JSON text (members in their order).
    public var compactText: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Indented JSON text, two spaces a level: how the policy view shows a document.
    public var prettyText: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    func write(to out: inout String, indent: String?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (n: Int) -> String in String(repeating: indent ?? "", count: n) }
        switch self {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, m) in members.enumerated() {
                out += pad(level + 1) + JSONValue.quote(m.key) + (indent == nil ? ":" : ": ")
                m.value.write(to: &out, indent: indent, level: level + 1)
                out += (i < members.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case .string(let s): out += JSONValue.quote(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// A string as a JSON literal: quote, backslash and every control character escaped (DEL and the
    /// two Unicode line separators too), so text from inputs, or a terminal's bytes in a recording, stays
    /// one line and survives exactly.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONReader {
    /// Nesting deeper than this is refused: a hostile file must not overflow the stack.
    static let maximumDepth = 512

    /// Reads the next value as a tree.
    public mutating func readValue() throws(JSONError) -> JSONValue { try readValue(depth: 0) }

    mutating func readValue(depth: Int) throws(JSONError) -> JSONValue {
        if depth > JSONReader.maximumDepth { throw error("JSON nested more than \(JSONReader.maximumDepth) levels deep") }
        switch try peekKind() {
        case .object:
            try beginObject()
            var members: [(key: String, value: JSONValue)] = []
            while let key = try nextKey() {
                let name = key.text
                members.append((name, try readValue(depth: depth + 1)))
            }
            return .object(members)
        case .array:
            try beginArray()
            var items: [JSONValue] = []
            while try nextElement() { items.append(try readValue(depth: depth + 1)) }
            return .array(items)
        case .string: return .string(try readString())
        case .number: return .number(String(try readNumberText()))
        case .bool: return .bool(try readBool())
        case .null: try readNull(); return .null
        }
    }
}
