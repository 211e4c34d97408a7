import Canvas

/// Which cells a present sends to the terminal, and what each one shows: a pure function of the
/// previous and the new grid, so the diff is tested without a terminal.
struct PresentPlan: Equatable {
    /// A horizontal stretch of cells on one row to rewrite: `from..<to`.
    struct Run: Hashable { var y: Int; var from: Int; var to: Int }

    /// One thing to draw: a character (two columns when `isWide`) and its style.
    struct Glyph: Hashable {
        var character: Character
        var isWide: Bool
        var style: Style
    }

    var runs: [Run]

    /// Cells (columns) the runs cover: what `lastCellsWritten` reports.
    var cellCount: Int { runs.reduce(0) { $0 + ($1.to - $1.from) } }

    /// The runs that differ between `previous` and `grid` (everything without a previous grid or when the
    /// size changed), widened so a wide character is always redrawn whole, merged, and clipped to the screen.
    init(previous: Grid?, grid: Grid, screenWidth: Int, screenHeight: Int) {
        let width = min(grid.width, screenWidth)
        let height = min(grid.height, screenHeight)
        let comparable = previous.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
        var result: [Run] = []
        for run in grid.changedRuns(since: comparable) where run.y < height {
            var from = max(0, run.from)
            var to = min(run.to, width)
            guard from < to else { continue }
            // The left neighbour is the head of a wide character (now or before): its right half changed.
            if from > 0 && (grid[from - 1, run.y].width == 2 || (comparable?[from - 1, run.y].width ?? 1) == 2) {
                from -= 1
            }
            // The right neighbour is (or was) the right half of a wide character that this run changes.
            if to < width && (grid[to, run.y].width == 0 || (comparable?[to - 1, run.y].width ?? 1) == 2) {
                to += 1
            }
            if let last = result.last, last.y == run.y, last.to >= from {
                result[result.count - 1].to = max(last.to, to)
            } else {
                result.append(Run(y: run.y, from: from, to: to))
            }
        }
        runs = result
    }

    /// What to draw for one run. A wide character covers its continuation cell; a wide character cut
    /// by the screen edge, or a half without its other half, is drawn as a blank so columns stay aligned.
    /// When the terminal cannot show non-ASCII (`asciiOnly`), such characters become `?` (twice for a wide one).
    static func glyphs(for run: Run, in grid: Grid, screenWidth: Int, asciiOnly: Bool) -> [Glyph] {
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(run.to - run.from)
        let limit = min(screenWidth, grid.width)
        var x = run.from
        while x < run.to {
            let cell = grid[x, run.y]
            switch cell.width {
            case 2 where x + 1 < limit && grid[x + 1, run.y].width == 0:
                if asciiOnly && !cell.character.isASCII {
                    glyphs.append(Glyph(character: "?", isWide: false, style: cell.style))
                    glyphs.append(Glyph(character: "?", isWide: false, style: cell.style))
                } else {
                    glyphs.append(Glyph(character: cell.character, isWide: true, style: cell.style))
                }
                x += 2
                continue
            case 1:
                let printable = asciiOnly && !cell.character.isASCII ? "?" : cell.character
                glyphs.append(Glyph(character: printable, isWide: false, style: cell.style))
            default:
                glyphs.append(Glyph(character: " ", isWide: false, style: cell.style))
            }
            x += 1
        }
        return glyphs
    }
}
