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

    /// Parses a JSON document into a value (objects become maps; numbers doubles).
    /// Errors are `LoadError`s with line and column, and an empty path for the caller to fill in.
    static func decode(_ bytes: [UInt8], path: String = "") throws -> HCLValue {
        var reader = Reader(bytes: bytes, path: path)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.offset == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    struct Reader {
        let bytes: [UInt8]
        let path: String
        var offset = 0

        func error(_ message: String) -> LoadError {
            var line = 1, column = 1
            for b in bytes[0..<min(offset, bytes.count)] {
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return LoadError(path: path, line: line, column: column, message: message)
        }

        func peek() -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

        mutating func skipSpace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func literal(_ word: String, _ value: HCLValue) throws -> HCLValue {
            let w = Array(word.utf8)
            guard offset + w.count <= bytes.count, Array(bytes[offset..<(offset + w.count)]) == w else {
                throw error("invalid JSON value")
            }
            offset += w.count
            return value
        }

        mutating func value(depth: Int) throws -> HCLValue {
            guard depth < 512 else { throw error("JSON nested too deeply") }
            skipSpace()
            switch peek() {
            case UInt8(ascii: "{"):
                offset += 1
                var map: [String: HCLValue] = [:]
                skipSpace()
                if peek() == UInt8(ascii: "}") { offset += 1; return .object(map) }
                while true {
                    skipSpace()
                    guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key in the JSON object") }
                    let key = try string()
                    skipSpace()
                    guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after the JSON object key") }
                    offset += 1
                    map[key] = try value(depth: depth + 1)
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { offset += 1; continue }
                    guard peek() == UInt8(ascii: "}") else { throw error("expected ',' or '}' in the JSON object") }
                    offset += 1
                    return .object(map)
                }
            case UInt8(ascii: "["):
                offset += 1
                var items: [HCLValue] = []
                skipSpace()
                if peek() == UInt8(ascii: "]") { offset += 1; return .list(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { offset += 1; continue }
                    guard peek() == UInt8(ascii: "]") else { throw error("expected ',' or ']' in the JSON array") }
                    offset += 1
                    return .list(items)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                let start = offset
                while offset < bytes.count, "+-0123456789.eE".utf8.contains(bytes[offset]) { offset += 1 }
                guard offset > start, let n = Double(String(decoding: bytes[start..<offset], as: UTF8.self)) else {
                    offset = start
                    throw error(offset >= bytes.count ? "unexpected end of JSON" : "invalid JSON value")
                }
                return .number(n)
            }
        }

        mutating func string() throws -> String {
            offset += 1
            var out: [UInt8] = []
            while true {
                guard offset < bytes.count else { throw error("unterminated JSON string") }
                let b = bytes[offset]
                offset += 1
                if b == UInt8(ascii: "\"") { break }
                if b != UInt8(ascii: "\\") { out.append(b); continue }
                guard offset < bytes.count else { throw error("unterminated JSON string") }
                let e = bytes[offset]
                offset += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex()
                    if (0xD800..<0xDC00).contains(code), offset + 1 < bytes.count,
                       bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                        offset += 2
                        let low = try hex()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out += Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
                default: out.append(e)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex() throws -> UInt32 {
            guard offset + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self), radix: 16) else {
                throw error("invalid \\u escape in JSON string")
            }
            offset += 4
            return v
        }
    }
}
