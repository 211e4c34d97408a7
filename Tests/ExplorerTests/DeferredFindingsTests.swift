import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// An organisation's explorer shows the network before its cross-VPC rules have run (most of the
/// analysis of thousands of linked VPCs), says they are still running, and puts their findings in
/// when they come, without losing the person's place or what-ifs.
@Suite("Cross-VPC findings after the first frame")
struct DeferredFindingsTests {
    static func inventory() throws -> Inventory { try SourceLoader.load([ExplorerFixtures.root + "/hub-and-spoke"]) }
    static let crossRules = Set(CrossVPCRules.all.map(\.id))

    @Test("Deferred, then completed: the same findings as all at once, and none of the deferred rules' before")
    func completingGivesTheWholeAnalysis() throws {
        let inventory = try Self.inventory()
        let session = Session(baseInventory: inventory)
        let whole = SessionAnalysis(session)
        #expect(whole.findings.contains { Self.crossRules.contains($0.rule) }, "the fixture has cross-VPC findings to defer")
        let early = SessionAnalysis(session, deferring: CrossVPCRules.all)
        #expect(early.rulesPending == CrossVPCRules.all.map(\.id))
        #expect(!early.findings.contains { Self.crossRules.contains($0.rule) })
        #expect(early.findings == whole.findings.filter { !Self.crossRules.contains($0.rule) })
        let done = early.completing(with: early.pendingFindings())
        #expect(done.rulesPending.isEmpty)
        #expect(done.findings == whole.findings)
        #expect(done.findingCounts == whole.findingCounts)
        #expect(done.findingsByResource == whole.findingsByResource)
        #expect(done.generation != early.generation, "memos made from the early analysis are stale")
    }

    @Test("While the rules run the header, the Findings panel and a VPC's detail say so; then the findings come in")
    func theScreenSaysWhatIsStillRunning() throws {
        let inventory = try Self.inventory()
        let early = LoadedNetwork(inventory, deferring: CrossVPCRules.all)
        #expect(early.isFirstLook, "more is coming: the load is not over")
        var state = AppState(inventory: .empty, width: 80, height: 24, glyphs: .ascii)
        _ = state.reduce(.loaded(early))
        _ = state.reduce(.selectPanel(.findings))
        var text = Screen.render(state).text
        #expect(text.contains("checking across VPCs..."))
        #expect(text.contains("Findings so far (3 rules running)"))
        #expect(!state.findings.contains { Self.crossRules.contains($0.rule) })
        assertSnapshot(text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"),
                       named: "findings-cross-vpc-pending-80x24")
        // A VPC's detail: its cross-VPC findings are not known to be none yet.
        _ = state.reduce(.selectPanel(.detail))
        _ = state.reduce(.startJump)
        for c in try #require(inventory.vpcs.first).id { _ = state.reduce(.text(c)) }
        _ = state.reduce(.textSubmit)
        let selected = state.selectedID
        if case .vpc = state.selectedNode?.id {} else { Issue.record("the first row selected is a VPC") }
        #expect(DetailPanel.lines(state).contains { $0.text.hasPrefix("Checking across VPCs...") })

        _ = state.reduce(.loaded(early.completing()))
        text = Screen.render(state).text
        #expect(!text.contains("checking across VPCs"))
        #expect(state.findings == SessionAnalysis(Session(baseInventory: inventory)).findings)
        #expect(state.selectedID == selected, "the selection stays where it was")
        #expect(!DetailPanel.lines(state).contains { $0.text.hasPrefix("Checking across VPCs") })
    }

    @Test("A what-if made while the rules run is kept, and the findings then are those of the what-if network")
    func aWhatIfMadeMeanwhileIsKept() throws {
        let inventory = try Self.inventory()
        let early = LoadedNetwork(inventory, deferring: CrossVPCRules.all)
        var state = AppState(inventory: .empty, width: 120, height: 40, glyphs: .ascii)
        _ = state.reduce(.loaded(early))
        let endpoint = try #require(inventory.endpoints.first { $0.kind == .interface })
        state.setWhatIf(WhatIf([.disableEndpoint(endpoint.id)]))
        // Still pending: the rebuilt analysis does not pass off a part of the cross-VPC findings as all of them.
        #expect(state.analysis.rulesPending.count == 3)
        #expect(!state.findings.contains { Self.crossRules.contains($0.rule) })
        _ = state.reduce(.loaded(early.completing()))
        #expect(state.whatIf.changes.count == 1)
        #expect(state.analysis.rulesPending.isEmpty)
        #expect(state.findings == SessionAnalysis(state.session).findings)
    }

