import Foundation
import Testing
@testable import Loaders
import Model
import TestSupport

/// While a large ENI answer is read, the loader hands over the network without it: everything but
/// the ENIs, which are unknown and marked as still loading, never as "none".
@Suite struct FirstLookTests {
    @Test("The first look has every VPC, subnet and endpoint, and its ENIs are loading, not absent")
    func firstLookBeforeTheENIs() throws {
        let looks = Collected<InventoryContents>()
        let whole = try SourceLoader.load([FixturePaths.blog], firstLook: { looks.add($0) }, firstLookRule: .always)
        let look = try #require(looks.all.first)
        #expect(looks.all.count == 1)
        let first = Inventory(look)
        #expect(first.vpcs.map(\.id) == whole.vpcs.map(\.id))
        #expect(first.subnets.count == whole.subnets.count && first.endpoints.count == whole.endpoints.count)
        // The ENIs are not known yet: a rule or view that needs them says unknown, not none.
        #expect(!first.knows(.networkInterfaces) && whole.knows(.networkInterfaces))
        #expect(look.loading == [.networkInterfaces])
        #expect(look.networkInterfaces.isEmpty && !whole.networkInterfaces.isEmpty)
        #expect(whole.contents.loading.isEmpty)
        // Regions are worked out on the first look as on the whole network.
        #expect(first.vpcs.map(\.region) == whole.vpcs.map(\.region))
    }

    @Test("Below the size that makes it worth it, with a Terraform spec, or with no ENI answer there is no first look")
    func noFirstLook() throws {
        let looks = Collected<InventoryContents>()
        _ = try SourceLoader.load([FixturePaths.blog], firstLook: { looks.add($0) })
        #expect(looks.all.isEmpty) // the fixture's ENI answer is a few KB
        let directory = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["describe-vpcs.json", "describe-subnets.json"] {
            try FileManager.default.copyItem(atPath: FixturePaths.blog + "/" + name, toPath: directory + "/" + name)
        }
        _ = try SourceLoader.load([directory], firstLook: { looks.add($0) }, firstLookRule: .always)
        #expect(looks.all.isEmpty)
        let spec = directory + "/endpoint.tf"
        try """
        resource "aws_vpc_endpoint" "kms" {
          vpc_id            = "vpc-0a1b2c3d4e5f60001"
          service_name      = "com.amazonaws.eu-west-1.kms"
          vpc_endpoint_type = "Interface"
        }
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        _ = try? SourceLoader.load([FixturePaths.blog, spec], firstLook: { looks.add($0) }, firstLookRule: .always)
        #expect(looks.all.isEmpty)
    }

    @Test("A first look is for ENI answers that dwarf the rest: the 250 MB single account gets one, an organisation's 52 MB beside 15 MB of everything else does not")
    func firstLookOnlyWhenTheENIsDwarfTheRest() {
        let rule = SourceLoader.FirstLookRule.standard
        #expect(rule.holds(interfaceBytes: 251_700_000, otherBytes: 9_000_000))
        #expect(!rule.holds(interfaceBytes: 51_700_000, otherBytes: 14_500_000))
        #expect(!rule.holds(interfaceBytes: 20_000_000, otherBytes: 0))
        #expect(SourceLoader.FirstLookRule.always.holds(interfaceBytes: 1, otherBytes: 1_000_000))
    }
}
