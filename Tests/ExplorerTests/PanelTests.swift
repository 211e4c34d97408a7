import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing
import TestSupport

/// Each panel's reduce and model on its own, with small inline expectations of what a person sees
/// (in the manner of ratatui's `Buffer::with_lines`).
@Suite struct PanelTests {
    static func demo(_ width: Int = 120, _ height: Int = 40) -> Program {
        Program(state: AppState(inventory: SourceLoader.demo(), width: width, height: height))
    }

    static func keys(_ text: String) -> [Key] { text.map { Key.character($0) } }

    /// The rows of a grid, trailing spaces dropped.
    static func lines(_ grid: Grid) -> [String] {
        grid.text.split(separator: "\n", omittingEmptySubsequences: false).map {
            var line = String($0)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    @Test func theKeyMapIsTheGlobalBindingsMergedWithTheFocusedPanels() {
        let map = KeyMap.standard
        #expect(map.action(for: .character("s"), context: .panel(.paths)) == .nextService)
        #expect(map.action(for: .character("s"), context: .navigator) == nil)
        #expect(map.action(for: .character("+"), context: .panel(.cost)) == .trafficUp)
        #expect(map.action(for: .character("+"), context: .panel(.paths)) == nil)
        // A panel's binding wins over a global one on the same key: Enter edits in Policy, opens elsewhere.
        #expect(map.action(for: .enter, context: .panel(.policy)) == .editPolicy)
        #expect(map.action(for: .enter, context: .navigator) == .open)
        // Every panel's keys are in the map the footer and help read.
        for binding in PathsPanel.bindings + CostPanel.bindings + PolicyPanel.bindings + FindingsPanel.bindings + NavigatorPanel.bindings {
            #expect(map.bindings.contains { $0.action == binding.action && $0.context == binding.context })
        }
        #expect(map.hints(for: .panel(.cost)).prefix(4).map(\.keyLabel) == ["q/Ctrl-C", "?/F1", "+/=", "A"])
    }

    @Test func pathsServicePickerWrapsBothWays() {
        var state = Self.demo().state
        let count = state.services.count
        #expect(PathsPanel.reduce(&state, .previousService))
        #expect(state.paths.serviceIndex == count - 1)
        #expect(PathsPanel.reduce(&state, .nextService))
        #expect(state.paths.serviceIndex == 0)
        #expect(!PathsPanel.reduce(&state, .trafficUp))
        // The animation counts frames only while it runs.
        #expect(PathsPanel.reduce(&state, .tick) && state.paths.frame == 0)
        _ = PathsPanel.reduce(&state, .animate)
        _ = PathsPanel.reduce(&state, .tick)
        #expect(state.paths.animating && state.paths.frame == 1)
    }

    @Test func costTrafficStepsSaturateInsteadOfTrapping() {
        #expect(CostPanel.step(from: 0, up: true) == 1)
        #expect(CostPanel.step(from: 625, up: true) == 1000)
        #expect(CostPanel.step(from: 1_000_000, up: true) == 2_000_000)
        #expect(CostPanel.step(from: CostPanel.maximumGB, up: true) == CostPanel.maximumGB)
        #expect(CostPanel.step(from: .infinity, up: true) == CostPanel.maximumGB)
        #expect(CostPanel.step(from: .nan, up: false) == 0)
        #expect(CostPanel.step(from: 1, up: false) == 0)
        #expect(CostPanel.step(from: 0, up: false) == 0)
    }

    @Test func plusPressedSixtyTimesInTheCostPanelStopsAtTheMaximum() throws {
        var program = Self.demo()
        program.press([.character(":")] + Self.keys("logs-endpoint") + [.enter, .character("6")])
        #expect(program.state.panel == .cost && program.state.focus == .panel)
        program.press(Array(repeating: .character("+"), count: 60))
        let endpoint = try #require(program.state.focusEndpoint)
        #expect(program.state.traffic.gb(for: "logs", in: try #require(program.state.focusVPC)) == CostPanel.maximumGB)
        #expect(program.state.message == "logs: 1000000000 GB/month (the most this panel goes to)")
        #expect(program.state.costReport.endpoint(endpoint.id)?.monthly.isFinite == true)
        _ = program.render()
    }

    @Test func findingsMovesStayInTheListAndEnterGoesToTheResource() throws {
        var state = AppState(inventory: try SourceLoader.load([FixturePath.broken]), width: 120, height: 40)
        // Not focused: the panel leaves the keys alone.
        #expect(!FindingsPanel.reduce(&state, .moveDown, page: 10))
        state.panel = .findings
        state.focus = .panel
        #expect(FindingsPanel.reduce(&state, .moveUp, page: 10) && state.findingsPanel.index == 0)
        #expect(FindingsPanel.reduce(&state, .bottom, page: 10) && state.findingsPanel.index == state.findings.count - 1)
        #expect(FindingsPanel.reduce(&state, .pageDown, page: 10) && state.findingsPanel.index == state.findings.count - 1)
        let finding = state.findings[state.findingsPanel.index]
        #expect(FindingsPanel.reduce(&state, .open, page: 10))
        #expect(state.selectedNode?.id.resourceID == finding.resource && state.panel == .detail)
    }

    @Test func policyPanelTypesOnlyWhileEditing() throws {
        var program = Self.demo()
        program.press([.character(":")] + Self.keys("s3-gateway-endpoint") + [.enter, .character("5")])
        var state = program.state
        #expect(!PolicyPanel.reduce(&state, .text("x")))
        #expect(PolicyPanel.reduce(&state, .editPolicy) && state.mode == .policyEdit)
        let before = try #require(state.policy.tester)
        #expect(PolicyPanel.reduce(&state, .text("x")))
        #expect(state.policy.tester != before)
        #expect(PolicyPanel.reduce(&state, .textSubmit) && state.mode == .normal)
    }

    @Test func theDNSPanelDrawsTheServicePickerOverItsAnswer() throws {
        var program = Self.demo(100, 30)
        program.press([.character(":")] + Self.keys("private-a") + [.enter, .character("4")])
        let state = program.state
        let memo = state.frameMemo(for: [.dns])
        var grid = Grid(width: 60, height: 4)
        DNSPanel.draw(state, memo: memo, into: &grid, rect: grid.bounds, context: DrawContext())
        #expect(Self.lines(grid)[0] == "Service ◄ s3 ►  dynamodb ec2messages ecr.api ecr.dkr kms log")
        #expect(Self.lines(grid)[1] == "")
        #expect(Self.lines(grid)[2].contains("s3"))
    }

    @Test func panelsWithNothingToShowSayWhatToSelect() {
        var state = Self.demo().state
        state.cursor = 0 // the region: no subnet, VPC or endpoint
        var grid = Grid(width: 40, height: 2)
        ENIsPanel.draw(state, memo: state.frameMemo(for: [.enis]), into: &grid, rect: grid.bounds, context: DrawContext())
        #expect(Self.lines(grid) == ["Select a VPC, a subnet or an endpoint.", ""])
        // The demo's region has one VPC: no centralise? question to answer there.
        grid = Grid(width: 50, height: 3)
        CostPanel.draw(state, memo: state.frameMemo(for: [.cost]), into: &grid, rect: grid.bounds, context: DrawContext())
        #expect(Self.lines(grid) == ["Select a VPC or an endpoint to see what it costs,", "or a region with several VPCs to ask whether to", "centralise."])
    }
}

/// The memo per selection: a frame draws from it and analyses nothing itself.
@Suite struct SelectionMemoTests {
    @Test func drawingAFrameCallsNoAnalysisWhenTheSelectionHasNotChanged() throws {
        var program = PanelTests.demo(200, 60) // the dashboard: detail, paths, ENIs, policy, cost at once
        program.press([.character(":")] + PanelTests.keys("private-a") + [.enter])
        let resolver = program.state.resolver
        let afterReduce = resolver.calls
        #expect(afterReduce > 0) // reduce worked out the selection's paths, flows, ENIs and reach lines
        var grid = Grid(width: 0, height: 0)
        for _ in 0..<3 { program.render(into: &grid) }
        #expect(resolver.calls == afterReduce)
        // Keys that leave the selection alone analyse nothing either.
        program.press([.character("?"), .escape])
        _ = program.send(.resize(width: 200, height: 60))
        program.render(into: &grid)
        #expect(resolver.calls == afterReduce)
        // Another subnet: its analysis is done once, in reduce, not per frame.
        program.press([.down])
        let moved = resolver.calls
        #expect(moved > afterReduce)
        program.render(into: &grid)
        program.render(into: &grid)
        #expect(resolver.calls == moved)
    }

    @Test func aStateChangedOutsideReduceStillDrawsItsOwnSelection() {
        var state = AppState(inventory: SourceLoader.demo(), width: 120, height: 40)
        let before = Screen.render(state).text
        state.cursor += 1 // not through reduce: the stored memo is for the old selection
        let after = Screen.render(state).text
        var stepped = state
        stepped.refreshMemo()
        #expect(after == Screen.render(stepped).text)
        #expect(after != before)
    }

    @Test func aWhatIfKeepsTheBaseCostReportAndTrafficKeepsTheTree() throws {
        let state = AppState(inventory: try SourceLoader.load([FixturePath.broken]), width: 120, height: 40)
        let session = state.session
        var withWhatIf = session
        let vpc = try #require(state.inventory.vpcs.first)
        withWhatIf.whatIf = session.whatIf.toggling(service: "s3", vpc: vpc.id, subnetID: state.inventory.subnets(in: vpc.id).first?.id,
                                                    base: session.baseInventory, shown: state.inventory).changes ?? WhatIf()
        #expect(!withWhatIf.whatIf.isEmpty)
        let next = state.analysis.rebuilt(after: .whatIf, in: withWhatIf)
        #expect(next.baseCostReport.totals == state.analysis.baseCostReport.totals)
        #expect(next.generation != state.analysis.generation)
        #expect(next.findings.count != state.analysis.findings.count)
    }
}

/// The Paths picker keeps the service a person chose when a what-if changes the endpoints it lists.
@Suite struct PathsServiceAcrossWhatIfTests {
    @Test("Switching off the chosen service's endpoint keeps that service, now without its endpoint; undo too")
    func switchingOffKeepsTheService() throws {
        var state = AppState(inventory: try ExplorerFixtures.broken(), width: 120, height: 40)
        var program = Program(state: state)
        let subnet = try #require(program.state.inventory.subnets.first { $0.name == "app-a" })
        program.press([.character(":")] + subnet.id.map { Key.character($0) } + [.enter, .character("2")])
        for _ in 0..<program.state.services.count where program.state.selectedService != "ecr.dkr" { program.press([.character("s")]) }
        #expect(program.state.selectedService == "ecr.dkr")
        program.press([.character("x")])
        #expect(!program.state.whatIf.isEmpty)
        #expect(program.state.selectedService == "ecr.dkr")
        #expect(program.state.memo.path?.via != .interfaceEndpoint)
        program.press([.character("u")])
        #expect(program.state.whatIf.isEmpty && program.state.selectedService == "ecr.dkr")
        state = program.state
        #expect(state.memo.path?.service == "ecr.dkr")
    }
}

/// The runtime seam: effects out, results in as actions.
@Suite struct ProgramTests {
    @Test func aLoadIsAnEffectAndItsResultComesBackAsAnAction() {
        var (program, effects) = Program.loading(["some/dir"], width: 100, height: 30)
        #expect(effects == [.load(sources: ["some/dir"])])
        #expect(program.isLoading && program.tickMilliseconds == 80)
        // Keys mean nothing while loading, except quitting (which cancels the load).
        #expect(program.handle(.key(.character("j"))) == nil)
        #expect(program.handle(.key(.character("2"))) == nil)
        #expect(program.render().text.contains("Reading"))
        _ = program.send(.loadProgress("Reading describe-vpcs.json (1/10)"))
        #expect(program.render().text.contains("describe-vpcs.json (1/10)"))
        _ = program.send(.loaded(LoadedNetwork(SourceLoader.demo())))
        #expect(!program.isLoading && program.tickMilliseconds == 1000)
        #expect(program.state.selectedNode?.label == "main-vpc")
        #expect(program.handle(.key(.character("j"))) == [])
    }

    @Test("A first look is explored while the ENIs load; the whole network then takes its place, keeping the selection")
    func aFirstLookIsExploredWhileTheRestLoads() throws {
        let looks = Collected<InventoryContents>()
        let whole = try SourceLoader.load([ExplorerFixtures.root + "/blog-eu-west-1"], firstLook: { looks.add($0) },
                                          firstLookRule: .always)
        let look = try #require(looks.all.first)
        var (program, _) = Program.loading(["blog"], width: 140, height: 30)
        _ = program.send(.loadProgress("Reading describe-network-interfaces.json (10/10, 3%)"))
        _ = program.send(.loaded(LoadedNetwork(Inventory(look), partial: true)))
        // The load goes on, but the network is on screen and every key works.
        #expect(program.isLoading && !program.isLoadingBlind)
        var screen = program.render().text
        #expect(screen.contains("loading network interfaces"))
        #expect(!screen.contains("Loading") && !screen.contains("not collected"))
        #expect(program.handle(.key(.character("j"))) == [])
        let selected = program.state.selectedID
        #expect(selected != nil)
        _ = program.send(.loaded(LoadedNetwork(whole)))
        #expect(!program.isLoading)
        #expect(program.state.selectedID == selected)
        screen = program.render().text
        #expect(!screen.contains("loading network interfaces"))
    }

    @Test func quitDuringALoadEndsTheProgram() {
        var (program, _) = Program.loading(["big"], width: 80, height: 24)
        #expect(program.handle(.key(.character("q"))) == [.quit])
        #expect(program.handle(.key(.ctrl("c"))) == [.quit])
    }

    @Test func aWriteIsAnEffectAndItsOutcomeIsShown() {
        var program = PanelTests.demo()
        _ = program.send(.wrote(path: "s3.tf"))
        #expect(program.state.message == "wrote s3.tf")
        _ = program.send(.writeFailed(path: "/nope/s3.tf", reason: "no such directory"))
        #expect(program.render().text.contains("cannot write /nope/s3.tf: no such directory"))
    }

    @Test func pressingStopsAtQuit() {
        var program = PanelTests.demo()
        let effects = program.press([.character("j"), .character("q"), .character("j")])
        #expect(effects == [.quit])
    }
}
