/// A JSON syntax or shape error at a byte offset; `line` and `column` are 1-based (column in characters).
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int
    public var message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }

    /// Where the error is, in the location type every reader shares.
    public var position: SourcePosition { SourcePosition(line: line, column: column) }
}

/// The kind of the next JSON value, for readers that accept several shapes.
public enum JSONKind: Sendable {
    case object, array, string, number, bool, null
}

/// An object key as raw bytes: compared against literals without allocating a String
/// (an inventory of 150,000 ENIs has millions of keys).
public struct JSONKey: CustomStringConvertible {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Set when the key had escapes; then `text` holds the decoded key.
    let decoded: String?

    public var text: String { decoded ?? String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
    public var description: String { text }

    /// Whether the key equals a literal, byte for byte.
    public func equals(_ literal: StaticString) -> Bool {
        if let decoded { return decoded == literal.description }
        guard literal.utf8CodeUnitCount == count else { return false }
        let other = literal.utf8Start
        for i in 0..<count where base[i] != other[i] { return false }
        return true
    }

    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool { key.equals(pattern) }

    /// A 64-bit FNV-1a hash of the raw bytes: counting and looking up by a value without making Strings.
    public var rawHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count { hash = (hash ^ UInt64(base[i])) &* 0x100_0000_01b3 }
        return hash
    }

    /// The `rawHash` a string's UTF-8 bytes would have (strings without escapes).
    public static func rawHash(of text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The raw bytes, for parsers of small formats (addresses) that need no String.
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

/// A pull reader over JSON bytes: the caller walks the document and keeps only what it needs,
/// so a 250 MB `describe-network-interfaces` answer is read without building a tree.
///
/// The bytes must stay alive and unmoved while the reader is used (`JSONReader.withBytes`).
public struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    public internal(set) var offset: Int = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The input the bytes belong to, when the reader was made by `JSONInput.reader()`: kept alive
    /// with the reader, and asked to give back pages already read (`releaseConsumedPages`).
    var input: JSONInput?
    /// Pages before this offset were given back (or belong to another reader's part).
    var releasedUpTo = 0

    /// Gives back the pages of a mapped file well behind the reader (a mapped input only; a no-op
    /// otherwise). Called between the items of a long list: the bytes a model was built from need
    /// not stay in memory with it. A later look behind (an error's line) reads them again.
    @inline(__always)
    public mutating func releaseConsumedPages() {
        guard let input, offset - releasedUpTo > JSONReader.releaseStride else { return }
        // Keep the last stretch: an item's fields are read again by seeking back inside the item.
        let upTo = offset - JSONReader.releaseSlack
        input.releasePages(releasedUpTo..<upTo)
        releasedUpTo = upTo
    }

    /// How far the reader gets ahead of the last release before it releases again, and how much it keeps.
    static let releaseStride = 8 << 20
    static let releaseSlack = 1 << 20

    /// Moves to an offset saved earlier from `offset` (to read a value that was skipped).
    public mutating func seek(to position: Int) {
        offset = max(0, min(position, bytes.count))
        pendingFirst = false
    }

    /// Runs `body` with a reader over `bytes`.
    public static func withBytes<R>(_ bytes: [UInt8], _ body: (inout JSONReader) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try body(&reader)
        }
    }

    // MARK: Errors

    /// An error at the current offset (or `at`), with line and column worked out from the bytes.
    public func error(_ message: String, at position: Int? = nil) -> JSONError {
        let target = min(position ?? offset, bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < target {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        // Count characters, not bytes: continuation bytes (10xxxxxx) do not start a character.
        var column = 1
        var j = lineStart
        while j < target {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return JSONError(offset: target, line: line, column: column, message: message)
    }

    func describeNext() -> String {
        guard offset < bytes.count else { return "end of input" }
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while offset < bytes.count {
            let b = bytes[offset]
            if b == 0x20 {
                // Indented output (the aws CLI's) has long runs of spaces: eight at a time.
                if offset + 8 <= bytes.count, let base = bytes.baseAddress,
                   UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
                    offset += 8
                } else {
                    offset += 1
                }
            } else if b == 0x0A || b == 0x0D || b == 0x09 {
                offset += 1
            } else {
                return
            }
        }
    }

    /// Whether only whitespace is left.
    public mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return offset >= bytes.count
    }

    /// Fails unless only whitespace is left (after the top-level value).
    public mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        if offset < bytes.count { throw error("unexpected \(describeNext()) after the JSON value") }
    }

