/// A JSON tree that remembers where each value started, so a policy error can say
/// "3:17: Statement 2: Effect must be Allow or Deny" instead of only the message.
/// Built from text by `LocatedJSON.parse`, or from a `JSONValue` without positions.
public struct LocatedJSON: Sendable {
    public enum Kind: Sendable {
        case object([(key: String, value: LocatedJSON)])
        case array([LocatedJSON])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    public var position: SourcePosition?

    /// The member of an object by key (the last one, as AWS does with duplicates).
    public subscript(key: String) -> LocatedJSON? {
        guard case .object(let members) = kind else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var members: [(key: String, value: LocatedJSON)]? {
        if case .object(let m) = kind { return m }
        return nil
    }

    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    /// What a policy author would call this value's type, for error messages.
    public var typeName: String {
        switch kind {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The plain tree, for pretty-printing.
    public var value: JSONValue {
        switch kind {
        case .object(let members): return .object(members.map { ($0.key, $0.value.value) })
        case .array(let items): return .array(items.map(\.value))
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        }
    }

    /// A tree without positions (a policy that came as an object, not text).
    public init(_ value: JSONValue) {
        position = nil
        switch value {
        case .object(let members): kind = .object(members.map { ($0.key, LocatedJSON($0.value)) })
        case .array(let items): kind = .array(items.map(LocatedJSON.init))
        case .string(let s): kind = .string(s)
        case .number(let n): kind = .number(n)
        case .bool(let b): kind = .bool(b)
        case .null: kind = .null
        }
    }

    public init(kind: Kind, position: SourcePosition?) {
        self.kind = kind
        self.position = position
    }

    /// Parses text, keeping the position of every value. Syntax errors come from the shared reader.
    public static func parse(_ text: String) throws(JSONError) -> LocatedJSON {
        let bytes = Array(text.utf8)
        let lines = LineTable(bytes)
        do {
            return try JSONReader.withBytes(bytes) { reader in
                let value = try read(&reader, lines: lines, depth: 0)
                try reader.expectEnd()
                return value
            }
        } catch let error as JSONError {
            throw error
        } catch {
            throw JSONError(offset: 0, line: 1, column: 1, message: "\(error)")
        }
    }

    /// Policies are small (AWS caps endpoint policies at 20 KB); the cap only guards against hostile nesting.
    public static let maximumDepth = 128

    private static func read(_ reader: inout JSONReader, lines: LineTable, depth: Int) throws(JSONError) -> LocatedJSON {
        if depth > maximumDepth { throw reader.error("JSON nested more than \(maximumDepth) levels deep") }
        let kind = try reader.peekKind() // skips whitespace: the offset is now the value's first byte
        let position = lines.position(of: reader.offset)
        switch kind {
        case .object:
            try reader.beginObject()
            var members: [(key: String, value: LocatedJSON)] = []
            while let key = try reader.nextKey() {
                let name = key.text
                members.append((name, try read(&reader, lines: lines, depth: depth + 1)))
            }
            return LocatedJSON(kind: .object(members), position: position)
        case .array:
            try reader.beginArray()
            var items: [LocatedJSON] = []
            while try reader.nextElement() { items.append(try read(&reader, lines: lines, depth: depth + 1)) }
            return LocatedJSON(kind: .array(items), position: position)
        case .string: return LocatedJSON(kind: .string(try reader.readString()), position: position)
        case .number: return LocatedJSON(kind: .number(String(try reader.readNumberText())), position: position)
        case .bool: return LocatedJSON(kind: .bool(try reader.readBool()), position: position)
        case .null:
            try reader.readNull()
            return LocatedJSON(kind: .null, position: position)
        }
    }
}

/// Byte offsets of line starts, so an offset becomes line:column without rescanning the text.
/// The parser asks in increasing offsets, so the column count goes on from the last answer on the
/// same line: a one-line policy of 10,000 statements is counted once, not once per value.
private final class LineTable {
    let bytes: [UInt8]
    let starts: [Int]
    private var last: (offset: Int, line: Int, column: Int) = (0, 0, 1)

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        self.starts = starts
    }

    func position(of offset: Int) -> SourcePosition {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = starts[low]
        if last.line == low && last.offset >= i && last.offset <= offset {
            column = last.column
            i = last.offset
        }
        while i < min(offset, bytes.count) {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        last = (offset, low, column)
        return SourcePosition(line: low + 1, column: column)
    }
}
