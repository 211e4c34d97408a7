import Canvas
import JSONText

/// One line of a pretty-printed policy: coloured pieces plus which statement (and which of its
/// elements) the line belongs to, so the view can mark the deciding and closest statements.
struct PolicyTextLine: Hashable, Sendable {
    var segments: [(text: String, role: Role)]
    /// 1-based statement index, nil outside statements.
    var statement: Int?
    /// The statement member the line is in (`Action`, `Resource`, ...), nil on the statement's braces.
    var element: String?

    var text: String { segments.map(\.text).joined() }

    static func == (a: PolicyTextLine, b: PolicyTextLine) -> Bool {
        a.statement == b.statement && a.element == b.element && a.segments.count == b.segments.count
            && zip(a.segments, b.segments).allSatisfy { $0.text == $1.text && $0.role == $1.role }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(statement)
    }
}

/// The policy as `JSONValue.prettyText` lays it out (two spaces a level), split into coloured lines.
enum PolicyText {
    static func lines(_ json: JSONValue) -> [PolicyTextLine] {
        var writer = Writer()
        writer.write(json, level: 0, path: .document)
        writer.finishLine()
        return writer.lines
    }

    /// Where the writer is: what a nested value is to the policy.
    enum Path: Equatable {
        case document
        case statementList
        case statement(Int)
        case element(Int, String)
        case other
    }

    struct Writer {
        var lines: [PolicyTextLine] = []
        var current: [(text: String, role: Role)] = []
        var statement: Int?
        var element: String?

        mutating func emit(_ text: String, _ role: Role) { current.append((text, role)) }

        mutating func finishLine() {
            lines.append(PolicyTextLine(segments: current, statement: statement, element: element))
            current = []
        }

        mutating func write(_ value: JSONValue, level: Int, path: Path) {
            let pad = String(repeating: "  ", count: level)
            switch value {
            case .object(let members):
                if case .statement(let i) = path { statement = i; element = nil }
                if members.isEmpty { emit("{}", .normal); return }
                emit("{", .normal)
                finishLine()
                for (i, m) in members.enumerated() {
                    let childPath: Path
                    switch path {
                    case .document where m.key == "Statement":
                        if case .array = m.value { childPath = .statementList } else { childPath = .statement(1) }
                    case .statement(let s):
                        childPath = .element(s, m.key)
                        element = m.key
                    case .element(let s, let e): childPath = .element(s, e)
                    default: childPath = .other
                    }
                    if case .statement(let s) = childPath { statement = s; element = nil }
                    emit(pad + "  ", .normal)
                    emit(JSONValue.quote(m.key), .jsonKey)
                    emit(": ", .normal)
                    write(m.value, level: level + 1, path: childPath)
                    if case .statement = path { element = m.key } // still inside this member for its closing line
                    emit(i < members.count - 1 ? "," : "", .normal)
                    finishLine()
                    if case .statement = childPath { statement = nil; element = nil }
                }
                if case .statement = path { element = nil }
                emit(pad + "}", .normal)
            case .array(let items):
                if items.isEmpty { emit("[]", .normal); return }
                emit("[", .normal)
                finishLine()
                for (i, item) in items.enumerated() {
                    let childPath: Path
                    switch path {
                    case .statementList: childPath = .statement(i + 1)
                    case .element(let s, let e): childPath = .element(s, e)
                    default: childPath = .other
                    }
                    if case .statement(let s) = childPath { statement = s; element = nil }
                    emit(pad + "  ", .normal)
                    write(item, level: level + 1, path: childPath)
                    emit(i < items.count - 1 ? "," : "", .normal)
                    finishLine()
                    if case .statement = childPath { statement = nil; element = nil }
                }
                emit(pad + "]", .normal)
            case .string(let s): emit(JSONValue.quote(s), .jsonString)
            case .number(let n): emit(n, .jsonLiteral)
            case .bool(let b): emit(b ? "true" : "false", .jsonLiteral)
            case .null: emit("null", .jsonLiteral)
            }
        }
    }
}
