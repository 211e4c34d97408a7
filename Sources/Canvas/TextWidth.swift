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

    /// Columns a string takes once sanitized: a byte each for ASCII (nearly every ID, name and
    /// message), which is checked without decoding a scalar; else scalar by scalar.
    public static func of(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { $0.allSatisfy { $0 < 0x80 } }
        if ascii { return text.utf8.count }
        var total = 0
        for scalar in text.unicodeScalars { total += of(scalar) }
        return total
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

    /// What part of a text carries its meaning when it must be cut.
    public enum Keep: Sendable {
        /// Decide from the text: an AWS ID keeps its prefix and tail (`eni-…3f9a21`), a path its
        /// file name (`…/fixtures/net.json`), anything else its start.
        case automatic
        /// The start (prose, names).
        case start
        /// The end (numbers, the newest part of a line).
        case end
    }

    /// The ellipsis a cut text carries: `…` in Unicode, `...` in ASCII (never `~`, which reads as a
    /// home directory in a path).
    public static func ellipsis(ascii: Bool) -> String { ascii ? "..." : "…" }

    /// **The** truncation: cuts text to at most `width` columns, keeping the meaningful part
    /// (`keep`), with `…` (Unicode) or `...` (ASCII) where text was taken out. Text that fits is
    /// returned as is.
    public static func truncate(_ text: String, to width: Int, ascii: Bool = false, keep: Keep = .automatic) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let mark = ellipsis(ascii: ascii)
        let markWidth = of(mark)
        guard width > markWidth else { return String(repeating: ".", count: width) }
        let room = width - markWidth
        switch keep == .automatic ? kind(of: text) : keep {
        case .end:
            return mark + suffix(of: text, width: room)
        case .automatic:
            // An ID: as much of the head as the tail leaves room for, the tail kept whole first.
            let dash = text.firstIndex(of: "-").map { text.distance(from: text.startIndex, to: $0) + 1 } ?? 0
            // The prefix (`eni-`) only when at least six characters of the tail fit beside it.
            let head = room - dash >= 6 ? dash : 0
            return prefix(of: text, width: head) + mark + suffix(of: text, width: room - head)
        case .start:
            // A path: its last component (a file, or a directory ending in `/`) whole when it fits,
            // then as much of the start as is left.
            let body = text.hasSuffix("/") ? text.dropLast() : Substring(text)
            if keep == .automatic, !text.contains(" "), let slash = body.lastIndex(of: "/"), slash != text.startIndex {
                let name = String(text[slash...])
                if of(name) <= room {
                    return prefix(of: text, width: room - of(name)) + mark + name
                }
                return mark + suffix(of: text, width: room)
            }
            return prefix(of: text, width: room) + mark
        }
    }

    /// How a text is best cut: `.automatic` stands for an AWS ID (`vpce-0a1b2c…`), `.end` for a
    /// Terraform module address, `.start` for anything else (a path is told apart inside `truncate`).
    static func kind(of text: String) -> Keep {
        // A Terraform address (`module.vpc.aws_vpc_endpoint.this["s3"]`): its last resource tells it apart.
        if text.hasPrefix("module."), !text.contains(" ") { return .end }
        let parts = text.split(separator: "-")
        if parts.count >= 2, !text.contains(" "), let last = parts.last, last.count >= 6,
           last.allSatisfy({ $0.isHexDigit }), parts.dropLast().allSatisfy({ $0.allSatisfy { $0.isLetter && $0.isASCII } }) {
            return .automatic
        }
        return .start
    }

    /// The longest start of `text` within `width` columns.
    static func prefix(of text: String, width: Int) -> String {
        var out = ""
        var used = 0
        for ch in text {
            let w = of(String(ch))
            if used + w > width { break }
            out.append(ch)
            used += w
        }
        return out
    }

    /// The longest end of `text` within `width` columns.
    static func suffix(of text: String, width: Int) -> String {
        var out: [Character] = []
        var used = 0
        for ch in text.reversed() {
            let w = of(String(ch))
            if used + w > width { break }
            out.append(ch)
            used += w
        }
        return String(out.reversed())
    }

    /// Pads with spaces (or cuts) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false, ascii: Bool = false) -> String {
        let cut = truncate(text, to: width, ascii: ascii)
        let gap = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? gap + cut : cut + gap
    }
}
