/// The HCL2 lexer. HCL's tokens depend on context (inside a string template, `${` starts an expression),
/// so the parser drives it: `nextToken()` in expression context, `nextTemplateChunk()` inside templates.

/// One token of expression context.
struct HCLToken {
    enum Kind: Equatable {
        case identifier, number, punctuation, openQuote, heredoc, newline, end
    }

    var kind: Kind
    /// The identifier, the punctuation (`==`, `${`, `...`), or the heredoc marker.
    var text: String
    var position: HCLPosition
    var number: Double = 0
    /// Heredocs: `<<-` (indentation stripped), and where the content lies in the buffer.
    var flush = false
    var contentStart = 0
    var contentEnd = 0
    var contentLine = 0

    func isPunct(_ p: String) -> Bool { kind == .punctuation && text == p }
    func isKeyword(_ word: String) -> Bool { kind == .identifier && text == word }
}

/// What a template holds next.
enum HCLTemplateChunk {
    /// Text, and the buffer offset it starts at (flush heredocs strip indentation at line starts).
    case literal(String, start: Int)
    /// `${` (with `~`: strip the whitespace before).
    case interpolation(strip: Bool, HCLPosition)
    /// `%{` (with `~`: strip the whitespace before).
    case directive(strip: Bool, HCLPosition)
    /// The closing quote, or the end of the heredoc's content.
    case end
}

