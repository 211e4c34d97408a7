/// Text vpcx composes from parts, some of them from inputs (IDs, tags, hostnames), with its own
/// notation between them: an arrow (`0.0.0.0/0 -> nat-0abc`) or a list separator (`eu-west-1a, 10.0.1.5`).
///
/// `plain` is the text in vpcx's ASCII notation (`->`, `, `), what JSON, CSV and every non-terminal output
/// write whatever the locale. The notation vpcx wrote is also *marked*, so a display can draw it as a glyph
/// (`→`, `·`) without touching the parts: a tag that says `a -> b` is text, not notation, and stays as it is.
///
/// Only the source code writes notation. In a string literal (`"\(route.destination) -> \(target)"`) every
/// `->` is vpcx's arrow; what is interpolated (`\(target)`) is a part, never searched. A list separator is
/// written with `ComposedText(joining:)` or `\(ComposedText.separator)`, since a literal `, ` is prose as often
/// as it is a list.
public struct ComposedText: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A piece of vpcx's notation.
    public enum Mark: Hashable, Sendable {
        /// `->`: what leads where (a route to its target, a name to its answer, an old value to a new one).
        case arrow
        /// `, ` between the items of a list of facts (an AZ and an IP).
        case separator

        /// How the mark is written in ASCII: in `plain`, and on a display that keeps ASCII.
        public var notation: String {
            switch self {
            case .arrow: return "->"
            case .separator: return ", "
            }
        }
    }

    /// A mark and where it starts in `plain` (an offset in UTF-8 bytes).
    struct Placed: Hashable, Sendable {
        var offset: Int
        var mark: Mark
    }

    /// The text with vpcx's notation in ASCII.
    public private(set) var plain: String
    /// Where vpcx's notation is in `plain`, in order. Empty for most texts, so they cost no more than a String.
    private(set) var marks: [Placed]

    /// Text taken as it is: nothing in it is notation, whatever it contains.
    public init(verbatim text: some StringProtocol) {
        plain = String(text)
        marks = []
    }

    /// An empty text.
    public init() {
        plain = ""
        marks = []
    }

    /// A literal from the source code: every `->` in it is vpcx's arrow.
    public init(stringLiteral literal: String) {
        self.init()
        appendNotation(literal)
    }

    /// A literal with parts: the literal pieces are vpcx's (their `->` marked), the interpolated values are not.
    public init(stringInterpolation: StringInterpolation) {
        self = stringInterpolation.text
    }

    /// The parts with vpcx's `mark` between each two (`["eu-west-1a", "10.0.1.5"]` → `eu-west-1a, 10.0.1.5`).
    public init(joining parts: some Sequence<some StringProtocol>, by mark: Mark = .separator) {
        self.init()
        for (i, part) in parts.enumerated() {
            if i > 0 { append(mark) }
            plain += part
        }
    }

    /// `init(joining:by:)` for the common case, an array of strings, with no generic call per part:
    /// every path's source and interface-endpoint hops are built with it.
    public init(joining parts: [String], by mark: Mark = .separator) {
        self.init()
        for (i, part) in parts.enumerated() {
            if i > 0 { append(mark) }
            plain += part
        }
    }

    /// The list separator, to interpolate between two parts.
    public static let separator: ComposedText = { var text = ComposedText(); text.append(Mark.separator); return text }()

    /// The plain text (so `"\(text)"` in a String and `print` write the ASCII notation).
    public var description: String { plain }

    /// Whether the text is empty.
    public var isEmpty: Bool { plain.isEmpty }

    /// Whether the plain text contains `other` (a note's words, say).
    public func contains(_ other: some StringProtocol) -> Bool { plain.contains(other) }

    /// Whether the plain text starts with `prefix`.
    public func hasPrefix(_ prefix: some StringProtocol) -> Bool { plain.hasPrefix(prefix) }

    /// Whether the plain text ends with `suffix`.
    public func hasSuffix(_ suffix: some StringProtocol) -> Bool { plain.hasSuffix(suffix) }

    /// Whether vpcx's notation is anywhere in the text.
    public var hasNotation: Bool { !marks.isEmpty }

    /// The text with each piece of vpcx's notation drawn as `glyph` says (given its ASCII notation, `->` or `, `).
    /// The parts are copied as they are.
    public func rendered(_ glyph: (String) -> String) -> String {
        guard !marks.isEmpty else { return plain }
        let bytes = plain.utf8
        var out = ""
        out.reserveCapacity(bytes.count + 2 * marks.count)
        var from = bytes.startIndex
        for placed in marks {
            let at = bytes.index(bytes.startIndex, offsetBy: placed.offset)
            out += plain[from..<at]
            out += glyph(placed.mark.notation)
            from = bytes.index(at, offsetBy: placed.mark.notation.utf8.count)
        }
        out += plain[from...]
        return out
    }

    /// The text with `transform` applied to each part between vpcx's notation (a sanitiser, say), the
    /// notation kept as it is: a part can grow or shrink without moving a mark off its place.
    public func mappingParts(_ transform: (String) -> String) -> ComposedText {
        var out = ComposedText()
        let bytes = plain.utf8
        var from = bytes.startIndex
        for placed in marks {
            let at = bytes.index(bytes.startIndex, offsetBy: placed.offset)
            out.plain += transform(String(plain[from..<at]))
            out.append(placed.mark)
            from = bytes.index(at, offsetBy: placed.mark.notation.utf8.count)
        }
        out.plain += transform(String(plain[from...]))
        return out
    }

    /// The text cut at its line breaks (`\n`), each line keeping its marks.
    public var lines: [ComposedText] {
        var out: [ComposedText] = []
        var line = ComposedText()
        var offset = 0
        var next = marks.makeIterator()
        var pending = next.next()
        for piece in plain.split(separator: "\n", omittingEmptySubsequences: false) {
            let end = offset + piece.utf8.count
            line = ComposedText(verbatim: piece)
            while let placed = pending, placed.offset < end {
                line.marks.append(Placed(offset: placed.offset - offset, mark: placed.mark))
                pending = next.next()
            }
            out.append(line)
            offset = end + 1
        }
        return out
    }

    /// Adds a part as it is: nothing in it becomes notation.
    public mutating func append(verbatim text: some StringProtocol) {
        plain += text
    }

    /// Adds a composed text, its marks kept.
    public mutating func append(_ other: ComposedText) {
        let base = plain.utf8.count
        plain += other.plain
        marks += other.marks.map { Placed(offset: base + $0.offset, mark: $0.mark) }
    }

    /// Adds a piece of vpcx's notation.
    public mutating func append(_ mark: Mark) {
        marks.append(Placed(offset: plain.utf8.count, mark: mark))
        plain += mark.notation
    }

    /// Adds text vpcx wrote: its `->` are marked as arrows.
    ///
    /// Scanned byte by byte (both characters are ASCII, so an arrow's bytes are its characters):
    /// resolving every subnet to every service builds tens of thousands of notes and route texts from
    /// literals, and a Character search for `->` in each was a tenth of that work.
    mutating func appendNotation(_ literal: String) {
        let bytes = literal.utf8
        guard bytes.contains(UInt8(ascii: ">")) else {
            plain += literal
            return
        }
        var from = bytes.startIndex
        var afterDash = false
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: ">") && afterDash {
                plain += literal[from..<bytes.index(before: i)]
                append(.arrow)
                from = bytes.index(after: i)
                afterDash = false
            } else {
                afterDash = byte == UInt8(ascii: "-")
            }
            i = bytes.index(after: i)
        }
        plain += literal[from...]
    }

    /// The two texts one after the other, marks kept.
    public static func + (lhs: ComposedText, rhs: ComposedText) -> ComposedText {
        var out = lhs
        out.append(rhs)
        return out
    }

    /// Adds `rhs` at the end, marks kept.
    public static func += (lhs: inout ComposedText, rhs: ComposedText) {
        lhs.append(rhs)
    }

    /// Orders by the plain text (notes and reasons sort as their words do).
    public static func < (lhs: ComposedText, rhs: ComposedText) -> Bool { lhs.plain < rhs.plain }

    /// Builds a `ComposedText` from a literal with interpolations.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ComposedText()

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.plain.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        /// A literal piece: vpcx's own text, its `->` marked.
        public mutating func appendLiteral(_ literal: String) { text.appendNotation(literal) }

        /// A composed part keeps its marks.
        public mutating func appendInterpolation(_ part: ComposedText) { text.append(part) }

        /// Any other part is taken as it is.
        public mutating func appendInterpolation(_ part: String) { text.plain += part }

        /// Any other part is taken as it is.
        public mutating func appendInterpolation(_ part: Substring) { text.plain += part }

        /// Any other part is taken as it is (its description).
        public mutating func appendInterpolation(_ part: some CustomStringConvertible) { text.plain += part.description }

        /// An optional would print as `Optional(...)`: say what nil means instead.
        @available(*, deprecated, message: "interpolating an optional writes Optional(...); unwrap it")
        public mutating func appendInterpolation<T>(_ part: T?) { text.plain += String(describing: part) }
    }
}
