import Testing
@testable import Canvas

@Suite struct GridTests {
    @Test func drawingIsClippedToTheGrid() {
        var grid = Grid(width: 5, height: 2)
        grid.put("hello world", x: 2, y: 0)
        grid.put("x", x: -1, y: 1)
        grid.put("y", x: 0, y: 7)
        #expect(grid.text == "  hel\n")
    }

    @Test func controlCharactersNeverReachTheScreen() {
        var grid = Grid(width: 20, height: 1)
        grid.put("a\u{1b}[31mb\u{7}c\u{9b}", x: 0, y: 0)
        #expect(!grid.text.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
        #expect(grid.text.hasPrefix("a\u{FFFD}[31mb\u{FFFD}c"))
    }

    @Test func wideCharactersTakeTwoCells() {
        var grid = Grid(width: 6, height: 1)
        let end = grid.put("日本x", x: 0, y: 0)
        #expect(end == 5)
        #expect(grid.text == "日本x")
        #expect(grid[1, 0].width == 0)
    }

    @Test func boxesAtTinySizesDoNotTrap() {
        for w in 0...3 {
            for h in 0...3 {
                var grid = Grid(width: w, height: h)
                grid.box(Rect(x: 0, y: 0, width: w, height: h), glyphs: .unicode, title: "title")
                grid.put("text", x: 0, y: 0)
            }
        }
    }

    @Test func onlyChangedCellsAreReported() {
        var a = Grid(width: 10, height: 3)
        a.put("abc", x: 0, y: 1)
        var b = a
        b.put("X", x: 5, y: 2)
        let runs = b.changedRuns(since: a)
        #expect(runs.count == 1)
        #expect(runs[0].y == 2 && runs[0].from == 5 && runs[0].to == 6)
        #expect(b.changedRuns(since: nil).count == 3)
    }

    @Test func truncateAndPadMeasureColumns() {
        // An ID keeps its tail (what tells two IDs apart); `...` in ASCII, never `~`.
        #expect(TextWidth.truncate("subnet-0123456789", to: 8) == "…3456789")
        #expect(TextWidth.truncate("subnet-0123456789", to: 8, ascii: true) == "...56789")
        #expect(TextWidth.truncate("subnet-0123456789", to: 14) == "subnet-…456789")
        #expect(TextWidth.truncate("a long sentence", to: 8) == "a long …")
        #expect(TextWidth.truncate("/work/wt-ux/Tests/LoadersTests/Fixtures/", to: 24) == "/work/wt-ux/T…/Fixtures/")
        #expect(TextWidth.truncate("module.endpoints.aws_vpc_endpoint.s3", to: 12) == "…endpoint.s3")
        #expect(TextWidth.pad("ab", to: 4, alignRight: true) == "  ab")
    }
}

@Suite("Notation glyphs")
struct NotationGlyphTests {
    @Test("Unicode draws vpcx's arrow and list separator as glyphs; ASCII keeps the notation")
    func glyphForNotation() {
        #expect(BoxGlyphs.unicode.glyph(forNotation: "->") == "→")
        #expect(BoxGlyphs.unicode.glyph(forNotation: ", ") == " · ")
        #expect(BoxGlyphs.ascii.glyph(forNotation: "->") == "->")
        #expect(BoxGlyphs.ascii.glyph(forNotation: ", ") == ", ")
        #expect(BoxGlyphs.unicode.glyph(forNotation: "=>") == "=>", "anything else is not vpcx's notation")
    }

    @Test("An ASCII stand-in for every glyph the Unicode set draws, and ? for the rest")
    func asciiStandIns() {
        #expect(Grid.asciiStandIn(for: "→") == ">")
        #expect(Grid.asciiStandIn(for: "·") == ".")
        #expect(Grid.asciiStandIn(for: "a") == "a")
        #expect(Grid.asciiStandIn(for: "漢") == "?")
    }
}
