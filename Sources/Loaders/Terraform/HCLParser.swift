/// A recursive-descent parser for HCL2's native syntax: bodies, blocks, attributes and every expression form.
/// Errors are `LoadError`s at the offending token (`main.tf:12:7: error: expected '=' ...`).
public struct HCLParser {
    var lexer: HCLLexer
    var current: HCLToken
    /// Whether newlines end things here: true in bodies and object constructors, false inside `( [ ${`.
    var newlineModes: [Bool] = [true]
    /// A `~}` asked to strip the whitespace that starts the next literal of the template.
    var stripNextLeading = false
    /// Flush heredocs: the indentation to strip at line starts, and where the content starts.
    var flushIndent: Int?
    var flushStart = 0
    /// How deep the expression, block or template being parsed nests: bounded like the JSON reader's,
    /// so a hostile file is a located error and never a stack overflow (in parsing, evaluating or freeing).
    var depth = 0
    static let maxDepth = 512

    init(bytes: [UInt8], path: String) {
        lexer = HCLLexer(bytes: bytes, path: path)
        current = HCLToken(kind: .end, text: "", position: HCLPosition(line: 1, column: 1))
    }

    /// Parses a whole file (a `.tf` or `.tfvars`) into its body.
    public static func parseFile(bytes: [UInt8], path: String) throws -> HCLBody {
        var parser = HCLParser(bytes: bytes, path: path)
        try parser.advance()
        return try parser.parseBody(insideBlock: false)
    }

    /// Parses a single expression that makes up all of the text (a `-var` value).
    public static func parseExpression(bytes: [UInt8], path: String) throws -> HCLExpr {
        var parser = HCLParser(bytes: bytes, path: path)
        parser.newlineModes = [false]
        try parser.advance()
        let expr = try parser.parseExpression()
        guard parser.current.kind == .end else { throw parser.unexpected("the end of the expression") }
        return expr
    }

    // MARK: Tokens

    mutating func advance() throws {
        repeat {
            current = try lexer.nextToken()
        } while current.kind == .newline && !(newlineModes.last ?? true)
    }

    func error(_ message: String, at p: HCLPosition? = nil) -> LoadError {
        let at = p ?? current.position
        return LoadError(path: lexer.path, line: at.line, column: at.column, message: message)
    }

    var currentDescription: String {
        switch current.kind {
        case .end: return "end of file"
        case .newline: return "newline"
        case .openQuote: return "a string"
        case .heredoc: return "a heredoc"
        case .number: return "number \(current.text)"
        case .identifier: return "'\(current.text)'"
        case .punctuation: return "'\(current.text)'"
        }
    }

    /// One level deeper; past `maxDepth` an error at the current token.
    mutating func nest(_ levels: Int = 1) throws {
        depth += levels
        guard depth <= HCLParser.maxDepth else {
            throw error("this nests more than \(HCLParser.maxDepth) levels deep (parentheses, brackets, braces, blocks, templates or operator chains)")
        }
    }

    func unexpected(_ wanted: String) -> LoadError { error("expected \(wanted), found \(currentDescription)") }

    mutating func expect(_ p: String, _ wanted: String? = nil) throws {
        guard current.isPunct(p) else { throw unexpected(wanted ?? "'\(p)'") }
    }

    mutating func skipNewlines() throws {
        while current.kind == .newline { try advance() }
    }

    // MARK: Bodies

    mutating func parseBody(insideBlock: Bool) throws -> HCLBody {
        var body = HCLBody()
        var seen: [String: HCLPosition] = [:]
        while true {
            try skipNewlines()
            if current.kind == .end {
                if insideBlock { throw error("expected '}' to close the block, found end of file") }
                return body
            }
            if insideBlock && current.isPunct("}") { return body }
            guard current.kind == .identifier else { throw unexpected("an attribute or block name") }
            let name = current.text
            let position = current.position
            try advance()
            let afterName = current.position
            if current.isPunct("=") {
                try advance()
                let expr = try parseExpression()
                if let first = seen[name] {
                    throw error("attribute '\(name)' was already set at line \(first.line)", at: position)
                }
                seen[name] = position
                body.attributes.append(HCLAttribute(name: name, expression: expr, position: position))
            } else {
                var labels: [String] = []
                while true {
                    if current.kind == .identifier {
                        labels.append(current.text)
                        try advance()
                    } else if current.kind == .openQuote {
                        let at = current.position
                        let parts = try parseTemplateParts(quoted: true).parts
                        var label = ""
                        for part in parts {
                            guard case .literal(let s) = part else { throw error("a block label cannot contain an interpolation", at: at) }
                            label += s
                        }
                        labels.append(label)
                        try advance()
                    } else {
                        break
                    }
                }
                guard current.isPunct("{") else {
                    if labels.count == 1 && current.kind == .newline {
                        throw error("expected '=' after attribute name '\(name)'", at: afterName)
                    }
                    throw labels.isEmpty ? unexpected("'=' after attribute name '\(name)', or '{' to open a block")
                        : unexpected("'{' to open block '\(name)'")
                }
                newlineModes.append(true)
                try advance()
                try nest()
                let inner = try parseBody(insideBlock: true)
                depth -= 1
                newlineModes.removeLast()
                try advance()
                body.blocks.append(HCLBlock(type: name, labels: labels, body: inner, position: position))
            }
            guard current.kind == .newline || current.kind == .end || (insideBlock && current.isPunct("}")) else {
                throw unexpected("a newline after the \(body.blocks.last?.position == position ? "block" : "attribute")")
            }
        }
    }

