/// A screen grid as an SVG image, for slides and READMEs: one `<rect>` per run of background colour,
/// one `<text>` per row with one `<tspan>` per run of style, a monospace font stack, and the size of
/// the grid in character cells. Pure: the grid and its resolved styles in, the document out.
///
/// Every character of the grid came from an input file at some point (names, tags, policies), so all
/// text is XML-escaped and characters XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE/F)
/// become U+FFFD; nothing from a cell can close an element or start markup.
public enum SVGSnapshot {
    /// The colours a theme leaves to the terminal (`default`), as the image shows them.
    public struct Defaults: Hashable, Sendable {
        public var foreground: String
        public var background: String
        public init(foreground: String, background: String) {
            self.foreground = foreground
            self.background = background
        }
        /// A dark terminal (the default-dark, high-contrast and monochrome themes).
        public static let dark = Defaults(foreground: "#d0d0d0", background: "#1c1c1c")
        /// A light terminal (the light theme).
        public static let light = Defaults(foreground: "#1c1c1c", background: "#ffffff")
    }

    /// Width and height of one cell in SVG user units (the font size is 14).
    public static let cellWidth = 8.4
    public static let cellHeight = 17
    /// A monospace stack that renders box-drawing characters on Linux, macOS and Windows.
    public static let fontFamily = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

    /// The SVG document for `grid` drawn with `styles` (a theme's resolved table).
    public static func render(_ grid: Grid, styles: RoleStyles, defaults: Defaults = .dark) -> String {
        let width = format(Double(grid.width) * cellWidth)
        let height = grid.height * cellHeight
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">
        <rect width="100%" height="100%" fill="\(defaults.background)"/>
        <g font-family="\(fontFamily)" font-size="14" xml:space="preserve">

        """
        for y in 0..<grid.height {
            let runs = self.runs(row: y, of: grid, styles: styles, defaults: defaults)
            for run in runs where run.look.background != defaults.background {
                out += "<rect x=\"\(format(Double(run.x) * cellWidth))\" y=\"\(y * cellHeight)\" width=\"\(format(Double(run.columns) * cellWidth))\" height=\"\(cellHeight)\" fill=\"\(run.look.background)\"/>\n"
            }
            guard runs.contains(where: { !$0.text.allSatisfy { $0 == " " } }) else { continue }
            // The baseline sits about 4/5 down the cell, as a terminal draws it.
            out += "<text y=\"\(y * cellHeight + 13)\">"
            for run in runs where !run.text.allSatisfy({ $0 == " " }) {
                out += "<tspan x=\"\(format(Double(run.x) * cellWidth))\" fill=\"\(run.look.foreground)\""
                if run.look.bold { out += " font-weight=\"bold\"" }
                if run.look.underline { out += " text-decoration=\"underline\"" }
                if run.look.dim { out += " fill-opacity=\"0.6\"" }
                out += ">" + escape(run.text) + "</tspan>"
            }
            out += "</text>\n"
        }
        out += "</g>\n</svg>\n"
        return out
    }

    /// What one run of cells looks like once the theme is applied (reverse already swapped).
    struct Look: Hashable {
        var foreground: String
        var background: String
        var bold: Bool
        var underline: Bool
        var dim: Bool
    }

    struct Run {
        var x: Int
        var columns: Int
        var text: String
        var look: Look
        /// A wide character ended it: the next cell starts a new run at its own column, since a font's
        /// wide glyph is seldom exactly two cells and the text after it would drift.
        var closed = false
    }

    /// A row cut where the look changes and after each wide character (whose continuation cell adds a
    /// column, no text).
    static func runs(row y: Int, of grid: Grid, styles: RoleStyles, defaults: Defaults) -> [Run] {
        var runs: [Run] = []
        var cache: [Style: Look] = [:]
        for x in 0..<grid.width {
            let cell = grid[x, y]
            let look: Look
            if let known = cache[cell.style] { look = known } else {
                look = self.look(styles.style(for: cell.style), defaults: defaults)
                cache[cell.style] = look
            }
            let text = cell.width == 0 ? "" : String(cell.character)
            if var last = runs.last, last.look == look, !last.closed || cell.width == 0 {
                last.columns += 1
                last.text += text
                if cell.width == 0 { last.closed = true }
                runs[runs.count - 1] = last
            } else {
                runs.append(Run(x: x, columns: 1, text: text, look: look))
            }
        }
        return runs
    }

    static func look(_ style: TerminalStyle, defaults: Defaults) -> Look {
        var fg = style.fg == TerminalStyle.defaultColor ? defaults.foreground : XtermPalette.hex(style.fg)
        var bg = style.bg == TerminalStyle.defaultColor ? defaults.background : XtermPalette.hex(style.bg)
        if style.reverse { swap(&fg, &bg) }
        return Look(foreground: fg, background: bg, bold: style.bold, underline: style.underline, dim: style.dim)
    }

    /// Text as XML character data: the five markup characters as entities, and every character XML 1.0
    /// forbids (controls other than tab/newline/CR, U+FFFE, U+FFFF) as U+FFFD. `]]>` cannot survive
    /// since `>` is escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                // C1 controls are legal XML but a terminal would act on them, so they go too.
                let allowed = v == 0x9 || v == 0xA || v == 0xD || ((0x20...0xD7FF).contains(v) && !(0x7F...0x9F).contains(v))
                    || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// `8.4`, `16.8`, `672`: at most two decimals, no trailing zeros, no locale.
    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The xterm 256-colour palette as RGB: what a theme's colour numbers look like in an image.
public enum XtermPalette {
    /// The 16 basic colours as xterm draws them.
    static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// `#rrggbb` for a palette index 0...255 (out of range: black).
    public static func hex(_ index: Int) -> String {
        let (r, g, b) = rgb(index)
        func two(_ v: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String([digits[(v >> 4) & 15], digits[v & 15]])
        }
        return "#" + two(r) + two(g) + two(b)
    }

    /// The colour of a palette index: the 16 basic ones, the 6x6x6 cube, then 24 greys.
    public static func rgb(_ index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16: return basic[index]
        case 16..<232:
            let n = index - 16
            func level(_ c: Int) -> Int { c == 0 ? 0 : 55 + 40 * c }
            return (level(n / 36), level(n / 6 % 6), level(n % 6))
        case 232...255:
            let v = 8 + 10 * (index - 232)
            return (v, v, v)
        default: return (0, 0, 0)
        }
    }
}
