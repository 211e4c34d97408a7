/// A rectangle of cells. Origin is the top-left; sizes never go negative.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var description: String { "\(width)x\(height)@\(x),\(y)" }

    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }

    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// Splits off `n` columns on the left (clamped); returns (left, rest).
    public func splitLeft(_ n: Int) -> (Rect, Rect) {
        let w = max(0, min(width, n))
        return (Rect(x: x, y: y, width: w, height: height), Rect(x: x + w, y: y, width: width - w, height: height))
    }

    /// Splits off `n` rows at the top (clamped); returns (top, rest).
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let h = max(0, min(height, n))
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h, width: width, height: height - h))
    }

    /// Splits off `n` rows at the bottom (clamped); returns (rest, bottom).
    public func splitBottom(_ n: Int) -> (Rect, Rect) {
        let h = max(0, min(height, n))
        return (Rect(x: x, y: y, width: width, height: height - h), Rect(x: x, y: y + height - h, width: width, height: h))
    }

    /// `n` columns side by side, the remainder spread from the left.
    public func columns(_ n: Int, gap: Int = 0) -> [Rect] {
        guard n > 0 else { return [] }
        let usable = max(0, width - gap * (n - 1))
        var result: [Rect] = []
        var cx = x
        for i in 0..<n {
            let w = usable / n + (i < usable % n ? 1 : 0)
            result.append(Rect(x: cx, y: y, width: w, height: height))
            cx += w + gap
        }
        return result
    }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// The overlap of two rectangles (empty when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let nx = max(x, other.x), ny = max(y, other.y)
        return Rect(x: nx, y: ny, width: min(maxX, other.maxX) - nx, height: min(maxY, other.maxY) - ny)
    }
}