    // MARK: Expressions

    private static let binaryLevels: [[String]] = [
        ["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"],
    ]

    mutating func parseExpression() throws -> HCLExpr {
        try nest()
        defer { depth -= 1 }
        let condition = try parseBinary(0)
        guard current.isPunct("?") else { return condition }
        let position = current.position
        try advance()
        let then = try parseExpression()
        try expect(":", "':' in the conditional")
        try advance()
        let otherwise = try parseExpression()
        return .conditional(condition, then, otherwise, position)
    }

    mutating func parseBinary(_ level: Int) throws -> HCLExpr {
        if level == HCLParser.binaryLevels.count { return try parseUnary() }
        var left = try parseBinary(level + 1)
        // Each operator of a chain makes the tree one level deeper (`1 + 1 + ...` nests to the left).
        var chain = 0
        defer { depth -= chain }
        while current.kind == .punctuation && HCLParser.binaryLevels[level].contains(current.text) {
            let op = current.text
            let position = current.position
            chain += 1
            try nest()
            try advance()
            let right = try parseBinary(level + 1)
            left = .binary(op, left, right, position)
        }
        return left
    }

    mutating func parseUnary() throws -> HCLExpr {
        if current.isPunct("!") || current.isPunct("-") {
            let op = current.text
            let position = current.position
            try advance()
            try nest()
            defer { depth -= 1 }
            return .unary(op, try parseUnary(), position)
        }
        return try parsePostfix(try parsePrimary(), attributeSplat: false)
    }

    /// Attribute access, indexes and splats after a primary expression. Inside an attribute-only splat
    /// (`.*`) only attribute access continues the traversal, as in HCL.
    mutating func parsePostfix(_ base: HCLExpr, attributeSplat: Bool) throws -> HCLExpr {
        var expr = base
        var chain = 0
        defer { depth -= chain }
        while true {
            if current.isPunct(".") || current.isPunct("[") {
                chain += 1
                try nest()
            }
            if current.isPunct(".") {
                let position = current.position
                try advance()
                if current.kind == .identifier {
                    expr = .getAttr(expr, current.text, position)
                    try advance()
                } else if current.kind == .number, !attributeSplat {
                    expr = .index(expr, .literal(.number(current.number), current.position), position)
                    try advance()
                } else if current.isPunct("*"), !attributeSplat {
                    try advance()
                    let each = try parsePostfix(.splatItem(position), attributeSplat: true)
                    expr = .splat(expr, each: each, position)
                } else {
                    throw unexpected("an attribute name after '.'")
                }
            } else if current.isPunct("["), !attributeSplat {
                let position = current.position
                newlineModes.append(false)
                try advance()
                if current.isPunct("*") {
                    try advance()
                    try expect("]", "']' after '[*'")
                    newlineModes.removeLast()
                    try advance()
                    let each = try parsePostfix(.splatItem(position), attributeSplat: false)
                    return .splat(expr, each: each, position)
                }
                let key = try parseExpression()
                try expect("]", "']' to close the index")
                newlineModes.removeLast()
                try advance()
                expr = .index(expr, key, position)
            } else {
                return expr
            }
        }
    }

