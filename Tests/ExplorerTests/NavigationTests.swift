import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

@Suite struct NavigationTests {
    func demo(_ width: Int = 100, _ height: Int = 30) -> AppState {
        AppState(inventory: SourceLoader.demo(), width: width, height: height)
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        var program = Program(state: state)
        program.press(keys)
        state = program.state
    }

    @Test func theFirstScreenListsTheVPCAndItsParts() {
        let state = demo()
        #expect(state.selectedNode?.label == "main-vpc")
        let labels = state.rows.map { state.tree.nodes[$0].label }
        #expect(labels.contains("Subnets") && labels.contains("Endpoints") && labels.contains("private-a"))
    }

    @Test func everyVPCOfAManyVPCInventoryIsOnTheFirstScreen() throws {
        let inventory = try SourceLoader.load([FixturePath.blog, FixturePath.broken])
        let state = AppState(inventory: inventory, width: 100, height: 30)
        let vpcs = state.rows.filter { if case .vpc = state.tree.nodes[$0].id { return true }; return false }
        #expect(vpcs.count == 2)
    }

    @Test func vimAndArrowKeysMove() {
        var state = demo()
        let start = state.cursor
        press(&state, .character("j"), .down)
        #expect(state.cursor == start + 2)
        press(&state, .character("k"))
        #expect(state.cursor == start + 1)
        press(&state, .character("G"))
        #expect(state.cursor == state.rows.count - 1)
        press(&state, .character("g"))
        #expect(state.cursor == 0)
    }

    @Test func enterExpandsAndEscCollapsesThenGoesToTheParent() throws {
        var state = demo()
        press(&state, .character(":"))
        for c in "Route tables" { press(&state, .character(c)) }
        press(&state, .enter)
        #expect(state.selectedNode?.label == "Route tables")
        let tables = try #require(state.selectedID)
        #expect(!state.expanded.contains(tables))
        press(&state, .enter)
        #expect(state.expanded.contains(tables))
        press(&state, .enter)
        #expect(state.selectedNode?.depth == 3)
        press(&state, .character("h"))
        #expect(state.selectedID == tables)
        press(&state, .escape)
        #expect(!state.expanded.contains(tables))
        press(&state, .escape)
        #expect(state.selectedNode?.label == "main-vpc")
    }

    @Test func escClearsAKeptFilterFirst() {
        var state = demo()
        press(&state, .character("/"))
        for c in "kms" { press(&state, .character(c)) }
        press(&state, .enter)
        #expect(state.filter == "kms")
        press(&state, .escape)
        #expect(state.filter.isEmpty)
        #expect(state.selectedNode?.label == "kms")
    }

    @Test func filterIsCaseInsensitiveOnIDsNamesAndTags() {
        var state = demo()
        press(&state, .character("/"))
        for c in "SECRETS" { press(&state, .character(c)) }
        let labels = state.rows.map { state.tree.nodes[$0].label }
        #expect(labels.contains("secretsmanager"))
        #expect(!labels.contains("kms"))
        press(&state, .enter)
        #expect(state.filter == "SECRETS" && state.mode == .normal)
        // By tag value: Environment=prod is a tag of the VPC.
        press(&state, .character("/"))
        for _ in 0..<7 { press(&state, .backspace) }
        for c in "environment=prod" { press(&state, .character(c)) }
        #expect(state.rows.map { state.tree.nodes[$0].label }.contains("main-vpc"))
        press(&state, .escape)
        #expect(state.filter.isEmpty)
    }

    @Test func jumpFindsIDsAndNames() throws {
        var state = demo()
        let nat = try #require(state.inventory.natGateways.first)
        press(&state, .character(":"))
        for c in nat.id { press(&state, .character(c)) }
        press(&state, .enter)
        #expect(state.selectedID == .natGateway(nat.id))
        press(&state, .character(":"))
        for c in "no-such-thing" { press(&state, .character(c)) }
        press(&state, .enter)
        #expect(state.message?.contains("no-such-thing") == true)
    }

    @Test func tabAndPanelKeysMoveFocus() {
        var state = demo()
        press(&state, .tab)
        #expect(state.focus == .panel)
        press(&state, .character("5"))
        #expect(state.panel == .policy)
        press(&state, .escape)
        #expect(state.focus == .navigator)
        press(&state, .character("]"))
        #expect(state.panel == .cost)
    }

    @Test func mouseClickSelectsAndWheelScrolls() {
        var state = demo(100, 20)
        let layout = ScreenLayout(state)
        let nav = try! #require(layout.navigator)
        _ = state.reduce(.mouse(MouseEvent(kind: .press, x: nav.x + 8, y: nav.y + 4)))
        #expect(state.cursor == 3)
        _ = state.reduce(.mouse(MouseEvent(kind: .wheelDown, x: nav.x + 8, y: nav.y + 4)))
        #expect(state.cursor == 6)
        state.mouseEnabled = false
        _ = state.reduce(.mouse(MouseEvent(kind: .press, x: nav.x + 8, y: nav.y + 2)))
        #expect(state.cursor == 6)
    }

    @Test func qAndCtrlCQuit() {
        var state = demo()
        #expect(state.reduce(state.action(for: .character("q"))!) == [.quit])
        #expect(state.reduce(state.action(for: .ctrl("c"))!) == [.quit])
    }

    @Test func resizeKeepsTheCursorVisible() {
        var state = demo(100, 40)
        press(&state, .character("G"))
        _ = state.reduce(.resize(width: 100, height: 14))
        let visible = ScreenLayout(state).navigatorRows
        #expect(state.cursor >= state.navigatorTop && state.cursor < state.navigatorTop + visible)
    }
}

enum FixturePath {
    static let root = #filePath.split(separator: "/").dropLast(2).joined(separator: "/")
    static let blog = "/" + root + "/LoadersTests/Fixtures/aws-cli/blog-eu-west-1"
    static let broken = "/" + root + "/LoadersTests/Fixtures/aws-cli/broken-us-east-1"
}
