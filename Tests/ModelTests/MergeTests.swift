import Testing
@testable import Model

/// Merging many sources one after another with the same indexes (how a snapshot of thousands of files
/// loads) must give what merging them one at a time from scratch gives: same order, later replaces
/// earlier, VPC attributes combined.
@Suite struct MergeTests {
    static func source(_ n: Int) -> InventoryContents {
        var c = InventoryContents()
        // Each source adds its own subnet and restates the shared one (a newer snapshot of it).
        c.subnets = [Subnet(id: "subnet-shared", vpcID: "vpc-1", availabilityZone: "eu-west-1\(["a", "b"][n % 2])", cidr: nil),
                     Subnet(id: "subnet-\(n)", vpcID: "vpc-1", availabilityZone: "eu-west-1a", cidr: nil)]
        // Odd sources say only the VPC's DNS attribute; even ones the VPC itself.
        c.vpcs = [n % 2 == 0 ? VPC(id: "vpc-1", region: "eu-west-1", cidr: nil)
                             : VPC(id: "vpc-1", cidr: nil, enableDnsSupport: n % 4 == 1)]
        return c
    }

    @Test func sharedIndexesGiveWhatFreshMergesGive() {
        var fresh = InventoryContents()
        var indexed = InventoryContents()
        var indexes = InventoryContents.MergeIndexes()
        for n in 0..<50 {
            fresh.merge(Self.source(n))
            indexed.merge(Self.source(n), indexes: &indexes)
        }
        #expect(indexed.subnets.map(\.id) == fresh.subnets.map(\.id))
        #expect(indexed.subnets.count == 51)
        #expect(indexed.subnets.first?.availabilityZone == "eu-west-1b")   // the last restatement (n = 49) wins
        #expect(indexed.vpcs.count == 1)
        #expect(indexed.vpcs.first?.region == "eu-west-1")
        #expect(indexed.vpcs.first?.enableDnsSupport == fresh.vpcs.first?.enableDnsSupport)
    }

    @Test func anIndexKeptAcrossEditsInPlaceStillFindsItsItems() {
        var whole = InventoryContents()
        var indexes = InventoryContents.MergeIndexes()
        whole.merge(Self.source(0), indexes: &indexes)
        whole.subnets[1].tags = [Tag(key: "Name", value: "edited")]       // edited in place, same ID
        whole.merge(Self.source(0), indexes: &indexes)
        #expect(whole.subnets.map(\.id) == ["subnet-shared", "subnet-0"])
    }
}