struct HCLLexer {
    let bytes: [UInt8]
    let path: String
    var offset = 0
    var line = 1
    var column = 1
    /// The lexer does not read past this offset (a heredoc's content is lexed with its own limit).
    var limit: Int

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        self.limit = bytes.count
    }

    var position: HCLPosition { HCLPosition(line: line, column: column) }

    func error(_ message: String, at p: HCLPosition? = nil) -> LoadError {
        let at = p ?? position
        return LoadError(path: path, line: at.line, column: at.column, message: message)
    }

    func peek(_ ahead: Int = 0) -> UInt8 {
        let i = offset + ahead
        return i < limit ? bytes[i] : 0
    }

    mutating func step() {
        guard offset < limit else { return }
        let b = bytes[offset]
        offset += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    mutating func step(_ n: Int) { for _ in 0..<n { step() } }

    static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }

    static func isIdentContinue(_ b: UInt8) -> Bool {
        isIdentStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Skips spaces, tabs, carriage returns and comments (a `#` or `//` comment stops before its newline).
    mutating func skipTrivia() throws {
        while offset < limit {
            let b = peek()
            if b == 0x20 || b == 0x09 || b == 0x0D {
                step()
            } else if b == UInt8(ascii: "#") || (b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/")) {
                while offset < limit && peek() != 0x0A { step() }
            } else if b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = position
                step(2)
                while true {
                    if offset >= limit { throw error("unterminated /* comment", at: start) }
                    if peek() == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") { step(2); break }
                    step()
                }
            } else {
                return
            }
        }
    }

    private static let punctuations: [String] = [
        "...", "==", "!=", "<=", ">=", "&&", "||", "=>",
        "{", "}", "[", "]", "(", ")", "=", ",", ".", "?", ":", "+", "-", "*", "/", "%", "!", "<", ">", "~",
    ]

    /// The next token in expression context.
    mutating func nextToken() throws -> HCLToken {
        try skipTrivia()
        let start = position
        guard offset < limit else { return HCLToken(kind: .end, text: "", position: start) }
        let b = peek()
        if b == 0x0A {
            step()
            return HCLToken(kind: .newline, text: "\n", position: start)
        }
        if HCLLexer.isIdentStart(b) {
            let from = offset
            while offset < limit && HCLLexer.isIdentContinue(peek()) { step() }
            // `provider::aws::arn_parse`: a provider-defined function's name is one identifier.
            while offset + 2 < limit && peek() == UInt8(ascii: ":") && peek(1) == UInt8(ascii: ":") && HCLLexer.isIdentStart(peek(2)) {
                step(2)
                while offset < limit && HCLLexer.isIdentContinue(peek()) { step() }
            }
            return HCLToken(kind: .identifier, text: String(decoding: bytes[from..<offset], as: UTF8.self), position: start)
        }
        if HCLLexer.isDigit(b) { return try number(start) }
        if b == UInt8(ascii: "\"") {
            step()
            return HCLToken(kind: .openQuote, text: "\"", position: start)
        }
        if b == UInt8(ascii: "<") && peek(1) == UInt8(ascii: "<") { return try heredoc(start) }
        for p in HCLLexer.punctuations {
            let u = Array(p.utf8)
            var matches = true
            for (i, c) in u.enumerated() where peek(i) != c { matches = false; break }
            if matches {
                step(u.count)
                return HCLToken(kind: .punctuation, text: p, position: start)
            }
        }
        let ch = String(decoding: [b], as: UTF8.self)
        throw error("unexpected character '\(ch)'", at: start)
    }

    private mutating func number(_ start: HCLPosition) throws -> HCLToken {
        let from = offset
        while HCLLexer.isDigit(peek()) { step() }
        if peek() == UInt8(ascii: "."), HCLLexer.isDigit(peek(1)) {
            step()
            while HCLLexer.isDigit(peek()) { step() }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            if HCLLexer.isDigit(peek(sign ? 2 : 1)) {
                step(sign ? 2 : 1)
                while HCLLexer.isDigit(peek()) { step() }
            }
        }
        let text = String(decoding: bytes[from..<offset], as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number '\(text)'", at: start) }
        return HCLToken(kind: .number, text: text, position: start, number: value)
    }

    /// `<<EOF` or `<<-EOF` up to the line holding only the marker; the lexer continues after the marker.
    private mutating func heredoc(_ start: HCLPosition) throws -> HCLToken {
        step(2)
        var flush = false
        if peek() == UInt8(ascii: "-") { flush = true; step() }
        guard HCLLexer.isIdentStart(peek()) else { throw error("expected a heredoc marker after '<<'", at: start) }
        let from = offset
        while offset < limit && HCLLexer.isIdentContinue(peek()) { step() }
        let marker = String(decoding: bytes[from..<offset], as: UTF8.self)
        if peek() == 0x0D { step() }
        guard peek() == 0x0A else { throw error("expected a newline after heredoc marker '\(marker)'") }
        step()
        let contentStart = offset
        let contentLine = line
        let markerBytes = Array(marker.utf8)
        while offset < limit {
            // At a line start: is this line the closing marker (optionally indented)?
            let lineStart = offset
            var i = offset
            while i < limit && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            if i + markerBytes.count <= limit && Array(bytes[i..<(i + markerBytes.count)]) == markerBytes {
                var j = i + markerBytes.count
                while j < limit && (bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D) { j += 1 }
                if j >= limit || bytes[j] == 0x0A {
                    step(i + markerBytes.count - offset)
                    var token = HCLToken(kind: .heredoc, text: marker, position: start)
                    token.flush = flush
                    token.contentStart = contentStart
                    token.contentEnd = lineStart
                    token.contentLine = contentLine
                    return token
                }
            }
            while offset < limit && peek() != 0x0A { step() }
            step()
        }
        throw error("heredoc '\(marker)' has no closing marker line", at: start)
    }

    /// The next piece of a template. `quoted`: inside `"..."` (escapes apply; a newline is an error).
    mutating func nextTemplateChunk(quoted: Bool) throws -> HCLTemplateChunk {
        let start = offset
        let startPosition = position
        guard offset < limit else {
            if quoted { throw error("unterminated string", at: startPosition) }
            return .end
        }
        if quoted && peek() == UInt8(ascii: "\"") { step(); return .end }
        if peek() == UInt8(ascii: "$") && peek(1) == UInt8(ascii: "{") {
            step(2)
            let strip = peek() == UInt8(ascii: "~")
            if strip { step() }
            return .interpolation(strip: strip, startPosition)
        }
        if peek() == UInt8(ascii: "%") && peek(1) == UInt8(ascii: "{") {
            step(2)
            let strip = peek() == UInt8(ascii: "~")
            if strip { step() }
            return .directive(strip: strip, startPosition)
        }
        var text: [UInt8] = []
        while offset < limit {
            let b = peek()
            if quoted && b == UInt8(ascii: "\"") { break }
            if (b == UInt8(ascii: "$") || b == UInt8(ascii: "%")) && peek(1) == UInt8(ascii: "{") { break }
            if (b == UInt8(ascii: "$") && peek(1) == UInt8(ascii: "$") || b == UInt8(ascii: "%") && peek(1) == UInt8(ascii: "%"))
                && peek(2) == UInt8(ascii: "{") {
                // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
                text.append(b)
                text.append(UInt8(ascii: "{"))
                step(3)
                continue
            }
            if quoted && b == 0x0A { throw error("unterminated string: a quoted string cannot span lines", at: startPosition) }
            if quoted && b == UInt8(ascii: "\\") {
                try escape(into: &text)
                continue
            }
            text.append(b)
            step()
        }
        if quoted && offset >= limit { throw error("unterminated string", at: startPosition) }
        return .literal(String(decoding: text, as: UTF8.self), start: start)
    }

    private mutating func escape(into text: inout [UInt8]) throws {
        let at = position
        step()
        let e = peek()
        step()
        switch e {
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                hex.append(Character(Unicode.Scalar(peek())))
                step()
            }
            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                throw error("invalid unicode escape '\\\(Character(Unicode.Scalar(e)))\(hex)'", at: at)
            }
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(e)))'", at: at)
        }
    }
}
