import JSONText

/// JSON as Terraform writes and reads it: `jsonencode` (compact, keys sorted, `<`, `>` and `&` escaped
/// as Go does, so a policy string matches what `terraform plan` shows) and a reader into `HCLValue`
/// for `jsondecode`, `.tfvars.json` and `terraform show -json`.
enum TerraformJSON {
    /// `jsonencode(value)`. Unknowns must be handled by the caller (the result would be unknown).
    static func encode(_ value: HCLValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: HCLValue, into out: inout String) {
        switch value {
        case .null, .unknown: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += HCLValue.format(n)
        case .string(let s): writeString(s, into: &out)
        case .list(let items), .set(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let map), .instance(_, let map):
            out += "{"
            for (i, key) in map.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if i > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(map[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: Reading

    /// Parses a JSON document (with the project's JSONText reader) into a value: objects become maps
    /// (a repeated key keeps its last value), numbers doubles.
    /// - Throws: `LoadError` at the syntax error's line and column.
    static func decode(_ bytes: [UInt8], path: String = "") throws -> HCLValue {
        do {
            return value(try JSONValue.parse(bytes))
        } catch {
            throw LoadError(path: path, line: error.line, column: error.column, message: error.message)
        }
    }

    static func value(_ json: JSONValue) -> HCLValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text): return .number(Double(text) ?? .nan)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map(value))
        case .object(let members):
            var map: [String: HCLValue] = [:]
            map.reserveCapacity(members.count)
            for (key, member) in members { map[key] = value(member) }
            return .object(map)
        }
    }
}
