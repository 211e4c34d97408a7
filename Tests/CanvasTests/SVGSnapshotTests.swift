import Canvas
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `vpcx snapshot --format svg`: the grid as an SVG with the theme's colours, every character escaped.
@Suite struct SVGSnapshotTests {
    static let styles = RoleStyles([
        .normal: TerminalStyle(),
        Role("title"): TerminalStyle(fg: 75, bold: true),
        Role("key"): TerminalStyle(fg: 214, bg: 236, underline: true),
        Role("selection"): TerminalStyle(fg: 16, bg: 75),
    ])

    @Test func aSmallGridIsOneRunPerStyle() {
        var grid = Grid(width: 10, height: 2)
        grid.put("vpcx", x: 0, y: 0, style: Style(Role("title")))
        grid.put("q", x: 5, y: 0, style: Style(Role("key")))
        grid.put("sel", x: 0, y: 1, style: Style(Role("selection")))
        grid.put("rev", x: 4, y: 1, style: Style(reverse: true))
        let expected = """
        <svg xmlns="http://www.w3.org/2000/svg" width="84" height="34" viewBox="0 0 84 34">
        <rect width="100%" height="100%" fill="#1c1c1c"/>
        <g font-family="'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace" font-size="14" xml:space="preserve">
        <rect x="42" y="0" width="8.4" height="17" fill="#303030"/>
        <text y="13"><tspan x="0" fill="#5fafff" font-weight="bold">vpcx</tspan><tspan x="42" fill="#ffaf00" text-decoration="underline">q</tspan></text>
        <rect x="0" y="17" width="25.2" height="17" fill="#5fafff"/>
        <rect x="33.6" y="17" width="25.2" height="17" fill="#d0d0d0"/>
        <text y="30"><tspan x="0" fill="#000000">sel</tspan><tspan x="33.6" fill="#1c1c1c">rev</tspan></text>
        </g>
        </svg>

        """
        #expect(SVGSnapshot.render(grid, styles: Self.styles) == expected)
    }

    @Test func theLightDefaultsAreUsedForDefaultColours() {
        var grid = Grid(width: 3, height: 1)
        grid.put("abc", x: 0, y: 0)
        let svg = SVGSnapshot.render(grid, styles: Self.styles, defaults: .light)
        #expect(svg.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"))
        #expect(svg.contains("fill=\"#1c1c1c\">abc</tspan>"))
    }

    @Test func hostileTextIsEscapedAndTheDocumentParses() throws {
        var grid = Grid(width: 60, height: 2)
        // What a Name tag could hold: markup, an entity, a CDATA end, quotes, controls.
        let hostile = "<script>&amp;]]>\"'\u{1b}[31m\u{7}</svg>"
        grid.put(hostile, x: 0, y: 0)
        grid[0, 1] = Cell("\u{0}")
        grid[1, 1] = Cell("\u{FFFE}")
        let svg = SVGSnapshot.render(grid, styles: Self.styles)
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("]]>"))
        #expect(!svg.contains("\u{1b}"))
        #expect(svg.contains("&lt;script&gt;&amp;amp;]]&gt;&quot;&apos;"))
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        #expect(parser.parse(), "the SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        // The text as a reader of the image gets it: the tag's characters, not markup.
        #expect(collector.text.contains("<script>&amp;]]>\"'"))
        #expect(collector.elements.allSatisfy { ["svg", "rect", "g", "text", "tspan"].contains($0) })
    }

    @Test func thePaletteMatchesXterm() {
        #expect(XtermPalette.hex(0) == "#000000")
        #expect(XtermPalette.hex(15) == "#ffffff")
        #expect(XtermPalette.hex(16) == "#000000")
        #expect(XtermPalette.hex(75) == "#5fafff")
        #expect(XtermPalette.hex(231) == "#ffffff")
        #expect(XtermPalette.hex(232) == "#080808")
        #expect(XtermPalette.hex(255) == "#eeeeee")
    }

    /// A wide character's run ends after its two columns, so what follows is placed at its own column.
    @Test func aWideCharacterTakesTwoColumnsAndOneCharacter() {
        var grid = Grid(width: 4, height: 1)
        grid.put("日x", x: 0, y: 0, style: Style(Role("title")))
        let svg = SVGSnapshot.render(grid, styles: Self.styles)
        #expect(svg.contains(">日</tspan><tspan x=\"16.8\" fill=\"#5fafff\" font-weight=\"bold\">x</tspan>"))
    }
}

/// Collects the character data and element names an XML parser reports.
final class TextCollector: NSObject, XMLParserDelegate {
    var text = ""
    var elements: [String] = []
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) { elements.append(elementName) }
}
