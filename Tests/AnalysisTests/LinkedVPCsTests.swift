@testable import Analysis
import Foundation
import Loaders
import Model
import Testing

/// The organisation over two regions (`scripts/make-org-inventory.py OUT --accounts 3 --regions
/// eu-west-1,us-east-1 --vpcs 2 --services secretsmanager,kms --instances 0 --peered --sg-excludes 2
/// --duplicate kms --blackhole 3`): per region a hub with shared zones, four spokes over the region's
/// transit gateway (one outside the endpoints' security group, one with its own kms endpoint, one
/// behind a blackhole) and a peered VPC. Nothing joins the two regions.
enum TwoRegions {
    static let path = PathsFixtures.root + "/org-two-regions"
    static func inventory() throws -> Inventory { try SourceLoader.load([path]) }
}

/// Which VPCs' cross-VPC findings a what-if can change (issue 17): those linked with its VPCs.
@Suite("Linked VPCs: the scope of a what-if's cross-VPC findings")
struct LinkedVPCsTests {
    func vpcs(in region: String, of inventory: Inventory) -> Set<String> {
        Set(inventory.vpcs.filter { $0.region == region }.map(\.id))
    }

    @Test("A spoke is linked with its region's VPCs, and not with the other region's")
    func aRegionIsAGroup() throws {
        let inventory = try TwoRegions.inventory()
        let eu = vpcs(in: "eu-west-1", of: inventory), us = vpcs(in: "us-east-1", of: inventory)
        #expect(eu.count == 6 && us.count == 6)
        let spoke = try #require(inventory.vpcs.first { $0.region == "eu-west-1" && $0.name?.hasPrefix("spoke-") == true })
        let linked = LinkedVPCs([inventory, inventory])
        #expect(linked.vpcs(linkedTo: [spoke.id]) == eu)
        #expect(linked.vpcs(linkedTo: [spoke.id, try #require(us.first)]) == eu.union(us))
        #expect(linked.vpcs(linkedTo: []) == [])
        // A VPC ID the network does not hold (an ENI's, say) is kept as given.
        #expect(linked.vpcs(linkedTo: ["vpc-elsewhere"]) == ["vpc-elsewhere"])
    }

    @Test("A peering, a zone naming another region's endpoint or a VPC without a region links across regions")
    func linksAcrossRegions() throws {
        let inventory = try TwoRegions.inventory()
        let all = Set(inventory.vpcs.map(\.id))
        let euVPC = try #require(inventory.vpcs.first { $0.region == "eu-west-1" })
        let usVPC = try #require(inventory.vpcs.first { $0.region == "us-east-1" })

        var peered = inventory.contents
        peered.interconnect.peerings.append(VPCPeeringConnection(id: "pcx-across", requester: .init(vpcID: euVPC.id),
                                                                 accepter: .init(vpcID: usVPC.id)))
        #expect(LinkedVPCs([Inventory(peered)]).vpcs(linkedTo: [euVPC.id]) == all)

        // An eu-west-1 zone whose record aliases a us-east-1 endpoint: the zone's VPCs read that endpoint.
        var named = inventory.contents
        let usEndpoint = try #require(inventory.endpoints.first { inventory.vpc($0.vpcID)?.region == "us-east-1" && !$0.dnsEntries.isEmpty })
        let zone = try #require(named.interconnect.hostedZones.firstIndex { $0.isPrivate && $0.name.hasSuffix("eu-west-1.amazonaws.com") })
        let zoneName = named.interconnect.hostedZones[zone].name
        named.interconnect.hostedZones[zone].records?.append(DNSRecord(name: "other." + zoneName, type: "A",
                                                                        aliasTarget: usEndpoint.dnsEntries[0].name))
        #expect(LinkedVPCs([Inventory(named)]).vpcs(linkedTo: [usEndpoint.vpcID]) == all)
        // The same in the network before only (a what-if since switched the endpoint off): still linked.
        var without = named
        without.endpoints.removeAll { $0.id == usEndpoint.id }
        #expect(LinkedVPCs([Inventory(named), Inventory(without)]).vpcs(linkedTo: [usEndpoint.vpcID]) == all)

        var unplaced = inventory.contents
        unplaced.vpcs[0].region = nil
        #expect(LinkedVPCs([Inventory(unplaced)]).vpcs(linkedTo: [usVPC.id]) == nil)
    }

    @Test("A what-if that adds the network's first endpoint of a service asks every VPC about it")
    func aNewServiceReachesEveryVPC() throws {
        let inventory = try TwoRegions.inventory()
        let spoke = try #require(inventory.vpcs.first { $0.name?.hasPrefix("spoke-") == true })
        let known = WhatIf([.addEndpoint(service: "kms", vpc: spoke.id, kind: .interface, subnetIDs: [], routeTableIDs: [])])
        let new = WhatIf([.addEndpoint(service: "sqs", vpc: spoke.id, kind: .interface, subnetIDs: [], routeTableIDs: [])])
        #expect(LinkedVPCs([inventory, known.apply(to: inventory)]).vpcs(linkedTo: [spoke.id]) == vpcs(in: spoke.region ?? "", of: inventory))
        #expect(LinkedVPCs([inventory, new.apply(to: inventory)]).vpcs(linkedTo: [spoke.id]) == nil)
    }

    @Test("An update works out the cross-VPC findings of the changed VPC's region and keeps the other region's")
    func anUpdateKeepsTheOtherRegion() throws {
        let base = try TwoRegions.inventory()
        let engine = FindingEngine.complete
        let before = engine.findings(in: base)
        let crossRules: Set<String> = ["centralised-endpoint-unreachable", "private-dns-not-shared", "duplicate-endpoints"]
        #expect(Set(before.map(\.rule)).isSuperset(of: crossRules))
        // Switch off the eu-west-1 hub's kms endpoint: the eu spokes' zone answers with nothing.
        let hubKMS = try #require(base.endpoints.first { $0.service == "kms" && base.vpc($0.vpcID)?.name == "hub" && base.vpc($0.vpcID)?.region == "eu-west-1" })
        let whatIf = WhatIf([.disableEndpoint(hubKMS.id)])
        let shown = whatIf.apply(to: base)
        let changed = whatIf.vpcsChanged(from: WhatIf(), in: base)
        let scratch = engine.findings(in: shown)
        #expect(scratch != before)
        let cost = CostReport(inventory: shown)
        #expect(engine.findings(updating: before, changed: changed, in: shown, before: base, cost: cost) == scratch)
        #expect(engine.findings(updating: before, changed: changed, in: shown, cost: cost) == scratch)

        // Marked findings of the other region stay as they were given: they were not worked out again.
        let us = vpcs(in: "us-east-1", of: base)
        let marked = before.map { finding in
            var finding = finding
            if crossRules.contains(finding.rule) && us.contains(finding.vpc) { finding.message += " (kept)" }
            return finding
        }
        let updated = engine.findings(updating: marked, changed: changed, in: shown, before: base, cost: cost)
        #expect(updated.filter { $0.message.hasSuffix(" (kept)") }.count == marked.filter { $0.message.hasSuffix(" (kept)") }.count)
        #expect(updated.filter { $0.message.hasSuffix(" (kept)") }.count >= 3)
        // Without the network before, the links it had are not known: everything is worked out again.
        #expect(engine.findings(updating: marked, changed: changed, in: shown, cost: cost) == scratch)
    }
}
