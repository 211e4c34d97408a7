/// How many terminal columns text takes, and making untrusted text safe to draw.
public enum TextWidth {
    /// Columns one scalar takes: 0 for combining marks, 2 for East Asian wide and emoji, else 1.
    /// Control characters count 1 because `sanitize` turns them into a visible replacement.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns a string takes once sanitized.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for scalar in text.unicodeScalars { total += of(scalar) }
        return total
    }

    /// Text from inputs (tags, names, policies) may carry escape sequences that would drive the
    /// terminal. Control characters (C0, DEL, C1) become U+FFFD, a tab becomes a space, and bidi
    /// overrides are dropped, so nothing from a file can move the cursor or change colours.
    public static func sanitize(_ text: some StringProtocol) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isUnsafe(scalar) || scalar == "\t" {
            needsWork = true
            break
        }
        if !needsWork { return String(text) }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" { out.append(" ") }
            else if isBidiControl(scalar) { continue }
            else if isUnsafe(scalar) { out.append("\u{FFFD}") }
            else { out.append(scalar) }
        }
        return String(out)
    }

    static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }

    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value) || isBidiControl(s)
    }

    /// Cuts text to at most `width` columns, ending in `…` (or `~` in ASCII) when cut.
    public static func truncate(_ text: String, to width: Int, ascii: Bool = false) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let ellipsis: Character = ascii ? "~" : "…"
        var out = ""
        var used = 0
        for ch in text {
            let w = of(String(ch))
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        out.append(ellipsis)
        return out
    }

    /// Pads with spaces (or cuts) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false, ascii: Bool = false) -> String {
        let cut = truncate(text, to: width, ascii: ascii)
        let gap = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? gap + cut : cut + gap
    }
}