    mutating func parsePrimary() throws -> HCLExpr {
        let position = current.position
        switch current.kind {
        case .number:
            let value = current.number
            try advance()
            return .literal(.number(value), position)
        case .identifier:
            let name = current.text
            try advance()
            switch name {
            case "true": return .literal(.bool(true), position)
            case "false": return .literal(.bool(false), position)
            case "null": return .literal(.null, position)
            default: break
            }
            if current.isPunct("(") { return try parseCall(name, position) }
            return .variable(name, position)
        case .openQuote:
            let parts = try parseTemplateParts(quoted: true).parts
            try advance()
            return HCLParser.simplify(parts, position)
        case .heredoc:
            let token = current
            let saved = lexer
            let savedFlush = (flushIndent, flushStart)
            lexer.offset = token.contentStart
            lexer.limit = token.contentEnd
            lexer.line = token.contentLine
            lexer.column = 1
            flushIndent = token.flush ? HCLParser.indentation(lexer.bytes, token.contentStart, token.contentEnd) : nil
            flushStart = token.contentStart
            let parts = try parseTemplateParts(quoted: false)
            if let terminator = parts.terminator { throw error("'%{\(terminator)}' without its opening directive", at: position) }
            lexer = saved
            (flushIndent, flushStart) = savedFlush
            try advance()
            return HCLParser.simplify(parts.parts, position)
        case .punctuation:
            switch current.text {
            case "(":
                newlineModes.append(false)
                try advance()
                let inner = try parseExpression()
                try expect(")", "')' to close the parenthesis")
                newlineModes.removeLast()
                try advance()
                return .parens(inner, position)
            case "[":
                return try parseTuple(position)
            case "{":
                return try parseObject(position)
            default:
                throw unexpected("an expression")
            }
        default:
            throw unexpected("an expression")
        }
    }

    mutating func parseCall(_ name: String, _ position: HCLPosition) throws -> HCLExpr {
        newlineModes.append(false)
        try advance()
        var args: [HCLExpr] = []
        var expand = false
        while !current.isPunct(")") {
            args.append(try parseExpression())
            if current.isPunct("...") {
                expand = true
                try advance()
                try expect(")", "')' after the expanded argument")
                break
            }
            if current.isPunct(",") { try advance(); continue }
            try expect(")", "',' or ')' in the arguments of \(name)()")
        }
        newlineModes.removeLast()
        try advance()
        return .call(name, args, expandLast: expand, position)
    }

    mutating func parseTuple(_ position: HCLPosition) throws -> HCLExpr {
        newlineModes.append(false)
        try advance()
        if current.isKeyword("for") { return try parseFor(position, object: false) }
        var items: [HCLExpr] = []
        while !current.isPunct("]") {
            items.append(try parseExpression())
            if current.isPunct(",") { try advance(); continue }
            try expect("]", "',' or ']' in the list")
        }
        newlineModes.removeLast()
        try advance()
        return .tuple(items, position)
    }

    mutating func parseObject(_ position: HCLPosition) throws -> HCLExpr {
        newlineModes.append(true)
        try advance()
        try skipNewlines()
        if current.isKeyword("for") {
            newlineModes[newlineModes.count - 1] = false
            return try parseFor(position, object: true)
        }
        var items: [(key: HCLExpr, value: HCLExpr)] = []
        while true {
            try skipNewlines()
            if current.isPunct("}") { break }
            var key = try parseExpression()
            if case .variable(let name, let at) = key { key = .literal(.string(name), at) }
            guard current.isPunct("=") || current.isPunct(":") else { throw unexpected("'=' after the object key") }
            try advance()
            let value = try parseExpression()
            items.append((key, value))
            if current.isPunct(",") { try advance(); continue }
            if current.kind == .newline { continue }
            try expect("}", "',', a newline or '}' in the object")
        }
        newlineModes.removeLast()
        try advance()
        return .object(items, position)
    }

    /// After `[` or `{`, at the `for` keyword.
    mutating func parseFor(_ position: HCLPosition, object: Bool) throws -> HCLExpr {
        try advance()
        guard current.kind == .identifier else { throw unexpected("a variable name after 'for'") }
        var keyName: String?
        var valueName = current.text
        try advance()
        if current.isPunct(",") {
            try advance()
            guard current.kind == .identifier else { throw unexpected("a second variable name after ','") }
            keyName = valueName
            valueName = current.text
            try advance()
        }
        guard current.isKeyword("in") else { throw unexpected("'in' in the for expression") }
        try advance()
        let collection = try parseExpression()
        try expect(":", "':' after the for expression's collection")
        try advance()
        var keyExpr: HCLExpr?
        if object {
            keyExpr = try parseExpression()
            try expect("=>", "'=>' in the object for expression")
            try advance()
        }
        let valueExpr = try parseExpression()
        var grouping = false
        if object && current.isPunct("...") { grouping = true; try advance() }
        var condition: HCLExpr?
        if current.isKeyword("if") {
            try advance()
            condition = try parseExpression()
        }
        try expect(object ? "}" : "]", object ? "'}' to close the for expression" : "']' to close the for expression")
        newlineModes.removeLast()
        try advance()
        let clause = HCLForClause(keyName: keyName, valueName: valueName, collection: collection, keyExpr: keyExpr,
                                  valueExpr: valueExpr, condition: condition, grouping: grouping)
        return .forExpr(clause, position)
    }

    // MARK: Templates

    static func simplify(_ parts: [HCLTemplatePart], _ position: HCLPosition) -> HCLExpr {
        if parts.isEmpty { return .literal(.string(""), position) }
        if parts.count == 1, case .literal(let s) = parts[0] { return .literal(.string(s), position) }
        return .template(parts, position)
    }