    @Test("A network of a few VPCs is analysed whole before its first frame")
    func smallNetworksAreNotDeferred() throws {
        #expect(SessionAnalysis.rulesToDefer(try Self.inventory()).isEmpty)
        #expect(SessionAnalysis.rulesToDefer(SourceLoader.demo()).isEmpty)
        #expect(!LoadedNetwork(try Self.inventory()).isFirstLook)
    }

    /// What a what-if on an organisation shows at once, and what comes after it.
    static func completedState(width: Int = 120, height: Int = 40) throws -> (AppState, Inventory) {
        let inventory = try Self.inventory()
        let early = LoadedNetwork(inventory, deferring: CrossVPCRules.all)
        var state = AppState(inventory: .empty, width: width, height: height, glyphs: .ascii)
        _ = state.reduce(.loaded(early))
        _ = state.reduce(.loaded(early.completing()))
        return (state, inventory)
    }

    @Test("After a what-if the cross-VPC rules run again off the explorer's thread: pending at once, then the findings of a from-scratch analysis")
    func aWhatIfDefersTheCrossVPCRulesAgain() throws {
        var (state, inventory) = try Self.completedState()
        #expect(state.analysis.rulesPending.isEmpty)
        let hub = try #require(inventory.endpoints.first { $0.name == "hub-secretsmanager" })
        state.setWhatIf(WhatIf([.disableEndpoint(hub.id)]))
        #expect(state.analysis.rulesPending == CrossVPCRules.all.map(\.id))
        #expect(Screen.render(state).text.contains("checking across VPCs..."))
        let pending = state.analysis
        let found = pending.pendingFindings()
        _ = state.reduce(.acrossVPCsChecked(generation: pending.generation, findings: found))
        #expect(state.analysis.rulesPending.isEmpty)
        #expect(!Screen.render(state).text.contains("checking across VPCs"))
        let scratch = SessionAnalysis(state.session).findings
        #expect(state.findings == scratch)
        // Switching the hub's endpoint off is what the rules are about: their findings changed.
        #expect(scratch.filter { Self.crossRules.contains($0.rule) } != SessionAnalysis(Session(baseInventory: inventory)).findings
            .filter { Self.crossRules.contains($0.rule) })
    }

    @Test("Findings worked out for an older analysis are not put into a newer one: the newer one's own come")
    func aStaleCheckIsIgnored() throws {
        var (state, inventory) = try Self.completedState()
        let endpoints = inventory.endpoints.filter { $0.kind == .interface }.prefix(2).map(\.id)
        #expect(endpoints.count == 2)
        state.setWhatIf(WhatIf([.disableEndpoint(endpoints[0])]))
        let first = state.analysis
        state.setWhatIf(WhatIf([.disableEndpoint(endpoints[0]), .disableEndpoint(endpoints[1])]))
        let second = state.analysis
        #expect(first.generation != second.generation)
        _ = state.reduce(.acrossVPCsChecked(generation: first.generation, findings: first.pendingFindings()))
        #expect(state.analysis.rulesPending.count == 3, "the first what-if's findings are not the second's")
        _ = state.reduce(.acrossVPCsChecked(generation: second.generation, findings: second.pendingFindings()))
        #expect(state.analysis.rulesPending.isEmpty)
        #expect(state.findings == SessionAnalysis(state.session).findings)
    }

    @Test("Deferred for the VPCs a what-if reaches, the rest kept: with the rest run, every endpoint switched off gives the one-pass findings")
    func deferringAgreesWithTheOnePassUpdate() throws {
        let inventory = try Self.inventory()
        let previous = FindingEngine.complete.findings(in: inventory)
        let deferred = Self.crossRules
        for endpoint in inventory.endpoints {
            let whatIf = WhatIf([.disableEndpoint(endpoint.id)])
            let shown = whatIf.apply(to: inventory)
            let changed = whatIf.vpcsChanged(from: WhatIf(), in: inventory)
            let cost = CostReport(inventory: shown)
            let onePass = FindingEngine.complete.findings(updating: previous, changed: changed, in: shown, before: inventory, cost: cost)
            let (now, about) = FindingEngine.complete.findings(updating: previous, changed: changed, in: shown, before: inventory,
                                                               cost: cost, deferring: deferred)
            #expect(!now.contains { deferred.contains($0.rule) && (about?.contains($0.vpc) ?? true) }, "nothing deferred is shown as found")
            let rest = FindingEngine(rules: CrossVPCRules.all).findings(in: shown, about: about)
            #expect(FindingEngine.sorted(now + rest) == onePass, "\(endpoint.id)")
        }
    }
}
