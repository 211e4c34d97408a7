import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// The explorer on the hub-and-spoke fixture (three accounts, a transit gateway, a peered VPC):
/// account rows, a VPC's peerings and attachments, a region's centralise? answer, the diagram's hop
/// into the hub, and the DNS panel's "answered by".
@Suite("Explorer across VPCs and accounts")
struct CrossVPCViewTests {
    static func inventory() throws -> Inventory { try SourceLoader.load([ExplorerFixtures.root + "/hub-and-spoke"]) }

    /// The screen without its header row, which names the checkout's path.
    static func screen(_ state: AppState) -> String {
        Screen.render(state).text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
    }

    static func state(_ width: Int, _ height: Int, jump: String? = nil) throws -> AppState {
        var state = AppState(inventory: try inventory(), width: width, height: height, glyphs: .unicode)
        if let jump {
            _ = state.reduce(.startJump)
            for c in jump { _ = state.reduce(.text(c)) }
            _ = state.reduce(.textSubmit)
        }
        return state
    }

    @Test("The navigator lists each region's accounts with their VPC counts; the region's detail answers centralise?")
    func accountsAndCentralise() throws {
        let state = try Self.state(120, 40)
        let text = Self.screen(state)
        #expect(text.contains("4 VPCs · 3 accounts"))
        #expect(text.contains("111111111111"))
        #expect(text.contains("Centralise?"))
        #expect(text.contains("break-even: 3 VPCs"))
        assertSnapshot(text, named: "org-first-screen-120x40")
    }

    @Test("On a region the Cost panel answers centralise? with its chart, and the session's traffic moves the verdict")
    func costPanelCentralise() throws {
        var state = try Self.state(120, 40)
        _ = state.reduce(.selectPanel(.cost))
        var text = Self.screen(state)
        #expect(text.contains("Centralise? eu-west-1: 4 VPCs"))
        // 4 VPCs × 4 services × 2 AZs: $233.60 in every VPC against $58.40 + 4 × $36.50 for the hub.
        #expect(text.contains("$233.60/month"))
        #expect(text.contains("saves $29.20/month"))
        #expect(text.contains("not given"))
        #expect(text.contains("every VPC") && text.contains("hub + TGW"))
        assertSnapshot(text, named: "org-region-cost-centralise-120x40")
        // 500 GB of Secrets Manager in each VPC: 2,000 GB through the hub is past its 1,460 GB break-even.
        state.setTraffic(try Traffic.parse(["secretsmanager=500"]))
        text = Self.screen(state)
        #expect(text.contains("2000.0 GB/month"))
        #expect(text.contains("hub costs $10.80/month more"))
        // The Detail panel prices the same answer with the same traffic.
        _ = state.reduce(.selectPanel(.detail))
        #expect(Self.screen(state).contains("endpoints in every VPC are cheaper by $10.80/month"))
    }

    @Test("A spoke VPC's detail lists its transit gateway attachment and its shared zones; the peered VPC its peering")
    func vpcDetail() throws {
        let spoke = Self.screen(try Self.state(120, 50, jump: "spoke-2222-1"))
        #expect(spoke.contains("Transit gateway"))
        #expect(spoke.contains("tgw-attach-"))
        #expect(spoke.contains("secretsmanager.eu-west-1.amazonaws.com"))
        assertSnapshot(spoke, named: "org-spoke-vpc-detail-120x50")
        let peered = Self.screen(try Self.state(120, 50, jump: "peered"))
        #expect(peered.contains("pcx-"))
        #expect(peered.contains("not allowed"))
    }

    @Test("The diagram draws the hop through the transit gateway into the hub, with its $/GB")
    func diagram() throws {
        let inventory = try Self.inventory()
        let subnet = try #require(inventory.subnets.first { $0.name == "spoke-2222-1-private-a" })
        let path = PathResolver(inventory: inventory).path(from: subnet.id, to: "secretsmanager")
        let text = PathDiagramView.diagramText(path, width: 120)
        #expect(text.contains("Transit gateway"))
        #expect(text.contains("$0.02/GB transit gateway data"))
        #expect(text.contains("in hub ("))
        assertSnapshot(text, named: "org-diagram-spoke-secretsmanager-120")
    }

    @Test("The DNS panel says the hub's shared zone answered, and for the peered VPC that public DNS did")
    func dnsAnsweredBy() throws {
        let inventory = try Self.inventory()
        let resolver = PathResolver(inventory: inventory)
        let spoke = try #require(inventory.subnets.first { $0.name == "spoke-2222-1-private-a" })
        let text = DNSView.text(resolver.dnsResolution(from: spoke.id, service: "secretsmanager"), width: 100)
        #expect(text.contains("answered by:"))
        #expect(text.contains("is a private hosted zone associated with"))
        assertSnapshot(text, named: "org-dns-spoke-secretsmanager-100")
        let peered = try #require(inventory.subnets.first { $0.name == "peered-private-a" })
        let public_ = DNSView.text(resolver.dnsResolution(from: peered.id, service: "secretsmanager"), width: 100)
        #expect(public_.contains("public DNS: no private hosted zone or Resolver rule"))
        assertSnapshot(public_, named: "org-dns-peered-secretsmanager-100")
    }
}
