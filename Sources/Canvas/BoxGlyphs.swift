/// The characters for lines, boxes, arrows and bars, in a Unicode set and an ASCII set.
/// ASCII is used when the locale is not UTF-8 (`LANG=C` over SSH) or with `--ascii`.
public struct BoxGlyphs: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    public var teeDown: Character
    public var teeUp: Character
    public var teeRight: Character
    public var teeLeft: Character
    public var cross: Character
    public var arrowRight: Character
    public var arrowDown: Character
    public var arrowLeft: Character
    public var arrowUp: Character
    public var treeBranch: String
    public var treeLast: String
    public var treePipe: String
    public var expanded: Character
    public var collapsed: Character
    public var bullet: Character
    public var packet: Character
    public var fullBlock: Character
    public var halfBlock: Character
    public var check: Character
    public var crossMark: Character
    public var ellipsis: String
    public var isASCII: Bool

    public static let unicode = BoxGlyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        teeDown: "┬", teeUp: "┴", teeRight: "├", teeLeft: "┤", cross: "┼",
        arrowRight: "►", arrowDown: "▼", arrowLeft: "◄", arrowUp: "▲",
        treeBranch: "├─", treeLast: "└─", treePipe: "│ ", expanded: "▾", collapsed: "▸", bullet: "•",
        packet: "●", fullBlock: "█", halfBlock: "▌", check: "✓", crossMark: "✗", ellipsis: "…", isASCII: false)

    public static let ascii = BoxGlyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        teeDown: "+", teeUp: "+", teeRight: "+", teeLeft: "+", cross: "+",
        arrowRight: ">", arrowDown: "v", arrowLeft: "<", arrowUp: "^",
        treeBranch: "|-", treeLast: "`-", treePipe: "| ", expanded: "-", collapsed: "+", bullet: "*",
        packet: "o", fullBlock: "#", halfBlock: "#", check: "+", crossMark: "x", ellipsis: "...", isASCII: true)
}

extension BoxGlyphs {
    /// The glyph this set draws for a piece of the ASCII notation vpcx writes between the parts of a text
    /// (`ComposedText` marks it): in Unicode `->` is `→` and the list separator `, ` is ` · `; the ASCII set
    /// keeps the notation as written. Anything else is returned unchanged. Only marked notation comes here,
    /// never a whole line, so a `->` typed into a tag is not upgraded.
    public func glyph(forNotation notation: String) -> String {
        guard !isASCII else { return notation }
        switch notation {
        case "->": return "→"
        case ", ": return " · "
        default: return notation
        }
    }
}
