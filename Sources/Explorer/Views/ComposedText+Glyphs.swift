import Canvas
import Model

extension BoxGlyphs {
    /// A text Analysis composed, as this glyph set shows it: vpcx's own notation drawn with
    /// `glyph(forNotation:)` (`->` as `→` in Unicode), every part sanitised and otherwise as the input said.
    /// A `->` or `→` inside a tag is a part: it is never upgraded, and ASCII mode leaves its `→` to
    /// `Grid.asciify`, the safety net for input text.
    public func displayed(_ text: ComposedText) -> String {
        text.mappingParts { TextWidth.sanitize($0) }.rendered(glyph(forNotation:))
    }
}
