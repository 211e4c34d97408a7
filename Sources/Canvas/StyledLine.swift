/// A piece of text in one style.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .normal) { self.text = text; self.style = style }
}

/// One line of styled text: what detail panes and reports are made of.
public struct StyledLine: Hashable, Sendable, ExpressibleByStringLiteral {
    public var spans: [Span]

    public init(_ spans: [Span] = []) { self.spans = spans }
    public init(_ text: String, _ style: Style = .normal) { spans = [Span(text, style)] }
    public init(stringLiteral value: String) { spans = [Span(value)] }

    /// The plain text.
    public var text: String { spans.map(\.text).joined() }

    /// Appends a span.
    public static func + (line: StyledLine, span: Span) -> StyledLine { StyledLine(line.spans + [span]) }
}

extension Grid {
    /// Draws a styled line from (x, y), clipped to `clip`.
    @discardableResult
    public mutating func put(_ line: StyledLine, x: Int, y: Int, clip: Rect? = nil) -> Int {
        var cx = x
        for span in line.spans { cx = put(span.text, x: cx, y: y, style: span.style, clip: clip) }
        return cx
    }

    /// Draws lines into a rectangle from line `scroll` on; returns how many lines there were, so a
    /// caller can clamp its scroll.
    @discardableResult
    public mutating func put(lines: [StyledLine], in rect: Rect, scroll: Int = 0) -> Int {
        guard !rect.isEmpty else { return lines.count }
        let first = max(0, min(scroll, max(0, lines.count - rect.height)))
        for (row, line) in lines.dropFirst(first).prefix(rect.height).enumerated() {
            put(line, x: rect.x, y: rect.y + row, clip: rect)
        }
        return lines.count
    }
}
