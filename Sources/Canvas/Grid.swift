/// One terminal cell: a character and how to draw it. A wide character occupies its cell and the
/// next one, which holds a continuation (`width == 0`).
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var width: UInt8
    public var style: Style

    public init(_ character: Character = " ", width: UInt8 = 1, style: Style = .normal) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
}

/// A screen's worth of cells. Every view draws into a Grid; the terminal presents it, a snapshot
/// prints it. Drawing is clipped to the grid (and to an optional rectangle) so a view can never
/// write outside its place, at any size down to 1x1.
public struct Grid: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { (x >= 0 && x < width && y >= 0 && y < height) ? cells[y * width + x] : .blank }
        set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
    }

    /// Writes text from (x, y) on one line, sanitized, clipped to `clip` and the grid.
    /// Returns the column after the last one written (or that would have been).
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = .normal, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard y >= area.y, y < area.maxY else { return x + TextWidth.of(text) }
        var cx = x
        for ch in TextWidth.sanitize(text) {
            let w = ch.unicodeScalars.reduce(0) { $0 + TextWidth.of($1) }
            if w == 0 {
                continue // combining marks ride on the previous cell's character; drop them rather than misplace
            }
            if cx >= area.x && cx + w <= area.maxX {
                self[cx, y] = Cell(ch, width: UInt8(w), style: style)
                if w == 2 { self[cx + 1, y] = Cell(" ", width: 0, style: style) }
            } else if cx < area.maxX && cx + w > area.maxX && cx >= area.x {
                self[cx, y] = Cell(" ", width: 1, style: style) // a wide char cut by the edge
            }
            cx += w
        }
        return cx
    }

    /// Fills a rectangle with one character.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", style: Style = .normal) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let cell = Cell(character, width: 1, style: style)
        for y in r.y..<r.maxY {
            let row = y * width
            for x in r.x..<r.maxX { cells[row + x] = cell }
        }
    }

    /// Changes the style of existing cells (for a selection bar or a highlight), keeping characters.
    public mutating func restyle(_ rect: Rect, _ transform: (inout Style) -> Void) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { transform(&cells[y * width + x].style) }
        }
    }

    /// Draws a horizontal line of `glyph`.
    public mutating func hline(x: Int, y: Int, length: Int, glyph: Character, style: Style = .normal) {
        guard length > 0 else { return }
        fill(Rect(x: x, y: y, width: length, height: 1), glyph, style: style)
    }

    /// Draws a vertical line of `glyph`.
    public mutating func vline(x: Int, y: Int, length: Int, glyph: Character, style: Style = .normal) {
        guard length > 0 else { return }
        fill(Rect(x: x, y: y, width: 1, height: length), glyph, style: style)
    }

    /// Draws a box around `rect` with an optional title on the top edge.
    public mutating func box(_ rect: Rect, glyphs: BoxGlyphs, style: Style = Style(.border), title: String? = nil,
                             titleStyle: Style = Style(.title, bold: true)) {
        guard rect.width >= 2, rect.height >= 2 else {
            fill(rect, glyphs.horizontal, style: style)
            return
        }
        hline(x: rect.x + 1, y: rect.y, length: rect.width - 2, glyph: glyphs.horizontal, style: style)
        hline(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, glyph: glyphs.horizontal, style: style)
        vline(x: rect.x, y: rect.y + 1, length: rect.height - 2, glyph: glyphs.vertical, style: style)
        vline(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, glyph: glyphs.vertical, style: style)
        self[rect.x, rect.y] = Cell(glyphs.topLeft, style: style)
        self[rect.maxX - 1, rect.y] = Cell(glyphs.topRight, style: style)
        self[rect.x, rect.maxY - 1] = Cell(glyphs.bottomLeft, style: style)
        self[rect.maxX - 1, rect.maxY - 1] = Cell(glyphs.bottomRight, style: style)
        if let title, rect.width > 4 {
            let text = " " + TextWidth.truncate(TextWidth.sanitize(title), to: rect.width - 4, ascii: glyphs.isASCII) + " "
            put(text, x: rect.x + 1, y: rect.y, style: titleStyle, clip: rect)
        }
    }

    /// The text of one row, trailing spaces removed; continuation cells are skipped.
    public func text(row y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var line = ""
        for x in 0..<width {
            let cell = cells[y * width + x]
            if cell.width == 0 { continue }
            line.append(cell.character)
        }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The whole grid as text, one line per row: what snapshots compare and `vpcx snapshot` prints.
    public var text: String { (0..<height).map { text(row: $0) }.joined(separator: "\n") }

    /// Positions of cells that differ from `previous` (every cell when the sizes differ).
    /// The terminal sends only these, so a cursor move costs a few cells, not a screen.
    public func changedRuns(since previous: Grid?) -> [(y: Int, from: Int, to: Int)] {
        guard let previous, previous.width == width, previous.height == height else {
            return (0..<height).map { (y: $0, from: 0, to: width) }
        }
        var runs: [(y: Int, from: Int, to: Int)] = []
        for y in 0..<height {
            let row = y * width
            var x = 0
            while x < width {
                if cells[row + x] != previous.cells[row + x] {
                    var end = x + 1
                    while end < width && cells[row + end] != previous.cells[row + end] { end += 1 }
                    // Start a run on the head of a wide character so it is redrawn whole.
                    let start = (x > 0 && cells[row + x].width == 0) ? x - 1 : x
                    runs.append((y: y, from: start, to: end))
                    x = end
                } else {
                    x += 1
                }
            }
        }
        return runs
    }
}

extension Grid {
    /// Replaces every non-ASCII character with an ASCII stand-in, for terminals whose locale is not
    /// UTF-8 (`LANG=C` over SSH), where anything else prints as junk. Views draw with ASCII glyphs
    /// in that mode already; this catches text from inputs and the odd symbol.
    public mutating func asciify() {
        for i in cells.indices {
            let cell = cells[i]
            if cell.width == 0 {
                cells[i].character = "?"
                cells[i].width = 1
                continue
            }
            guard !cell.character.isASCII else { continue }
            cells[i].character = Grid.asciiStandIn(for: cell.character)
            cells[i].width = 1
        }
    }

    /// The ASCII character that stands in for `character` on a terminal that is not UTF-8 (`?` when none does).
    public static func asciiStandIn(for character: Character) -> Character {
        character.isASCII ? character : asciiStandIns[character] ?? "?"
    }

    static let asciiStandIns: [Character: Character] = [
        "…": ".", "→": ">", "←": "<", "↑": "^", "↓": "v", "►": ">", "◄": "<", "▶": ">", "◀": "<", "▲": "^", "▼": "v",
        "▸": "+", "▾": "-", "•": "*", "●": "o", "✓": "+", "✗": "x", "█": "#", "▌": "#", "▐": "#", "▀": "#", "▄": "#",
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "═": "=", "║": "|", "×": "x", "·": ".", "–": "-", "—": "-", "“": "\"", "”": "\"", "‘": "'", "’": "'", "\u{FFFD}": "?",
        "é": "e", "è": "e", "á": "a", "à": "a", "ö": "o", "ü": "u", "ä": "a", "ñ": "n", "ç": "c",
    ]
}