    /// The kind of the next value, without consuming it.
    public mutating func peekKind() throws(JSONError) -> JSONKind {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected \(describeNext()), expected a value")
        }
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else {
            throw error("expected \(what), found \(describeNext())")
        }
        offset += 1
    }

    /// Enters an object. Then call `nextKey()` until it returns nil.
    public mutating func beginObject() throws(JSONError) {
        try expect(UInt8(ascii: "{"), "'{' (an object)")
        pendingFirst = true
        if rejectsDuplicateKeys { objectKeyStarts.append((openKeys.count, escapedKeys.count, 0)) }
    }

    /// Warnings the caller noted while reading (`warn`), in document order, located.
    public internal(set) var warnings: [JSONError] = []

    /// Notes something readable but suspect at a position (a CIDR with host bits set).
    public mutating func warn(_ message: String, at position: Int) {
        warnings.append(error(message, at: position))
    }

    /// When set, a key given twice in one object that is walked with `beginObject`/`nextKey` is an
    /// error at the second: `{"VpcId": "vpc-a", "VpcId": "vpc-b"}` must not quietly become one of
    /// them. (Objects passed over with `skipValue` are not checked: nothing is read from them.)
    public var rejectsDuplicateKeys = false
    /// The keys of the objects being walked, innermost last, as plain pointer and length into the
    /// input (no reference counting per key on a hot path; a key with escapes has no pointer, its
    /// decoded text is `escapedKeys[count]`). For each object: where its keys begin and a 64-bit
    /// summary of them (one bit per key, from its length and end bytes), so that a key is compared
    /// with the others only when its bit is already set: reading stays linear.
    private var openKeys: [(base: UnsafePointer<UInt8>?, count: Int)] = []
    private var escapedKeys: [String] = []
    private var objectKeyStarts: [(start: Int, escapedStart: Int, seen: UInt64)] = []

    private mutating func checkNotRepeated(_ key: JSONKey, at position: Int) throws(JSONError) {
        guard let top = objectKeyStarts.last else { return }
        let bit: UInt64
        if key.decoded != nil || key.count == 0 {
            // A key with escapes (rare) is compared with every other, and sets every bit so each
            // later key is compared with it: `Vpc\u0049d` is `VpcId`.
            bit = .max
        } else {
            bit = 1 << UInt64((key.count &* 31 &+ Int(key.base[0]) &* 7 &+ Int(key.base[key.count - 1])) & 63)
        }
        if top.seen & bit != 0 || key.decoded != nil {
            for earlier in openKeys[top.start...] {
                let same: Bool
                if let base = earlier.base, key.decoded == nil {
                    same = earlier.count == key.count && (0..<key.count).allSatisfy { base[$0] == key.base[$0] }
                } else {
                    let text = earlier.base.map { String(decoding: UnsafeBufferPointer(start: $0, count: earlier.count), as: UTF8.self) }
                        ?? escapedKeys[earlier.count]
                    same = text == key.text
                }
                if same { throw error("the key \"\(key.text)\" is given twice in this object", at: position) }
            }
        }
        objectKeyStarts[objectKeyStarts.count - 1].seen = top.seen | bit
        if let decoded = key.decoded {
            openKeys.append((nil, escapedKeys.count))
            escapedKeys.append(decoded)
        } else {
            openKeys.append((key.base, key.count))
        }
    }

    /// Whether the next member is the first of its container: no comma is expected before it.
    var pendingFirst = false

    /// The next key of the current object (the reader then stands before its value), or nil after `}`.
    public mutating func nextKey() throws(JSONError) -> JSONKey? {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of input inside an object") }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            pendingFirst = false
            if rejectsDuplicateKeys, let top = objectKeyStarts.popLast() {
                openKeys.removeSubrange(top.start...)
                escapedKeys.removeSubrange(top.escapedStart...)
            }
            return nil
        }
        if pendingFirst {
            pendingFirst = false
        } else {
            guard bytes[offset] == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an object, found \(describeNext())") }
            offset += 1
            skipWhitespace()
        }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw error("expected a key (a string) in an object, found \(describeNext())")
        }
        let keyStart = offset
        let key = try readRawString()
        if rejectsDuplicateKeys { try checkNotRepeated(key, at: keyStart) }
        try expect(UInt8(ascii: ":"), "':' after the key")
        return key
    }

    /// Enters an array. Then call `nextElement()` until it returns false.
    public mutating func beginArray() throws(JSONError) {
        try expect(UInt8(ascii: "["), "'[' (an array)")
        pendingFirst = true
    }

    /// Whether another element follows (the reader then stands before it); false after `]`.
    public mutating func nextElement() throws(JSONError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of input inside an array") }
        if bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            pendingFirst = false
            return false
        }
        if pendingFirst {
            pendingFirst = false
        } else {
            guard bytes[offset] == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array, found \(describeNext())") }
            offset += 1
        }
        return true
    }

    // MARK: Scalars

    /// Reads a string value.
    public mutating func readString() throws(JSONError) -> String {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw error("expected a string, found \(describeNext())")
        }
        return try readRawString().text
    }

    /// Reads a string without making a String of it: compare it with `equals`, or take `text` only
    /// when it is kept. Reading and then dropping most values is how large lists stay fast.
    public mutating func readStringSlice() throws(JSONError) -> JSONKey {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw error("expected a string, found \(describeNext())")
        }
        return try readRawString()
    }

    /// Reads a string, or nil for `null`.
    public mutating func readOptionalString() throws(JSONError) -> String? {
        if try peekKind() == .null { try readNull(); return nil }
        return try readString()
    }

    /// Reads a string starting at the opening quote; decodes escapes only when there are some.
    mutating func readRawString() throws(JSONError) -> JSONKey {
        let start = offset
        offset += 1
        let contentStart = offset
        var hasEscapes = false
        // Words of plain bytes first; a word it stops at holds the quote, escape or control byte
        // that the byte loop reaches within eight bytes (and after an escape, words again).
        skipPlainStringBytes()
        while true {
            guard offset < bytes.count else { throw error("unterminated string", at: start) }
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") { hasEscapes = true; offset += 2; skipPlainStringBytes(); continue }
            if b < 0x20 { throw error("control character in a string (must be escaped)") }
            offset += 1
        }
        guard offset <= bytes.count else { throw error("unterminated string", at: start) }
        let contentEnd = offset
        offset += 1
        guard let base = bytes.baseAddress else { throw error("empty input") }
        if !hasEscapes {
            return JSONKey(base: base + contentStart, count: contentEnd - contentStart, decoded: nil)
        }
        return JSONKey(base: base + contentStart, count: contentEnd - contentStart,
                       decoded: try decodeEscapes(from: contentStart, to: contentEnd))
    }

    /// Moves over string bytes eight at a time while none of them is a quote, a backslash or a
    /// control character (the byte loop of `readRawString` handles those; a word it is unsure of
    /// is left to it too).
    @inline(__always)
    mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while offset + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            // A byte that is 0 in `quote` or `backslash`, or below 0x20 in `word`, sets its high bit.
            let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if found & highs != 0 { return }
            offset += 8
        }
    }

    func decodeEscapes(from start: Int, to end: Int) throws(JSONError) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            if !utf8.isEmpty {
                scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll(keepingCapacity: true)
            }
        }
        var i = start
        while i < end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else { utf8.append(b); i += 1; continue }
            guard i + 1 < end else { throw error("bad escape at the end of a string", at: i) }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4(at: i)
                i += 4
                if (0xD800...0xDBFF).contains(code), i + 6 <= end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(at: i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                flush()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default:
                throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i - 2)
            }
        }
        flush()
        return String(scalars)
    }

    func hex4(at i: Int) throws(JSONError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape", at: i) }
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[i + k]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("bad hex digit in a \\u escape", at: i + k)
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONError) -> Bool {
        skipWhitespace()
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw error("expected true or false, found \(describeNext())")
    }

    /// Reads `null`.
    public mutating func readNull() throws(JSONError) {
        skipWhitespace()
        if !matchLiteral("null") { throw error("expected null, found \(describeNext())") }
    }

    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where bytes[offset + k] != p[k] { return false }
        offset += n
        return true
    }

    /// Reads a number's text (validated against JSON's grammar).
    public mutating func readNumberText() throws(JSONError) -> Substring {
        skipWhitespace()
        let start = offset
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let intStart = offset
        while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
        if offset == intStart { throw error("expected a number, found \(describeNext())", at: start) }
        if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            let fracStart = offset
            while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
            if offset == fracStart { throw error("expected digits after '.'") }
        }
        if offset < bytes.count && (bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E")) {
            offset += 1
            if offset < bytes.count && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) { offset += 1 }
            let expStart = offset
            while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
            if offset == expStart { throw error("expected digits in the exponent") }
        }
        return Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Reads a number as a Double.
    public mutating func readDouble() throws(JSONError) -> Double {
        let start = offset
        let text = try readNumberText()
        guard let value = Double(text) else { throw error("number out of range", at: start) }
        return value
    }

    /// Reads a whole number (fails on fractions or out-of-range values).
    public mutating func readInt() throws(JSONError) -> Int {
        skipWhitespace()
        let start = offset
        // The common case (a short run of digits) without making a String.
        var i = offset
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value = 0
        let digitsStart = i
        while i < bytes.count && isDigit(bytes[i]) && i - digitsStart < 18 {
            value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            i += 1
        }
        let end = i < bytes.count ? bytes[i] : 0x20
        if i > digitsStart && !isDigit(end) && end != UInt8(ascii: ".") && end != UInt8(ascii: "e") && end != UInt8(ascii: "E") {
            offset = i
            return negative ? -value : value
        }
        let text = try readNumberText()
        guard let whole = Int(text) else { throw error("expected a whole number, found \(text)", at: start) }
        return whole
    }

    /// Skips one value of any kind, checking its syntax.
    public mutating func skipValue() throws(JSONError) { try skipValue(depth: 0) }

    mutating func skipValue(depth: Int) throws(JSONError) {
        if depth > JSONReader.maximumDepth { throw error("JSON nested more than \(JSONReader.maximumDepth) levels deep") }
        switch try peekKind() {
        case .object:
            try beginObject()
            while try nextKey() != nil { try skipValue(depth: depth + 1) }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue(depth: depth + 1) }
        case .string:
            _ = try readRawString()
        case .number:
            _ = try readNumberText()
        case .bool:
            _ = try readBool()
        case .null:
            try readNull()
        }
    }
}
