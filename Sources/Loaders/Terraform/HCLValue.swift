/// A value of the Terraform language, as the evaluator computes it.
public indirect enum HCLValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// A list or tuple (Terraform converts freely between them).
    case list([HCLValue])
    /// A set: unique elements, in Terraform's order (strings lexically).
    case set([HCLValue])
    /// A map or object; Terraform iterates keys in lexical order.
    case object([String: HCLValue])
    /// One instance of a resource: its configured attributes, and its address for the ones only known after apply.
    case instance(address: String, attributes: [String: HCLValue])
    /// A value that cannot be known before apply (or without AWS): its name says where it comes from
    /// (`data.aws_route_tables.private.ids`, `var.vpc_id`, `aws_vpc.main.arn`).
    case unknown(String)

    /// Whether the value is an unknown placeholder (at the top level).
    public var isUnknown: Bool { if case .unknown = self { return true } else { return false } }

    /// The first unknown inside the value, depth first, if any.
    public var firstUnknown: String? {
        switch self {
        case .unknown(let name): return name
        case .list(let items), .set(let items):
            for item in items { if let u = item.firstUnknown { return u } }
            return nil
        case .object(let map), .instance(_, let map):
            for key in map.keys.sorted() { if let u = map[key]?.firstUnknown { return u } }
            return nil
        default: return nil
        }
    }

    /// The elements of a list, tuple or set; nil for anything else.
    public var elements: [HCLValue]? {
        switch self {
        case .list(let items), .set(let items): return items
        default: return nil
        }
    }

    /// The attributes of an object, map or resource instance; nil for anything else.
    public var attributes: [String: HCLValue]? {
        switch self {
        case .object(let map), .instance(_, let map): return map
        default: return nil
        }
    }

    /// The string, when the value is one (numbers and bools convert, as Terraform does).
    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return HCLValue.format(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The number, when the value is one or a string that reads as one.
    public var numberValue: Double? {
        switch self {
        case .number(let n): return n
        case .string(let s): return Double(s.trimmingSpaces)
        default: return nil
        }
    }

    /// The bool, when the value is one or the string `true` / `false`.
    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: return nil
        }
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .set: return "set"
        case .object: return "object"
        case .instance: return "resource"
        case .unknown: return "unknown value"
        }
    }

    /// How the value reads inside an address (`"kms"` quoted, `0` bare).
    var referenceKey: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .number(let n): return HCLValue.format(n)
        default: return description
        }
    }

    /// A set from elements: duplicates removed, ordered as Terraform orders set elements.
    static func makeSet(_ items: [HCLValue]) -> HCLValue {
        var seen = Set<HCLValue>()
        var unique: [HCLValue] = []
        for item in items where seen.insert(item).inserted { unique.append(item) }
        if unique.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
            unique.sort { ($0.stringValue ?? "") < ($1.stringValue ?? "") }
        } else if unique.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            unique.sort { ($0.numberValue ?? 0) < ($1.numberValue ?? 0) }
        }
        return .set(unique)
    }

    /// Numbers as Terraform prints them: integers without a decimal point.
    static func format(_ n: Double) -> String {
        if n.isFinite, n == n.rounded(), abs(n) < 1e17 { return String(Int64(n)) }
        return String(n)
    }
}

extension HCLValue: CustomStringConvertible {
    /// A readable rendering (HCL-like), for messages and tests.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return HCLValue.format(n)
        case .string(let s): return "\"\(s)\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .set(let items): return "toset([" + items.map(\.description).joined(separator: ", ") + "])"
        case .object(let map):
            return "{" + map.keys.sorted().map { "\($0) = \((map[$0] ?? .null).description)" }.joined(separator: ", ") + "}"
        case .instance(let address, _): return address
        case .unknown(let name): return "(known after apply: \(name))"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
