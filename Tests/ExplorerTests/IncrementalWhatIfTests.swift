import Analysis
@testable import Explorer
import Foundation
import Loaders
import Model
import Testing

/// A what-if rebuilds only what its VPCs change (issue 13): after every step of a series of what-ifs
/// (add an endpoint, switch one off or on again, remove a NAT, undo), the analysis made incrementally
/// from the one before must be the analysis `SessionAnalysis(session)` makes from scratch.
@Suite("What-if: incremental rebuild equals from scratch")
struct IncrementalWhatIfTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures").path

    /// The networks: the demo, the broken fixture, and the generated hub and spoke (several VPCs
    /// over a transit gateway and peering, shared zones: the rules that look across VPCs have
    /// something to find), in one region and in two (a what-if reworks the cross-VPC findings of
    /// its region only: the other's are kept).
    static func networks() throws -> [(String, Inventory)] {
        [("demo", SourceLoader.demo()),
         ("broken", try SourceLoader.load([fixtures + "/aws-cli/broken-us-east-1"])),
         ("hub-and-spoke", try SourceLoader.load([fixtures + "/aws-cli/hub-and-spoke"])),
         ("two regions", try SourceLoader.load([fixtures + "/aws-cli/org-two-regions"]))]
    }

    /// A small deterministic generator (the same series on every run, different per seed).
    struct Dice {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        mutating func pick<T>(_ list: [T]) -> T? { list.isEmpty ? nil : list[next(list.count)] }
    }

    /// One step: a change the explorer can make, or an undo (the last change dropped), chosen by `dice`.
    static func step(_ whatIf: WhatIf, in base: Inventory, _ dice: inout Dice) -> WhatIf {
        var changes = whatIf.changes
        let vpcs = base.vpcs.map(\.id)
        switch dice.next(7) {
        case 0, 1:
            guard let vpc = dice.pick(vpcs) else { break }
            let subnets = base.privateSubnets(in: vpc).map(\.id)
            let service = dice.pick(["sqs", "ecr.dkr", "ssm", "secretsmanager", "sts"]) ?? "sqs"
            changes.append(.addEndpoint(service: service, vpc: vpc, kind: .interface,
                                        subnetIDs: Array(subnets.prefix(1 + dice.next(3))), routeTableIDs: []))
        case 2:
            guard let vpc = dice.pick(vpcs) else { break }
            let tables = base.routeTables(in: vpc).map(\.id)
            changes.append(.addEndpoint(service: dice.pick(["s3", "dynamodb"]) ?? "s3", vpc: vpc, kind: .gateway,
                                        subnetIDs: [], routeTableIDs: Array(tables.prefix(1 + dice.next(2)))))
        case 3:
            if let endpoint = dice.pick(base.endpoints) { changes.append(.disableEndpoint(endpoint.id)) }
        case 4:
            if let id = dice.pick(whatIf.disabledEndpoints) { changes.append(.enableEndpoint(id)) }
        case 5:
            if let nat = dice.pick(base.natGateways) { changes.append(.removeNATGateway(nat.id)) }
        default:
            if !changes.isEmpty { changes.removeLast() }
        }
        var next = whatIf
        next.changes = changes
        // The explorer nets what it is given at times (a plan's changes): an endpoint off and on again is none.
        return dice.next(4) == 0 ? next.netted : next
    }

    /// What the views read of an analysis, compared part by part so a failure names the part.
    static func expectSame(_ a: SessionAnalysis, _ b: SessionAnalysis, _ context: String) {
        #expect(a.findings == b.findings, "findings, \(context)")
        #expect(a.findingCounts == b.findingCounts, "finding counts, \(context)")
        #expect(a.findingsByResource == b.findingsByResource, "findings by resource, \(context)")
        #expect(a.findingNames == b.findingNames, "finding names, \(context)")
        #expect(a.findingSearch == b.findingSearch, "finding search, \(context)")
        #expect(a.rulesNotEvaluated == b.rulesNotEvaluated, "rules not evaluated, \(context)")
        #expect(a.costReport == b.costReport, "cost report, \(context)")
        #expect(a.baseCostReport == b.baseCostReport, "base cost report, \(context)")
        #expect(a.tree.nodes == b.tree.nodes, "tree rows, \(context)")
        #expect(a.tree == b.tree, "tree, \(context)")
        #expect(a.supposed == b.supposed, "supposed, \(context)")
    }

    static func series(_ base: Inventory, name: String, traffic: Traffic, seed: UInt64, steps: Int, comparedWith old: Inventory? = nil) {
        var dice = Dice(state: seed)
        var session = Session(baseInventory: base, traffic: traffic, comparedWith: old)
        var analysis = SessionAnalysis(session)
        for i in 0..<steps {
            session.whatIf = step(session.whatIf, in: base, &dice)
            analysis = analysis.rebuilt(after: .whatIf, in: session)
            let context = "\(name), seed \(seed), step \(i): \(session.whatIf.changes.map(\.summary))"
            expectSame(analysis, SessionAnalysis(session), context)
        }
    }

    @Test("A series of what-ifs, each rebuilt from the last, gives the from-scratch analysis", arguments: [1, 2, 3] as [UInt64])
    func seriesEqualsScratch(seed: UInt64) throws {
        for (name, base) in try Self.networks() {
            Self.series(base, name: name, traffic: Traffic(), seed: seed, steps: 14)
        }
    }

    @Test("With traffic given (costs per GB, below-break-even), the same holds")
    func seriesWithTraffic() throws {
        var traffic = Traffic()
        traffic.set(800, service: "s3")
        traffic.set(40, service: "sqs")
        traffic.set(120, service: "ecr.dkr")
        traffic.set(3, service: "sts")
        for (name, base) in try Self.networks() {
            Self.series(base, name: name, traffic: traffic, seed: 7, steps: 12)
        }
    }

    @Test("With --compare (the navigator marks what OLD had and NEW has not), the same holds")
    func seriesComparing() {
        let new = SourceLoader.demo()
        // OLD had one more endpoint and one subnet fewer than NEW.
        var old = new.contents
        old.endpoints.append(VPCEndpoint(id: "vpce-gone", vpcID: new.vpcs.first?.id ?? "", kind: .interface,
                                         serviceName: "com.amazonaws.eu-west-1.sqs"))
        old.subnets.removeLast()
        Self.series(new, name: "compare", traffic: Traffic(), seed: 5, steps: 10, comparedWith: Inventory(old))
    }

    @Test("Undoing every what-if gives back the analysis of the network as loaded")
    func undoToBase() throws {
        for (name, base) in try Self.networks() {
            var session = Session(baseInventory: base)
            let start = SessionAnalysis(session)
            var analysis = start
            var dice = Dice(state: 11)
            for _ in 0..<6 {
                var changes = session.whatIf.changes
                if let vpc = dice.pick(base.vpcs.map(\.id)) {
                    changes.append(.addEndpoint(service: "kms", vpc: vpc, kind: .interface,
                                                subnetIDs: base.privateSubnets(in: vpc).map(\.id), routeTableIDs: []))
                }
                if let endpoint = dice.pick(base.endpoints) { changes.append(.disableEndpoint(endpoint.id)) }
                session.whatIf = WhatIf(changes)
                analysis = analysis.rebuilt(after: .whatIf, in: session)
            }
            while !session.whatIf.isEmpty {
                session.whatIf.changes.removeLast()
                analysis = analysis.rebuilt(after: .whatIf, in: session)
            }
            Self.expectSame(analysis, start, "\(name), all undone")
            #expect(analysis.findings.count == start.findings.count)
        }
    }

    @Test("Told the wrong VPCs, an update keeps stale parts: the comparison above would see them")
    func wrongVPCsAreSeen() {
        let base = SourceLoader.demo()
        guard let vpc = base.vpcs.first(where: { !base.privateSubnets(in: $0.id).isEmpty }) else {
            Issue.record("the demo has a VPC with private subnets")
            return
        }
        let before = Session(baseInventory: base)
        let analysis = SessionAnalysis(before)
        var after = before
        after.whatIf = WhatIf([.addEndpoint(service: "ecr.api", vpc: vpc.id, kind: .interface,
                                            subnetIDs: base.privateSubnets(in: vpc.id).map(\.id), routeTableIDs: [])])
        let shown = after.whatIf.apply(to: base)
        let scratch = SessionAnalysis(after)
        #expect(FindingEngine.complete.findings(updating: analysis.findings, changed: [], in: shown, cost: scratch.costReport)
            != scratch.findings)
        #expect(analysis.tree.rebuilding([], in: shown, switchedOff: []) != scratch.tree)
        // The cost lines of endpoints that stay are kept unless their VPC changed: with every NAT gone, the
        // NAT hours an endpoint's break-even counts change, which only the right VPC brings in.
        var noNAT = before
        noNAT.whatIf = WhatIf(base.natGateways(in: vpc.id).map { .removeNATGateway($0.id) })
        let withoutNAT = noNAT.whatIf.apply(to: base)
        let scratchCost = CostReport(inventory: withoutNAT)
        #expect(analysis.costReport.updating([], in: withoutNAT, traffic: Traffic()) != scratchCost)
        #expect(analysis.costReport.updating([vpc.id], in: withoutNAT, traffic: Traffic()) == scratchCost)
        // Told the right one, each is the from-scratch part.
        #expect(FindingEngine.complete.findings(updating: analysis.findings, changed: [vpc.id], in: shown, cost: scratch.costReport)
            == scratch.findings)
        #expect(analysis.tree.rebuilding([vpc.id], in: shown, switchedOff: []) == scratch.tree)
        #expect(analysis.costReport.updating([vpc.id], in: shown, traffic: Traffic()) == scratch.costReport)
    }

    @Test("The VPCs a what-if changes: an added endpoint's, a switched-off endpoint's, a NAT's with the tables routing to it")
    func changedVPCs() {
        let base = SourceLoader.demo()
        guard let endpoint = base.endpoints.first, let nat = base.natGateways.first, let vpc = base.vpcs.last else {
            Issue.record("the demo has an endpoint, a NAT gateway and a VPC")
            return
        }
        let add = WhatIfChange.addEndpoint(service: "sqs", vpc: vpc.id, kind: .interface, subnetIDs: [], routeTableIDs: [])
        #expect(WhatIf([add]).vpcsChanged(from: WhatIf(), in: base) == [vpc.id])
        #expect(WhatIf([add, .disableEndpoint(endpoint.id)]).vpcsChanged(from: WhatIf([add]), in: base) == [endpoint.vpcID])
        #expect(WhatIf().vpcsChanged(from: WhatIf([.removeNATGateway(nat.id)]), in: base) == [nat.vpcID])
        // Taking the first change away moves the second's position (and its endpoint's ID): both count.
        let other = WhatIfChange.disableEndpoint(endpoint.id)
        #expect(WhatIf([other]).vpcsChanged(from: WhatIf([add, other]), in: base) == Set([vpc.id, endpoint.vpcID]))
        #expect(WhatIf([add]).vpcsChanged(from: WhatIf([add]), in: base).isEmpty)
    }
}