    static func indentation(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var best = Int.max
        var i = start
        while i < end {
            var spaces = 0
            while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { spaces += 1; i += 1 }
            if i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { best = min(best, spaces) }
            while i < end && bytes[i] != 0x0A { i += 1 }
            i += 1
        }
        return best == Int.max ? 0 : best
    }

    /// Strips a flush heredoc's common indentation from the line starts inside a literal.
    func unindent(_ text: String, start: Int) -> String {
        guard let n = flushIndent, n > 0 else { return text }
        var atLineStart = start == flushStart || (start > 0 && lexer.bytes[start - 1] == 0x0A)
        var out = ""
        var dropped = 0
        for ch in text {
            if atLineStart && (ch == " " || ch == "\t") && dropped < n {
                dropped += 1
                continue
            }
            atLineStart = false
            out.append(ch)
            if ch == "\n" { atLineStart = true; dropped = 0 }
        }
        return out
    }

    /// Reads template parts up to the end of the template, or up to an `%{else}`, `%{endif}` or `%{endfor}`
    /// (returned as the terminator, for the directive that opened the section).
    mutating func parseTemplateParts(quoted: Bool) throws -> (parts: [HCLTemplatePart], terminator: String?) {
        try nest()
        defer { depth -= 1 }
        var parts: [HCLTemplatePart] = []
        func stripTrailing(_ parts: inout [HCLTemplatePart]) {
            if case .literal(let s)? = parts.last {
                var t = Substring(s)
                while let l = t.last, l == " " || l == "\t" || l == "\n" || l == "\r" { t = t.dropLast() }
                parts[parts.count - 1] = .literal(String(t))
            }
        }
        while true {
            switch try lexer.nextTemplateChunk(quoted: quoted) {
            case .end:
                return (parts, nil)
            case .literal(let raw, let start):
                var text = unindent(raw, start: start)
                if stripNextLeading {
                    text = String(text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                    stripNextLeading = false
                }
                if case .literal(let previous)? = parts.last {
                    parts[parts.count - 1] = .literal(previous + text)
                } else {
                    parts.append(.literal(text))
                }
            case .interpolation(let strip, _):
                if strip { stripTrailing(&parts) }
                stripNextLeading = false
                newlineModes.append(false)
                try advance()
                let expr = try parseExpression()
                try closeTemplateBrace()
                parts.append(.interpolation(expr))
            case .directive(let strip, let position):
                if strip { stripTrailing(&parts) }
                stripNextLeading = false
                newlineModes.append(false)
                try advance()
                guard current.kind == .identifier else { throw unexpected("'if', 'for', 'else', 'endif' or 'endfor' in the directive") }
                let keyword = current.text
                switch keyword {
                case "if":
                    try advance()
                    let condition = try parseExpression()
                    try closeTemplateBrace()
                    let (then, end1) = try parseTemplateParts(quoted: quoted)
                    var otherwise: [HCLTemplatePart] = []
                    var end = end1
                    if end1 == "else" {
                        let (e, end2) = try parseTemplateParts(quoted: quoted)
                        otherwise = e
                        end = end2
                    }
                    guard end == "endif" else { throw error("'%{if}' has no matching '%{endif}'", at: position) }
                    parts.append(.ifDirective(condition: condition, then: then, otherwise: otherwise))
                case "for":
                    try advance()
                    guard current.kind == .identifier else { throw unexpected("a variable name after 'for'") }
                    var key: String?
                    var value = current.text
                    try advance()
                    if current.isPunct(",") {
                        try advance()
                        guard current.kind == .identifier else { throw unexpected("a variable name after ','") }
                        key = value
                        value = current.text
                        try advance()
                    }
                    guard current.isKeyword("in") else { throw unexpected("'in' in the for directive") }
                    try advance()
                    let collection = try parseExpression()
                    try closeTemplateBrace()
                    let (body, end) = try parseTemplateParts(quoted: quoted)
                    guard end == "endfor" else { throw error("'%{for}' has no matching '%{endfor}'", at: position) }
                    parts.append(.forDirective(key: key, value: value, collection: collection, body: body))
                case "else", "endif", "endfor":
                    try advance()
                    try closeTemplateBrace()
                    return (parts, keyword)
                default:
                    throw error("unknown template directive '\(keyword)'")
                }
            }
        }
    }

    /// At the end of an interpolation or directive: an optional `~`, then `}`. The lexer stays right after
    /// the brace, where the template's text continues.
    mutating func closeTemplateBrace() throws {
        if current.isPunct("~") {
            stripNextLeading = true
            try advance()
        }
        try expect("}", "'}' to close the interpolation")
        newlineModes.removeLast()
    }
}
