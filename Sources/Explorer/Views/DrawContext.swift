import Canvas

/// What every view needs besides its data: the glyph set (Unicode or ASCII) and whether its panel
/// has focus. Views are pure functions `(data, rect, context) -> draws into Grid`; colours are roles.
public struct DrawContext: Sendable {
    public var glyphs: BoxGlyphs
    public var focused: Bool
    /// A counter that advances while an animation runs (0 when none does).
    public var frame: Int

    public init(glyphs: BoxGlyphs = .unicode, focused: Bool = true, frame: Int = 0) {
        self.glyphs = glyphs
        self.focused = focused
        self.frame = frame
    }

    public var ascii: Bool { glyphs.isASCII }
}
