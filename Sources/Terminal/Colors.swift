import Canvas

/// Maps xterm 256-colour palette indexes down to what a terminal has, by nearest RGB.
enum Palette {
    /// The RGB of the 16 xterm base colours (xterm's defaults).
    static let base16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB xterm shows for a palette index: 0-15 base, 16-231 a 6x6x6 cube, 232-255 a grey ramp.
    static func rgb(_ index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16: return base16[index]
        case 16..<232:
            let i = index - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        case 232..<256:
            let level = 8 + 10 * (index - 232)
            return (level, level, level)
        default: return (0, 0, 0)
        }
    }

    /// The index to use on a terminal with `colors` colours; -1 (default) stays -1.
    /// With 256 or more colours the index is kept; with 16 (or 88) the nearest of the 16 base
    /// colours; with 8 the nearest of the first 8. Below 8 the terminal has no colour: -1.
    static func reduce(_ index: Int, colors: Int) -> Int {
        guard index >= 0, index < 256 else { return -1 }
        if colors >= 256 { return index }
        let available: Int
        if colors >= 16 { available = 16 } else if colors >= 8 { available = 8 } else { return -1 }
        if index < available { return index }
        if index < 16 { return index - 8 } // bright to normal on an 8-colour terminal
        let (r, g, b) = rgb(index)
        // A grey stays a grey: by distance alone mid-grey on 8 colours would become yellow.
        let candidates = (r == g && g == b) ? [0, 7, 8, 15].filter { $0 < available } : Array(0..<available)
        var best = 0
        var bestDistance = Int.max
        for candidate in candidates {
            let (cr, cg, cb) = base16[candidate]
            let d = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
            if d < bestDistance { bestDistance = d; best = candidate }
        }
        return best
    }
}

/// Colour pairs, allocated on first use per (foreground, background). ncurses has a fixed number
/// of pairs (`COLOR_PAIRS`), and pair 0 is the terminal's default colours; when the pairs run out,
/// further combinations fall back to pair 0 rather than failing.
struct ColorPairTable {
    /// Pairs that may be allocated (1...capacity).
    let capacity: Int
    private(set) var pairs: [PairKey: Int] = [:]

    struct PairKey: Hashable { var fg: Int; var bg: Int }

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The pair number for (fg, bg), and whether it was just allocated (then the caller runs `init_pair`).
    mutating func pair(fg: Int, bg: Int) -> (number: Int, isNew: Bool) {
        if fg == -1 && bg == -1 { return (0, false) }
        let key = PairKey(fg: fg, bg: bg)
        if let number = pairs[key] { return (number, false) }
        guard pairs.count < capacity else { return (0, false) }
        let number = pairs.count + 1
        pairs[key] = number
        return (number, true)
    }

    /// Forgets every pair (after a theme change the old ones are no longer needed).
    mutating func removeAll() { pairs.removeAll() }
}

/// How a cell is drawn once its role is looked up: Canvas's `RoleStyles`, the resolver the themes use too.
enum StyleResolution {
    static func resolve(_ style: Style, theme: [Role: TerminalStyle]) -> TerminalStyle {
        RoleStyles(theme).style(for: style)
    }

    /// The colours as the terminal will show them: reduced to its palette; no colour at all below 8.
    /// Without default-colour support (-1 rejected by `use_default_colors`), -1 becomes white on black.
    static func terminalColors(_ style: TerminalStyle, colors: Int, defaultColors: Bool) -> (fg: Int, bg: Int) {
        guard colors >= 8 else { return (-1, -1) }
        var fg = Palette.reduce(style.fg, colors: colors)
        var bg = Palette.reduce(style.bg, colors: colors)
        // On 8 colours (TERM=linux) a dark grey foreground (an inactive border) comes down to black,
        // invisible on the usual black background: draw it in the terminal's own foreground instead.
        if colors < 16, fg == 0, bg == -1 || bg == 0, style.fg != 0, style.fg != 16 { fg = -1 }
        if !defaultColors {
            if fg == -1 { fg = 7 }
            if bg == -1 { bg = 0 }
        }
        return (fg, bg)
    }
}
