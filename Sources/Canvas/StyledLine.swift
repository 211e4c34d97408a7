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

extension StyledLine {
    /// Columns the line takes.
    public var width: Int { spans.reduce(0) { $0 + TextWidth.of($1.text) } }

    /// The line folded to `width` columns, styles kept: it breaks after the last space that leaves
    /// at least half a line, else at the column; continuation lines are indented by `indent`, so
    /// nothing is lost off a panel's right edge.
    public func wrapped(width: Int, indent: Int = 2) -> [StyledLine] {
        guard width > indent + 4, self.width > width else { return [self] }
        // Cells of (character, style), so a break can fall inside a span.
        var cells: [(Character, Style)] = []
        for span in spans { for ch in TextWidth.sanitize(span.text) { cells.append((ch, span.style)) } }
        var result: [StyledLine] = []
        var start = 0
        var first = true
        while start < cells.count {
            let room = first ? width : width - indent
            var used = 0, end = start
            while end < cells.count {
                let w = TextWidth.of(String(cells[end].0))
                if used + w > room { break }
                used += w
                end += 1
            }
            if end < cells.count, let space = cells[start..<end].lastIndex(where: { $0.0 == " " }), space - start >= room / 2 {
                end = space + 1
            }
            end = max(end, start + 1)
            var line = StyledLine(first ? [] : [Span(String(repeating: " ", count: indent))])
            for (ch, style) in cells[start..<end] {
                if let last = line.spans.last, last.style == style, !(line.spans.count == 1 && !first) {
                    line.spans[line.spans.count - 1].text.append(ch)
                } else {
                    line.spans.append(Span(String(ch), style))
                }
            }
            result.append(line)
            start = end
            first = false
        }
        return result
    }
}
