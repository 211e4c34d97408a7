import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// What the last part of issue 14 asks of text on an 80x24 (or 45-column) screen: Terraform wraps
/// only between tokens and every line of a fix can be scrolled to; `/` filters the ENIs and Cost
/// lists; `y` copies the what-if export; the selected ENI cell reads in full; DNS and Paths lines wrap.
@Suite struct ReadableTextTests {
    static func type(_ text: String) -> [Key] { text.map { Key.character($0) } }
    static let blogVPC = "vpc-24a5f259ef29682f9"

    static func blogProgram(width: Int = 80, height: Int = 24, _ keys: [Key] = []) throws -> Program {
        var program = Program(state: AppState(inventory: try ExplorerFixtures.blog(), width: width, height: height, glyphs: .ascii))
        program.press(keys)
        return program
    }

    @Test func terraformWrapsOnlyBetweenTokens() {
        let line = #"  service_name      = "com.amazonaws.us-east-1.s3" # the "gateway" one"#
        for width in 8...40 {
            let pieces = TextWidth.wrapTokens(line, width: width)
            #expect(pieces.allSatisfy { TextWidth.of($0) <= width }, "width \(width)")
            // Nothing is lost: the same characters, spaces aside, in the same order.
            #expect(pieces.joined().filter { $0 != " " } == line.filter { $0 != " " }, "width \(width)")
            if width >= 28 {
                // Wide enough for the quoted service name: it is never split across lines.
                #expect(pieces.contains { $0.contains(#""com.amazonaws.us-east-1.s3""#) }, "width \(width): \(pieces)")
            }
            // Continuations hang under the line's indentation (a token that fits only without it aside).
            if width >= 10 {
                #expect(pieces.dropFirst().allSatisfy { $0.hasPrefix("    ") || TextWidth.of($0) + 4 > width }, "width \(width): \(pieces)")
            }
        }
        #expect(TextWidth.wrapTokens("short = 1", width: 40) == ["short = 1"])
        #expect(TextWidth.wrapTokens(#"a = "x\"y z" b"#, width: 12) == [#"a = "x\"y z""#, "  b"], "an escaped quote stays inside its string")
    }

    @Test func everyLineOfTheSelectedFixCanBeScrolledTo() throws {
        var program = Program(state: AppState(inventory: try ExplorerFixtures.broken(), width: 80, height: 24, glyphs: .ascii))
        program.press([.character("7")])
        let shown = FindingsPanel.shown(program.state)
        // The finding with the longest fix, selected.
        let longest = try #require(shown.indices.max { shown[$0].fix.count < shown[$1].fix.count })
        program.press(Array(repeating: .character("j"), count: longest))
        try #require(program.state.findingsPanel.index == longest)
        let room = FindingsPanel.detailRoom(program.state)
        let lines = findingDetailLines(shown[longest], names: program.state.analysis.findingNames, width: room.width).map(\.0)
        try #require(lines.count > room.height, "the fix is longer than its room at 80x24")
        var screens = [program.render().text]
        #expect(screens[0].contains("more lines (J/K scroll)"))
        for _ in 0..<lines.count { program.press([.character("J")]); screens.append(program.render().text) }
        let fix = try #require(lines.firstIndex(of: "Fix:"))
        for line in lines[fix...] where !line.trimmingSpaces.isEmpty {
            #expect(screens.contains { $0.contains(line) }, "reachable: \(line)")
        }
        #expect(!screens.last!.contains("more lines"), "at the end nothing is left below")
        #expect(program.state.findingsPanel.detailTop == lines.count - room.height, "J stops at the last line")
        program.press([.character("K")])
        #expect(program.state.findingsPanel.detailTop == lines.count - room.height - 1, "K after J moves at once")
        program.press([.character(longest == 0 ? "G" : "g")])
        #expect(program.state.findingsPanel.detailTop == 0, "another finding starts at its top")
    }

