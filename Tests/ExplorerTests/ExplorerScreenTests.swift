import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// The main screens at the sizes people use, in UTF-8 and ASCII, as text snapshots.
@Suite struct ExplorerScreenTests {
    static func state(_ width: Int, _ height: Int, ascii: Bool = false, keys: [Key] = []) -> AppState {
        var state = AppState(inventory: SourceLoader.demo(), width: width, height: height, glyphs: ascii ? .ascii : .unicode)
        for key in keys {
            if let action = state.action(for: key) { _ = state.reduce(action) }
        }
        return state
    }

    @Test(arguments: [(80, 24, false), (80, 24, true), (160, 48, false), (160, 48, true), (120, 40, false)])
    func firstScreen(width: Int, height: Int, ascii: Bool) {
        let grid = Screen.render(Self.state(width, height, ascii: ascii))
        assertSnapshot(grid.text, named: "first-screen-\(width)x\(height)\(ascii ? "-ascii" : "")")
        if ascii { #expect(grid.text.unicodeScalars.allSatisfy { $0.isASCII }) }
    }

    @Test func subnetDetailShowsRoutesWithNames() {
        // From main-vpc, down to the first private subnet of eu-west-1a.
        let state = Self.state(120, 40, keys: [.down, .down, .down])
        #expect(state.selectedNode?.label == "private-a")
        let text = Screen.render(state).text
        #expect(text.contains("0.0.0.0/0"))
        #expect(text.contains("(s3)"))
        #expect(text.contains("nat-"))
        assertSnapshot(text, named: "subnet-detail-120x40")
    }

    @Test func endpointDetailShowsENIsGroupsAndPolicy() {
        var state = Self.state(120, 50)
        _ = state.reduce(.startJump)
        for c in "secretsmanager-endpoint" { _ = state.reduce(.text(c)) }
        _ = state.reduce(.textSubmit)
        #expect(state.focusEndpoint?.service == "secretsmanager")
        let text = Screen.render(state).text
        #expect(text.contains("eu-west-1a"))
        #expect(text.contains("tcp 443 from 10.0.0.0/16"))
        #expect(text.contains("AllowAppSecrets"))
        assertSnapshot(text, named: "endpoint-detail-120x50")
    }

    @Test func helpIsGeneratedFromTheKeyMap() {
        let state = Self.state(120, 90, keys: [.character("?")])
        let text = HelpView.lines(state).map(\.text).joined(separator: "\n")
        for binding in KeyMap.standard.bindings { #expect(text.contains(binding.help), "\(binding.help)") }
    }

    /// At 80x24 the help stays inside the screen (no box drawn over the frame's corners) and its
    /// last line is reached by paging down; the position shows while it scrolls.
    @Test func helpFitsEightyByTwentyFourAndScrolls() {
        var state = Self.state(80, 24, keys: [.character("?")])
        let first = Screen.render(state)
        #expect(!first.text(row: 1).contains("┌┌"))
        #expect(first.text.contains("/\(HelpView.viewport(state).contentHeight)"))
        #expect(!first.text.contains("Any other key closes this help."))
        for _ in 0..<20 { _ = state.reduce(.pageDown) }
        let last = Screen.render(state).text
        #expect(last.contains("Any other key closes this help."))
        #expect(state.mode == .help)
    }

    @Test func everySizeDownToOneByOneRendersWithoutTrapping() {
        for width in [1, 2, 5, 20, 39, 40, 60, 79, 80, 99, 100, 159, 160, 240] {
            for height in [1, 2, 3, 11, 12, 20, 23, 24, 35, 36, 60] {
                var state = Self.state(width, height)
                for key: Key in [.down, .enter, .tab, .character("2"), .character("?"), .escape, .character("/"), .character("x")] {
                    if let action = state.action(for: key) { _ = state.reduce(action) }
                    let grid = Screen.render(state)
                    #expect(grid.width == width && grid.height == height)
                }
            }
        }
    }

    @Test func tooSmallSaysSo() {
        let text = Screen.render(Self.state(39, 11)).text
        #expect(text.contains("Terminal too small"))
    }

    @Test func belowEightyColumnsShowsOnePaneAtATime() {
        var state = Self.state(70, 20)
        #expect(ScreenLayout(state).kind == .single)
        #expect(ScreenLayout(state).navigator != nil && ScreenLayout(state).panels.isEmpty)
        _ = state.reduce(.switchPane)
        #expect(ScreenLayout(state).navigator == nil && ScreenLayout(state).panels.count == 1)
        assertSnapshot(Screen.render(state).text, named: "single-pane-detail-70x20")
    }

    @Test func wideScreensShowTheDashboard() {
        let state = Self.state(200, 50)
        let layout = ScreenLayout(state)
        #expect(layout.kind == .dashboard)
        #expect(Set(layout.panels.map(\.panel)).isSuperset(of: [.paths, .enis, .policy, .cost]))
    }

    @Test func untrustedTextCannotReachTheTerminal() throws {
        var contents = SourceLoader.demo().contents
        contents.vpcs[0].tags = [Tag(key: "Name", value: "evil\u{1b}[2J\u{1b}]0;pwned\u{7}name")]
        let state = AppState(inventory: Inventory(contents), width: 100, height: 30)
        let text = Screen.render(state).text
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 })
        #expect(text.contains("evil"))
    }
}

/// What the header names as the source of many files: an organisation's snapshot is thousands.
@Suite struct HeaderSourceTests {
    static func root(_ paths: [String]) -> String? {
        var contents = InventoryContents()
        contents.sources = paths.map { SourceInfo(path: $0, format: .awsCLI) }
        return HeaderFacts(Inventory(contents)).sourceText
    }

    @Test("Many files under one snapshot: the header names their directory, however deep and in whatever order")
    func commonDirectory() {
        #expect(Self.root(["snap/111/eu-west-1/describe-vpcs.json", "snap/111/eu-west-1/describe-subnets.json",
                           "snap/222/us-east-1/describe-vpcs.json"]) == "snap/")
        #expect(Self.root(["/data/org/a.json", "/data/org/b.json", "/data/org/a.json"]) == "/data/org/")
        #expect(Self.root(["snap/a/x.json", "snap/a/x.json"]) == "snap/a/x.json")
        // A source that is another's folder counts whole, in either order; a name that only starts
        // like another (org, organisation) is not a shared folder.
        #expect(Self.root(["snap/org", "snap/org/111/x.json"]) == "snap/org/")
        #expect(Self.root(["snap/org/111/x.json", "snap/org"]) == "snap/org/")
        #expect(Self.root(["snap/organisation/x.json", "snap/org/y.json"]) == "snap/")
        #expect(Self.root(["snap/Réseau/a.json", "snap/Réseau/b.json", "snap/Résumé/c.json"]) == "snap/")
    }

    @Test("Files with no directory in common: the first by name and how many others, not a directory they only seem to share")
    func nothingInCommon() {
        #expect(Self.root(["b/x.json", "a/x.json", "c/y.json"]) == "a/x.json +2")
        // The same folder name below different roots is not a common directory.
        #expect(Self.root(["one/org/x.json", "two/org/y.json"]) == "one/org/x.json +1")
        #expect(Self.root(["/a/x.json", "/b/y.json"]) == "/a/x.json +1")
    }
}
