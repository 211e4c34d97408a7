/// A bound on how deeply a YAML document nests, checked on the text before a YAML library parses
/// it: Yams composes nodes recursively, so a small hostile file (5,000 nested `[` or indented
/// keys) overflows the stack. Here because it is text scanning like `JSONReader`'s depth bound,
/// and JSONText is the lowest target both the loaders (pricing) and the explorer (themes) import.
public enum YAMLDepth {
    /// Deeper than this is refused: pricing and theme files nest three or four levels.
    public static let defaultLimit = 256

    /// Where a document first nests deeper than the limit.
    public struct TooDeep: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let limit: Int
        public var description: String { "YAML nested more than \(limit) levels deep" }
    }

    /// Throws `TooDeep` at the first place the nesting goes past `limit`. The depth counted is an
    /// upper bound of the parser's: block levels by indentation, plus each `- `/`? ` that opens a
    /// node on the same line, plus open flow brackets (`[`, `{`) outside quotes and comments.
    public static func check(_ text: String, limit: Int = defaultLimit) throws(TooDeep) {
        var indents: [Int] = []
        var flow = 0
        var blockScalarIndent: Int?   // inside a `|` or `>` scalar: lines indented more than this are text
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine)
            var i = 0
            while i < line.count, line[i] == UInt8(ascii: " ") { i += 1 }
            let indent = i
            if i == line.count || line[i] == UInt8(ascii: "#") || line[i] == 0x0D { continue }
            if let scalar = blockScalarIndent {
                if indent > scalar { continue }
                blockScalarIndent = nil
            }
            var depth: Int
            if flow == 0 {
                while let top = indents.last, top >= indent { indents.removeLast() }
                indents.append(indent)
                depth = indents.count
                // `- - - x`, `? - x`: each indicator after the first opens one more node on this line
                // (the first is the node this indentation stands for).
                var indicators = 0
                while i + 1 < line.count, line[i] == UInt8(ascii: "-") || line[i] == UInt8(ascii: "?"),
                      line[i + 1] == UInt8(ascii: " ") {
                    indicators += 1
                    if indicators > 1 { depth += 1 }
                    i += 2
                    while i < line.count, line[i] == UInt8(ascii: " ") { i += 1 }
                    if depth + flow > limit { throw TooDeep(line: lineNumber, column: i + 1, limit: limit) }
                }
            } else {
                depth = indents.count
            }
            if depth > limit { throw TooDeep(line: lineNumber, column: indent + 1, limit: limit) }
            var quote: UInt8?
            var previous: UInt8 = UInt8(ascii: " ")
            while i < line.count {
                let c = line[i]
                if let q = quote {
                    if c == q { quote = nil }
                    else if q == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") { i += 1 }
                } else if c == UInt8(ascii: "\"") || (c == UInt8(ascii: "'") && !isPlainCharacter(previous)) {
                    quote = c
                } else if c == UInt8(ascii: "#") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")) {
                    break
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    flow += 1
                    if depth + flow > limit { throw TooDeep(line: lineNumber, column: i + 1, limit: limit) }
                } else if (c == UInt8(ascii: "]") || c == UInt8(ascii: "}")) && flow > 0 {
                    flow -= 1
                }
                previous = c
                i += 1
            }
            if flow == 0 && quote == nil && isBlockScalarHeader(line) {
                blockScalarIndent = indent
            }
        }
    }

    private static func isPlainCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// `key: |`, `- >-`, `key: |2+`: the line's last word is a block scalar header, so the lines
    /// indented under it are text, not nesting.
    private static func isBlockScalarHeader(_ line: [UInt8]) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == 0x0D { end -= 1 }
        var start = end
        while start > 0, line[start - 1] != UInt8(ascii: " ") { start -= 1 }
        let word = line[start..<end]
        guard let first = word.first, first == UInt8(ascii: "|") || first == UInt8(ascii: ">"), word.count <= 3 else { return false }
        return word.dropFirst().allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || ($0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9")) }
    }
}
