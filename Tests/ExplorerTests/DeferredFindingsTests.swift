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
}
