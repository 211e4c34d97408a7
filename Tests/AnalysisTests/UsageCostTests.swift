import Analysis
import Foundation
import Loaders
import Model
import Testing

/// A usage file prices like the same figures given with `--gb`, and its per-AZ and per-subnet figures
/// land where they say the traffic comes from.
@Suite struct UsageCostTests {
    static let demo = SourceLoader.demo()

    static func usage(_ body: String) throws -> Traffic {
        try UsageFile.parse("version: 1\nvpcs:\n" + body, path: "usage.yaml").traffic
    }

    /// The figures that matter to a bill, without where they came from (to a millionth: a third
    /// of 300 GB three times is not 300 in binary floating point).
    static func bill(_ report: CostReport) -> [String] {
        let r = { (x: Double) in String(format: "%.6f", x) }
        return report.endpoints.map { "\($0.id) \(r($0.dataGB)) \(r($0.monthly)) \(r($0.crossAzMonthly))" }
            + report.natGateways.map { "\($0.id) \(r($0.dataGB)) \(r($0.monthly))" } + [r(report.totals.monthly)]
    }

    @Test func aUsageFileCostsWhatTheSameGBFlagsCost() throws {
        let fromFile = CostReport(inventory: Self.demo, traffic: try Self.usage("  \"*\":\n    s3: 4000\n  main-vpc:\n    logs: 300\n    secretsmanager: 2\n"))
        let fromFlags = CostReport(inventory: Self.demo, traffic: try Traffic.parse(["s3=4000", "main-vpc:logs=300", "secretsmanager=2"]))
        #expect(Self.bill(fromFile) == Self.bill(fromFlags))
        #expect(fromFile.totals.monthly > fromFile.totals.endpointsHourlyMonthly, "the traffic was priced")
        let logs = try #require(fromFile.endpoints.first { $0.service == "logs" })
        #expect(logs.trafficOrigin == .usageFile)
        #expect(try #require(fromFlags.endpoints.first { $0.service == "logs" }).trafficOrigin == .flag)
        #expect(fromFile.text(inventory: Self.demo).contains("Traffic: from the usage file"))
    }

    @Test func perAZFiguresAddUpToTheSameTotalAsAnEvenSpread() throws {
        // Three private AZs: 100 GB from each is what 300 GB spread evenly is.
        let perAZ = CostReport(inventory: Self.demo, traffic: try Self.usage(
            "  main-vpc:\n    logs:\n      azs:\n        eu-west-1a: 100\n        eu-west-1b: 100\n        eu-west-1c: 100\n"))
        let even = CostReport(inventory: Self.demo, traffic: try Traffic.parse(["logs=300"]))
        #expect(Self.bill(perAZ) == Self.bill(even))
    }

    @Test func trafficFromAnAZWithoutTheEndpointsENIPaysCrossAZ() throws {
        // The logs endpoint in one AZ only (a what-if), and all its traffic from another AZ.
        let logs = try #require(Self.demo.endpoints.first { $0.service == "logs" })
        let keep = try #require(logs.subnetIDs.first { Self.demo.subnet($0)?.availabilityZone == "eu-west-1a" })
        var contents = Self.demo.contents
        for i in contents.endpoints.indices where contents.endpoints[i].id == logs.id { contents.endpoints[i].subnetIDs = [keep] }
        contents.networkInterfaces.removeAll { $0.id != "" && logs.networkInterfaceIDs.contains($0.id) && $0.subnetID != keep }
        let inventory = Inventory(contents)
        #expect(inventory.availabilityZones(of: try #require(inventory.endpoint(logs.id))) == ["eu-west-1a"])
        let traffic = try Self.usage("  main-vpc:\n    logs:\n      azs:\n        eu-west-1b: 200\n")
        let line = try #require(CostReport(inventory: inventory, traffic: traffic).endpoint(logs.id))
        let table = PriceTable.listPrices
        #expect(line.dataGB == 200)
        #expect(line.crossAzGB == 200)
        #expect(abs(line.crossAzMonthly - 200 * table.crossAZRoundTripPerGB) < 1e-9)
        // The same 200 GB from the ENI's own AZ crosses nothing.
        let local = try Self.usage("  main-vpc:\n    logs:\n      subnets:\n        private-a: 200\n")
        #expect(try #require(CostReport(inventory: inventory, traffic: local).endpoint(logs.id)).crossAzGB == 0)
    }

    @Test func aServiceWithoutAnEndpointGoesThroughItsSubnetsNAT() throws {
        // sqs has no endpoint in the demo: private-b's traffic is billed on private-b's NAT gateway.
        let traffic = try Self.usage("  main-vpc:\n    sqs:\n      subnets:\n        private-b: 50\n")
        let report = CostReport(inventory: Self.demo, traffic: traffic)
        let carrying = report.natGateways.filter { $0.dataGB > 0 }
        #expect(carrying.count == 1)
        #expect(carrying.first?.dataGB == 50)
    }
}
