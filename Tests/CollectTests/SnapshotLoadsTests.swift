import Collect
import Foundation
import Loaders
import Model
import Testing

/// A snapshot `collect` writes is what `vpcx DIR` reads: the loader finds every file, and the
/// manifest's account, region and gaps reach the explorer's header.
@Suite struct SnapshotLoadsTests {
    @Test func snapshotWithAGapLoadsWithTheGapNamed() throws {
        let fake = try FakeAWS()
        let output = fake.directory.appendingPathComponent("snapshot")
        _ = try runCollect(CollectOptions(regions: ["eu-west-1"], output: output.path,
                                          environment: fake.environment(["FAKE_AWS_DENY": "describe-nat-gateways"])))
        let inventory = try SourceLoader.load([output.path])
        let source = try #require(inventory.contents.sources.first { $0.account != nil })
        #expect(source.account == "111122223333")
        #expect(source.region == "eu-west-1")
        #expect(source.gaps == ["eu-west-1 describe-nat-gateways: UnauthorizedOperation"])
        #expect(inventory.contents.vpcs.map(\.id) == ["vpc-24a5f259ef29682f9"])
        #expect(inventory.vpc("vpc-24a5f259ef29682f9")?.enableDnsHostnames == true)
        #expect(inventory.contents.endpoints.count == 11)
        #expect(inventory.contents.natGateways.isEmpty)
    }
}
