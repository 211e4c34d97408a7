/// A window onto content taller than the room it has: the one scroll machinery every panel shares.
/// A panel draws its whole content into a scratch grid (`Grid(width:height:)` at its natural
/// height); the viewport copies the rows in view into place and says where it is (`position`).
public struct Viewport: Hashable, Sendable {
    /// Rows the content has.
    public var contentHeight: Int
    /// Rows of the room it is shown in.
    public var visibleHeight: Int
    /// The first content row in view, clamped to the content.
    public var top: Int

    public init(contentHeight: Int, visibleHeight: Int, top: Int) {
        self.contentHeight = max(0, contentHeight)
        self.visibleHeight = max(0, visibleHeight)
        self.top = 0
        self.top = clamp(top)
    }

    /// The furthest `top` can go: the last rows of the content at the bottom of the room.
    public var maxTop: Int { max(0, contentHeight - visibleHeight) }

    /// Whether anything is out of view (a position is shown only then).
    public var scrolls: Bool { contentHeight > visibleHeight }

    /// `top` held inside the content.
    public func clamp(_ top: Int) -> Int { max(0, min(top, maxTop)) }

    /// `13-24/40`: the rows in view and the total, as a person reads them (1-based).
    public var position: String {
        let last = min(contentHeight, top + visibleHeight)
        return "\(top + 1)-\(last)/\(contentHeight)"
    }
}

extension Grid {
    /// Rows from the top to the last one with anything drawn on it: a content's natural height.
    public var usedHeight: Int {
        var y = height - 1
        while y >= 0 {
            let row = y * width
            if cells[row..<(row + width)].contains(where: { $0.character != " " || $0.style != .normal }) { return y + 1 }
            y -= 1
        }
        return 0
    }

    /// Copies `source`'s rows from `top` into `rect` (as many as fit); a wide character cut by an
    /// edge becomes a space. Nothing outside `rect` is touched.
    public mutating func blit(_ source: Grid, top: Int, into rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            let sy = y - rect.y + top
            guard sy >= 0, sy < source.height else { continue }
            for x in area.x..<area.maxX {
                let sx = x - rect.x
                guard sx < source.width else { break }
                var cell = source[sx, sy]
                if cell.width == 2 && x + 1 >= area.maxX { cell = Cell(" ", style: cell.style) }
                if cell.width == 0 && x == area.x { cell = Cell(" ", style: cell.style) }
                self[x, y] = cell
            }
        }
    }
}
