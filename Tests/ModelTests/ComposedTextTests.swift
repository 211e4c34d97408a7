import Model
import Testing

/// vpcx's notation is marked where the source code wrote it and nowhere else: a `->` in an
/// interpolated part (an ID, a tag) is text, whatever a display later does with the marks.
@Suite("Composed text")
struct ComposedTextTests {
    /// The marks as a display would draw them, each between brackets, so a test sees which `->` is notation.
    static func bracketed(_ text: ComposedText) -> String { text.rendered { "[\($0)]" } }

    @Test("A literal's arrows are notation; an interpolated part's are not")
    func literalArrowsAreMarkedPartsAreNot() {
        let tag = "a -> b → c"
        let text: ComposedText = "0.0.0.0/0 -> \(tag): \("x->y")"
        #expect(text.plain == "0.0.0.0/0 -> a -> b → c: x->y")
        #expect(Self.bracketed(text) == "0.0.0.0/0 [->] a -> b → c: x->y")
        #expect(Self.bracketed(ComposedText(verbatim: "10.0.0.0/16 -> local")) == "10.0.0.0/16 -> local", "verbatim text has no notation")
        #expect(Self.bracketed("->leading and trailing->") == "[->]leading and trailing[->]")
        // A dash and a '>' apart are prose, and a literal with no '>' is taken whole (the fast path).
        #expect(!("rtb-1 - no arrow > here" as ComposedText).hasNotation)
        #expect(Self.bracketed("a --> b ->-> c ->> d") == "a -[->] b [->][->] c [->]> d")
        #expect(("sg-1 allows TCP 443 from 10.0.0.0/16" as ComposedText).plain == "sg-1 allows TCP 443 from 10.0.0.0/16")
    }

    @Test("A list joined by the separator, and a separator interpolated, are marked; a literal comma is prose")
    func separatorsAreMarkedOnlyWhereWritten() {
        let place = ComposedText(joining: ["eu-west-1a", "10.0.1.5, or not"])
        #expect(place.plain == "eu-west-1a, 10.0.1.5, or not")
        #expect(Self.bracketed(place) == "eu-west-1a[, ]10.0.1.5, or not")
        let interpolated: ComposedText = "one, two\(ComposedText.separator)three"
        #expect(Self.bracketed(interpolated) == "one, two[, ]three")
        #expect(ComposedText(joining: [String]()).plain.isEmpty)
    }

    @Test("Composed parts keep their marks when interpolated, appended or added")
    func marksSurviveComposition() {
        let route: ComposedText = "10.0.0.0/8 -> tgw-1"
        let blocked: ComposedText = "BLOCKED: \(route) (\("static -> x"))"
        #expect(Self.bracketed(blocked) == "BLOCKED: 10.0.0.0/8 [->] tgw-1 (static -> x)")
        var text = ComposedText(verbatim: "é -> ")
        text += route
        text.append(verbatim: " -> ")
        text.append(.arrow)
        #expect(Self.bracketed(text) == "é -> 10.0.0.0/8 [->] tgw-1 -> [->]")
        #expect(Self.bracketed(route + route) == "10.0.0.0/8 [->] tgw-110.0.0.0/8 [->] tgw-1")
    }

    @Test("Mapping the parts (a sanitiser that grows or drops characters) keeps each mark on its place")
    func mappingPartsKeepsMarks() {
        let text: ComposedText = "\("a\u{1}b") -> \("c\u{202E}d"), end"
        let mapped = text.mappingParts { part in
            String(String.UnicodeScalarView(part.unicodeScalars.compactMap { s in
                s.value < 0x20 ? "\u{FFFD}" : s.value == 0x202E ? nil : s
            }))
        }
        #expect(mapped.plain == "a\u{FFFD}b -> cd, end")
        #expect(Self.bracketed(mapped) == "a\u{FFFD}b [->] cd, end")
    }

    @Test("Lines keep their own marks; equality sees the marks, not only the text")
    func linesAndEquality() {
        let text: ComposedText = "--- OLD a\n  ~ cidr: \("x -> y") -> z\n\ntotal: 1 -> 2"
        let lines = text.lines
        #expect(lines.map(\.plain) == ["--- OLD a", "  ~ cidr: x -> y -> z", "", "total: 1 -> 2"])
        #expect(lines.map(Self.bracketed) == ["--- OLD a", "  ~ cidr: x -> y [->] z", "", "total: 1 [->] 2"])
        #expect(ComposedText(verbatim: "1 -> 2") != ("1 -> 2" as ComposedText), "same text, one has notation")
        #expect(("1 -> 2" as ComposedText) == "\("1") -> \("2")")
        #expect("\(ComposedText("a -> b"))" == "a -> b", "a String interpolation writes the plain text")
    }
}
