import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// Every panel at every size: what its model says is on screen or reachable by scrolling, and
/// nothing is drawn outside the panel's box. Also the keys that make that so (scroll, zoom, focus).
@Suite struct PanelScrollTests {
    /// The demo with the first private subnet (or an endpoint) selected and `panel` focused.
    static func state(_ panel: Panel, width: Int, height: Int, select: String = "private-a", ascii: Bool = false) -> AppState {
        var program = Program(state: AppState(inventory: SourceLoader.demo(), width: width, height: height,
                                              glyphs: ascii ? .ascii : .unicode))
        program.press([.character(":")] + select.map { Key.character($0) } + [.enter, .character(Character(String(panel.rawValue)))])
        return program.state
    }

    /// Words of a model line worth finding on screen (a long word may be split by the wrap).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { " ,()".contains($0) }).map(String.init).filter { $0.count >= 3 && $0.count <= 16 }
    }

    /// All text a panel's viewport shows from its top to its bottom, stepping a page at a time.
    static func scrolledText(_ panel: Panel, _ start: AppState) -> String {
        var state = start
        var seen: [String] = []
        for _ in 0..<200 {
            let layout = ScreenLayout(state)
            guard let rect = layout.rect(of: panel) else { break }
            let grid = Screen.render(state)
            let inner = PanelView.innerRect(rect)
            for y in inner.y..<inner.maxY {
                seen.append(String(grid.text(row: y).dropFirst(inner.x).prefix(inner.width)))
            }
            guard let view = PanelView.viewport(panel, state: state), view.top < view.maxTop else { break }
            _ = state.reduce(.pageDown)
        }
        return seen.joined(separator: "\n")
    }

    static let sizes: [(Int, Int)] = [(40, 12), (52, 16), (80, 24), (100, 30), (120, 40), (160, 48), (200, 60), (300, 100)]

    @Test(arguments: sizes)
    func everyDetailAndPathsLineIsReachable(width: Int, height: Int) throws {
        for select in ["private-a", "main-vpc", "s3-gateway-endpoint"] {
            let detail = Self.state(.detail, width: width, height: height, select: select)
            let text = Self.scrolledText(.detail, detail)
            for line in detail.memo.detailLines ?? DetailPanel.lines(detail) {
                for word in Self.words(line.text) {
                    #expect(text.contains(word), "\(width)x\(height) \(select): detail word '\(word)' of '\(line.text)' never shown")
                }
            }
        }
        let paths = Self.state(.paths, width: width, height: height)
        let path = try #require(paths.memo.path)
        let text = Self.scrolledText(.paths, paths)
        for note in path.notes {
            for word in Self.words(note.plain) where !word.contains(".") && !word.contains("-") {
                #expect(text.contains(word), "\(width)x\(height): Paths note word '\(word)' never shown")
            }
        }
    }

    /// Drawn alone into a blank grid, no panel puts a cell outside its box, at any size and scroll.
    @Test(arguments: sizes)
    func noPanelDrawsOutsideItsBox(width: Int, height: Int) {
        for panel in Panel.allCases {
            for select in ["private-a", "secretsmanager-endpoint"] {
                var state = Self.state(panel, width: width, height: height, select: select)
                for scroll in [0, 3, 1000] {
                    state.panelScroll[panel] = scroll
                    let layout = ScreenLayout(state)
                    guard let rect = layout.rect(of: panel) else { continue }
                    var grid = Grid(width: width, height: height)
                    PanelView.draw(panel, state: state, layout: layout, into: &grid, rect: rect)
                    for y in 0..<height {
                        for x in 0..<width where !rect.contains(x: x, y: y) {
                            #expect(grid[x, y] == .blank, "\(panel) at \(width)x\(height) drew at \(x),\(y) outside \(rect)")
                        }
                    }
                }
            }
        }
    }

    /// In Paths at 80x24 `j`, `G`, `PgDn` and the wheel scroll, the position shows, and the notes'
    /// last words come into view; `g` goes back to the top.
    @Test func pathsScrollsAtEightyByTwentyFour() throws {
        var program = Program(state: Self.state(.paths, width: 80, height: 24, ascii: true))
        #expect(program.state.focus == .panel, "opening a panel by its number focuses it")
        let first = program.render().text
        #expect(first.contains("> 2 Paths"), "focus is marked in the title, in ASCII too")
        let view = try #require(PanelView.viewport(.paths, state: program.state))
        #expect(view.scrolls)
        #expect(first.contains(view.position))
        program.press([.character("j")])
        #expect(program.state.panelScroll[.paths] == 1)
        program.press([.character("G")])
        let bottom = try #require(PanelView.viewport(.paths, state: program.state))
        #expect(bottom.top == bottom.maxTop)
        program.press([.character("k")])
        #expect(program.state.panelScroll[.paths] == bottom.maxTop - 1, "G then k moves at once")
        program.press([.character("g")])
        #expect(program.state.panelScroll[.paths] == 0)
        program.press([.pageDown])
        #expect((program.state.panelScroll[.paths] ?? 0) == min(bottom.maxTop, bottom.visibleHeight - 1))
        let rect = try #require(ScreenLayout(program.state).rect(of: .paths))
        // The wheel moves three lines a notch: enough notches come back to the top.
        for _ in 0..<((program.state.panelScroll[.paths] ?? 0) + 2) / 3 {
            _ = program.send(.mouse(MouseEvent(kind: .wheelUp, x: rect.x + 3, y: rect.y + 3)))
        }
        #expect(program.state.panelScroll[.paths] == 0)
    }

    /// `z` zooms at every size: at 80x24 the navigator's columns go to the panel.
    @Test(arguments: [(80, 24), (120, 40), (60, 16)])
    func zoomWorksAtEverySize(width: Int, height: Int) throws {
        var program = Program(state: Self.state(.paths, width: width, height: height))
        let before = try #require(ScreenLayout(program.state).rect(of: .paths))
        program.press([.character("z")])
        let after = try #require(ScreenLayout(program.state).rect(of: .paths))
        #expect(after.width * after.height > before.width * before.height)
        program.press([.tab])
        #expect(ScreenLayout(program.state).navigator != nil || ScreenLayout(program.state).kind == .single,
                "Tab to the navigator shows it again")
        program.press([.tab, .character("z")])
        #expect(ScreenLayout(program.state).rect(of: .paths) == before)
    }

    /// A panel's keys work while it is shown, whoever has focus; a key that does nothing says why.
    @Test func panelKeysWorkWhenShownAndDeadKeysSayWhy() {
        var program = Program(state: Self.state(.dns, width: 100, height: 30))
        let service = program.state.selectedService
        program.press([.character("s")])
        #expect(program.state.selectedService != service, "the DNS panel's picker takes s")
        program.press([.tab, .character("S")])
        #expect(program.state.focus == .navigator)
        #expect(program.state.selectedService == service, "S works with the navigator focused while DNS is shown")
        program.press([.character("A")])
        #expect(program.state.message?.contains("Cost panel") == true)
        program.press([.character("Q")])
        #expect(program.state.message?.contains("not a key here") == true)
    }

    /// The tab bar at 80 columns names every panel.
    @Test func tabBarIsReadableAtEightyColumns() {
        let text = Screen.render(Self.state(.paths, width: 80, height: 24)).text(row: 1)
        for word in ["Det", "Paths", "ENI", "DNS", "Pol", "Cost", "Find"] { #expect(text.contains(word), "\(text)") }
    }

    /// `/` in the focused Findings panel filters the findings, not the navigator; Esc clears it.
    @Test func slashFiltersTheFocusedFindings() throws {
        var program = Program(state: AppState(inventory: try SourceLoader.load([FixturePath.broken]), width: 120, height: 40))
        let all = program.state.findings.count
        program.press([.character("7"), .character("/")] + "ssm".map { Key.character($0) })
        let shown = FindingsPanel.shown(program.state)
        #expect(!shown.isEmpty && shown.count < all)
        #expect(shown.allSatisfy { $0.rule.contains("ssm") || $0.message.lowercased().contains("ssm") || $0.resource.contains("ssm") })
        #expect(program.state.filter.isEmpty, "the navigator is not filtered")
        program.press([.enter])
        #expect(program.render().text.contains(shown[0].rule))
        program.press([.character("/"), .escape])
        #expect(FindingsPanel.shown(program.state).count == all)
    }
}