    @Test func slashFiltersTheENIsAndCostRows() throws {
        var program = try Self.blogProgram(width: 120, height: 40, [.character(":")] + Self.type(Self.blogVPC) + [.enter, .character("3")])
        let all = try #require(ENIsPanel.shown(program.state)).rows
        try #require(all.count > 1)
        let service = all[0].service
        program.press([.character("/")] + Self.type(service) + [.enter])
        let rows = try #require(ENIsPanel.shown(program.state)).rows
        #expect(!rows.isEmpty && rows.count < all.count)
        #expect(rows.allSatisfy { $0.service.contains(service) || $0.endpoint.contains(service) })
        #expect(program.state.filter == "", "the navigator's filter is untouched")
        #expect(program.render().text.contains("[/\(service): \(rows.count) of \(all.count)]"))

        program.press([.character("6")])
        let costRows = try #require(CostPanel.shown(program.state)).rows
        program.press([.character("/")] + Self.type("nat"))
        #expect(program.render().text.contains("filters the Cost list"), "the prompt says which list it filters")
        program.press([.enter])
        let matching = try #require(CostPanel.shown(program.state)).rows
        #expect(!matching.isEmpty && matching.count < costRows.count)
        #expect(matching.allSatisfy { ($0.label + $0.value).lowercased().contains("nat") })
        #expect(program.render().text.contains("[/nat: \(matching.count) of \(costRows.count)]"))
        program.press([.character("/"), .escape])
        #expect(CostPanel.shown(program.state)?.rows.count == costRows.count, "Esc at the prompt clears the filter")
        #expect(ENIsPanel.shown(program.state)?.rows.count == rows.count, "each panel keeps its own filter")
    }

    @Test func yCopiesTheWhatIfExportFromAPanel() throws {
        var program = Program(state: AppState(inventory: SourceLoader.demo(), width: 120, height: 40))
        program.press([.character(":")] + Self.type("s3-gateway-endpoint") + [.enter, .character("x"), .character("2")])
        let export = WhatIf.terraform(for: program.state.whatIf.changes, in: program.state.baseInventory)
        #expect(program.press([.character("y")]) == [.copy(export)])
        #expect(program.state.message?.contains("what-if export (1 change") == true)
        // From the navigator, the selected resource's own ID is what is copied.
        program.press([.tab])
        let id = try #require(program.state.selectedNode?.id.resourceID)
        #expect(program.press([.character("y")]) == [.copy(id)])
    }

    @Test func theSelectedENICellReadsInFullAtFortyFiveColumns() throws {
        var program = try Self.blogProgram(width: 45, height: 30, [.character(":")] + Self.type(Self.blogVPC) + [.enter, .character("3")])
        let matrix = try #require(ENIsPanel.shown(program.state))
        let cells = matrix.rows.flatMap { row in row.cells.map { (row, $0) } }.filter { !$0.1.isMissing && !$0.0.planned }
        try #require(cells.count > 1)
        program.press([.character("l")])
        #expect(program.state.enis.cell == 1)
        let (row, cell) = try #require(ENIsPanel.selectedCell(program.state))
        let eni = try #require(cell.networkInterface), ip = try #require(cell.ip)
        let screen = program.render().text
        #expect(screen.contains("\(eni) \(ip)"), "the full ENI ID and IP under the grid:\n\(screen)")
        #expect(program.press([.character("y")]) == [.copy(eni)])
        program.press([.character("h"), .character("h")])
        #expect(program.state.enis.cell == 0, "h stops at the first cell")
        #expect(row.cells.contains(cell))

        var grid = Grid(width: 45, height: 30)
        drawENIGrid(matrix, into: &grid, rect: grid.bounds, context: DrawContext(glyphs: .ascii), selectedCell: 1)
        assertSnapshot(grid.text, named: "eni-grid-blog-45-selected-ascii")
    }

    @Test func dnsAndPathsLinesWrapInsteadOfBeingCut() throws {
        let broken = PathResolver(inventory: try ExplorerFixtures.broken())
        let dns = broken.dnsResolution(from: ExplorerFixtures.appA, service: "ecr.dkr")
        for width in [40, 60, 80] {
            let wrapped = DNSView.wrappedLines(dns, glyphs: .ascii, width: width)
            #expect(wrapped.allSatisfy { TextWidth.of($0.text) <= width }, "\(wrapped.map(\.text).filter { TextWidth.of($0) > width })")
            // The same characters as the unwrapped lines, spaces aside: nothing cut off at the edge.
            let words = { (lines: [String]) in lines.joined().filter { $0 != " " } }
            #expect(words(wrapped.map(\.text)) == words(DNSView.lines(dns, glyphs: .ascii).map { PathDiagramView.fold($0.text, ascii: true) }))
        }
        let path = PathResolver(inventory: try ExplorerFixtures.blog()).path(from: ExplorerFixtures.privateA, to: "ecr.dkr")
        var grid = Grid(width: 80, height: 40)
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext(glyphs: .ascii), fitHeight: 12)
        let text = grid.text
        #expect(!text.contains("..."), "no hop line is cut at 80 columns:\n\(text)")
        for hop in path.hops where hop.blocked == nil && hop.kind != .routeTable { #expect(text.contains(PathDiagramView.fold(hop.id, ascii: true)), "\(hop.id)") }
    }
}
