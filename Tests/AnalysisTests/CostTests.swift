import Analysis
import JSONText
import Loaders
import Model
import Testing

@Suite struct CostTests {
    let table = PriceTable.listPrices

    @Test func tenInterfaceEndpointsInThreeAZsCost219BeforeData() {
        var network = TestNetwork()
        for service in ["secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs", "ecr.api", "ecr.dkr", "kms", "sts", "sqs"] {
            network.interface(service)
        }
        let report = CostReport(inventory: network.inventory)
        #expect(abs(report.totals.endpointsHourlyMonthly - 219) < 1e-9)
        #expect(abs(report.totals.endpointsMonthly - 219) < 1e-9)
        #expect(report.endpoints.allSatisfy { $0.azs == 3 && abs($0.monthly - 21.9) < 1e-9 })
    }

    @Test func oneEndpointInThreeAZsBreaksEvenAt625Point7GB() throws {
        var network = TestNetwork()
        network.interface("secretsmanager")
        let line = try #require(CostReport(inventory: network.inventory).endpoints.first)
        let breakEven = try #require(line.breakEvenGB)
        #expect(CostFormat.number(breakEven, decimals: 1) == "625.7")
        #expect(abs(breakEven - 21.9 / 0.035) < 1e-9)
        #expect(CostFormat.number(BreakEven.naiveFigure(table: table), decimals: 0) == "162")
        let why = BreakEven.explanation(azs: 3, table: table)
        #expect(why.contains("~162 GB") && why.contains("one AZ") && why.contains("625.7 GB/month") && why.contains("$0.010/GB"))
    }

    /// A gateway endpoint is free: it has no break-even, and JSON and CSV say so with null, not 0.
    @Test func gatewayEndpointHasNoBreakEven() throws {
        var network = TestNetwork()
        network.gateway("s3")
        let report = CostReport(inventory: network.inventory, traffic: Traffic([.init(service: "s3", gb: 100)]))
        let line = try #require(report.endpoints.first)
        #expect(line.breakEvenGB == nil)
        #expect(report.csv().split(separator: "\n").last?.hasSuffix(",") == true)
        #expect(line.verdict(currency: "USD") == "keep: free, saves $4.50")
    }

    /// An endpoint waiting to be created or accepted bills no hours yet.
    @Test func pendingEndpointsAreNotBilled() throws {
        for state in ["pending", "pendingAcceptance", "PendingAcceptance"] {
            var network = TestNetwork()
            network.interface("ssm", state: state)
            let line = try #require(CostReport(inventory: network.inventory).endpoints.first)
            #expect(line.hourlyMonthly == 0, "\(state)")
        }
    }

    /// In a VPC without NAT, the NAT alternative means adding NAT gateways (one per private AZ): their
    /// hours come off the endpoint's, and here they outweigh them, so the endpoint wins at any traffic.
    @Test func breakEvenWithoutNATCountsTheNATHoursToAdd() throws {
        var network = TestNetwork(nat: false)
        network.interface("ssm")
        let line = try #require(CostReport(inventory: network.inventory).endpoints.first)
        #expect(abs(line.natHoursToAddMonthly - 3 * 32.85) < 1e-9)
        #expect(line.breakEvenGB == 0)
        var withNAT = TestNetwork()
        withNAT.interface("ssm")
        let other = try #require(CostReport(inventory: withNAT.inventory).endpoints.first)
        #expect(other.natHoursToAddMonthly == 0)
        #expect(abs((other.breakEvenGB ?? 0) - 21.9 / 0.035) < 1e-9)
    }

    @Test func breakEvenIsWhereEndpointAndNATCostTheSame() throws {
        var network = TestNetwork()
        network.interface("kms")
        let gb = 21.9 / 0.035
        let line = try #require(CostReport(inventory: network.inventory, traffic: Traffic([.init(service: "kms", gb: gb)])).endpoints.first)
        #expect(abs(line.monthly - line.natAlternativeMonthly) < 1e-9)
    }

    @Test func breakEvenIsNilWhenNATIsNotDearerPerGB() {
        var cheap = table
        cheap.natGatewayPerGB = 0.01
        #expect(BreakEven.gb(azs: 3, table: cheap) == nil)
        #expect(BreakEven.gb(hourlyMonthly: 0, natPerGB: 0.045, endpointPerGB: 0.01) == 0)
    }

    static let tierCases: [(Double, Double)] = [
        (0, 0),
        (1_000_000, 10_000),                 // exactly the first PB
        (1_000_001, 10_000.006),             // one GB into the second tier
        (5_000_000, 34_000),                 // exactly 5 PB: 10,000 + 4,000,000 x 0.006
        (5_000_001, 34_000.004),             // one GB over 5 PB
        (6_000_000, 38_000),
    ]

    @Test(arguments: CostTests.tierCases)
    func interfaceDataTiersApplyAtTheirBoundaries(gb: Double, expected: Double) {
        #expect(abs(table.interfaceEndpointDataCost(totalGB: gb) - expected) < 1e-6)
    }

    @Test func tiersAreSummedPerRegionAcrossEndpoints() throws {
        var network = TestNetwork()
        network.interface("kinesis-streams")
        network.interface("logs")
        // 600 TB + 600 TB: together 1.2 PB, so 0.2 PB pays the second tier, shared in proportion.
        let report = CostReport(inventory: network.inventory, traffic: Traffic([
            .init(service: "kinesis-streams", gb: 600_000), .init(service: "logs", gb: 600_000),
        ]))
        let total = report.endpoints.reduce(0) { $0 + $1.dataMonthly }
        #expect(abs(total - (10_000 + 200_000 * 0.006)) < 1e-6)
        #expect(abs(report.endpoints[0].dataMonthly - report.endpoints[1].dataMonthly) < 1e-9)
    }

    @Test func trafficFromAZsWithoutAnENIPaysCrossAZEachWay() throws {
        var network = TestNetwork()
        network.interface("secretsmanager", azs: ["a"])
        let line = try #require(CostReport(inventory: network.inventory, traffic: Traffic([.init(service: "secretsmanager", gb: 300)])).endpoints.first)
        // Evenly over 3 AZs: 200 GB come from b and c, billed $0.01 out and $0.01 in.
        #expect(abs(line.crossAzGB - 200) < 1e-9)
        #expect(abs(line.crossAzMonthly - 4) < 1e-9)
        #expect(abs(line.hourlyMonthly - 7.3) < 1e-9)
        #expect(abs(line.monthly - (7.3 + 3 + 4)) < 1e-9)
    }

    @Test func noTrafficMeansTheHourlyPartAlone() throws {
        var network = TestNetwork()
        network.interface("logs")
        let line = try #require(CostReport(inventory: network.inventory).endpoints.first)
        #expect(line.dataGB == 0 && line.monthly == line.hourlyMonthly)
    }

    @Test func singleAZAlternativeSavesHoursAndBringsCrossAZ() throws {
        var network = TestNetwork()
        network.interface("logs")
        let report = CostReport(inventory: network.inventory, traffic: Traffic([.init(service: "logs", gb: 300)]))
        let single = try #require(report.singleAZAlternative(forEndpoint: "vpce-logs"))
        #expect(abs(single.hourlySavingMonthly - 14.6) < 1e-9)
        #expect(abs(single.addedCrossAzMonthly - 4) < 1e-9)
        #expect(abs(single.monthlyDelta - (-10.6)) < 1e-9)
        #expect(single.keptAZ == "us-east-1a")
    }

    @Test func natGatewayPaysHoursAndTheTrafficOfServicesWithoutEndpoints() throws {
        var network = TestNetwork()
        network.gateway("s3")
        network.interface("logs")
        let report = CostReport(inventory: network.inventory, traffic: Traffic([
            .init(service: "s3", gb: 4000), .init(service: "logs", gb: 300), .init(service: "sqs", gb: 100),
        ]))
        let nat = try #require(report.natGateways.first)
        #expect(abs(nat.hourlyMonthly - 32.85) < 1e-9)
        #expect(abs(nat.dataGB - 100) < 1e-9)
        #expect(abs(nat.monthly - (32.85 + 4.5)) < 1e-9)
        let s3 = try #require(report.endpoint("vpce-s3"))
        #expect(s3.monthly == 0 && abs(s3.natAlternativeMonthly - 180) < 1e-9)
        // Totals: endpoints + NAT.
        #expect(abs(report.totals.monthly - (21.9 + 3 + 32.85 + 4.5)) < 1e-9)
        #expect(abs(report.totals.natGatewaysMonthly - 37.35) < 1e-9)
        let vpc = try #require(report.vpc("vpc-t"))
        #expect(abs(vpc.monthly - report.totals.monthly) < 1e-9)
        // Without NAT: sqs needs an endpoint in 3 AZs; the NAT's $37.35 goes.
        let removal = try #require(vpc.natRemoval)
        #expect(removal.servicesNeedingEndpoint == ["sqs"])
        #expect(abs(removal.newEndpointsHourlyMonthly - 21.9) < 1e-9)
        #expect(abs(removal.withoutNATMonthly - (21.9 + 21.9 + 3 + 1)) < 1e-9)
        #expect(abs(removal.savingMonthly - (report.totals.monthly - removal.withoutNATMonthly)) < 1e-9)
    }

    @Test func bypassedEndpointLeavesItsTrafficToNAT() throws {
        var network = TestNetwork()
        network.interface("kms", privateDNS: false)
        let report = CostReport(inventory: network.inventory, traffic: Traffic([.init(service: "kms", gb: 100)]))
        #expect(report.endpoint("vpce-kms")?.dataGB == 0)
        #expect(report.endpoint("vpce-kms")?.bypassed != nil)
        #expect(abs((report.natGateways.first?.dataGB ?? 0) - 100) < 1e-9)
    }

    @Test func trafficArgumentsParseWithAndWithoutVPC() throws {
        let traffic = try Traffic.parse(["s3=4000", "test:logs=12.5", "vpc-x:ecr.dkr=1"])
        #expect(traffic.entries == [.init(service: "s3", gb: 4000), .init(vpc: "test", service: "logs", gb: 12.5),
                                    .init(vpc: "vpc-x", service: "ecr.dkr", gb: 1)])
        let vpc = VPC(id: "vpc-t", cidr: nil, tags: [Tag(key: "Name", value: "test")])
        #expect(traffic.gb(for: "logs", in: vpc) == 12.5)
        #expect(traffic.gb(for: "ecr.dkr", in: vpc) == nil)
        for bad in ["s3", "s3=lots", "=4", "s3=-1", ":s3=1"] {
            #expect(throws: TrafficError.self) { try Traffic.parseEntry(bad) }
        }
    }

    @Test func pricingFileOverridesAnyFieldPerRegion() throws {
        let text = """
        natGatewayPerGB: 0.05
        regions:
          eu-west-1:
            interfaceEndpointHourly: 0.011
            interfaceEndpointDataTiers:
              - { upToGB: 1000000, pricePerGB: 0.011 }
              - { pricePerGB: 0.005 }
        """
        let book = try PricingLoader.parse(text, path: "prices.yaml")
        #expect(book.table(for: "us-east-1").natGatewayPerGB == 0.05)
        #expect(book.table(for: "us-east-1").interfaceEndpointHourly == 0.01)
        let eu = book.table(for: "eu-west-1")
        #expect(eu.interfaceEndpointHourly == 0.011 && eu.natGatewayPerGB == 0.05)
        #expect(abs(eu.interfaceEndpointDataCost(totalGB: 1_000_010) - (11_000 + 0.05)) < 1e-6)
        #expect(eu.name == "prices.yaml: eu-west-1")
        // The blog network is in eu-west-1: its endpoints pay the override.
        let report = CostReport(inventory: SourceLoader.demo(), pricing: book)
        #expect(report.endpoints.filter { $0.type == "Interface" }.allSatisfy { abs($0.hourlyMonthly - 3 * 0.011 * 730) < 1e-9 })
        #expect(report.priceTable.name == "prices.yaml: eu-west-1")
    }

    @Test func pricingFileInJSONWorksToo() throws {
        let book = try PricingLoader.parse(#"{"natGatewayHourly": 0.05, "hoursPerMonth": 720}"#, path: "p.json")
        #expect(book.defaultTable.natGatewayHourlyMonthly == 36)
    }

    @Test(arguments: [
        ("natGatewayPerGB: 0.05\nnatGatwayHourly: 1\n", 2, 1, "unknown price field 'natGatwayHourly'"),
        ("natGatewayPerGB: cheap\n", 1, 18, "expected a number"),
        ("regions:\n  eu-west-1:\n    crossAZPerGB: -1\n", 3, 19, "cannot be negative"),
        ("natGatewayPerGB: [1, 2\n", 2, 1, "not valid YAML"),
        ("regions:\n  europe: {}\n", 2, 3, "not a region code"),
    ])
    func malformedPricingFilesFailWithTheirPosition(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try PricingLoader.parse(text, path: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line):\(column): error: "))
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func jsonHasTheContractKeysInOrder() throws {
        let report = CostReport(inventory: SourceLoader.demo(), traffic: Traffic([.init(service: "logs", gb: 300)]))
        let json = report.json()
        #expect(json.objectValue?.map(\.key) == ["region", "currency", "hoursPerMonth", "priceTable", "endpoints", "natGateways", "totals"])
        let endpoint = try #require(json["endpoints"]?.arrayValue?.first)
        #expect(endpoint.objectValue?.map(\.key) == ["id", "vpc", "service", "type", "azs", "hourlyMonthly", "dataGB", "dataMonthly",
                                                     "crossAzMonthly", "monthly", "natAlternativeMonthly", "breakEvenGB"])
        #expect(json["natGateways"]?.arrayValue?.first?.objectValue?.map(\.key) == ["id", "vpc", "hourlyMonthly", "dataGB", "dataMonthly", "monthly"])
        #expect(json["region"]?.stringValue == "eu-west-1")
        let logs = try #require(json["endpoints"]?.arrayValue?.first { $0["service"]?.stringValue == "logs" })
        #expect(logs["monthly"]?.doubleValue == 24.9)
        #expect(logs["breakEvenGB"]?.doubleValue == 625.7143)
    }

    @Test func csvHasAHeaderAndOneRowPerEndpoint() {
        let report = CostReport(inventory: SourceLoader.demo())
        let lines = report.csv().split(separator: "\n")
        #expect(lines.first == "id,vpc,service,type,azs,hourlyMonthly,dataGB,dataMonthly,crossAzMonthly,monthly,natAlternativeMonthly,breakEvenGB")
        #expect(lines.count == 1 + report.endpoints.count)
        #expect(lines.contains { $0.hasPrefix("vpce-79a2d1ddda46c7d6f,") && $0.contains(",secretsmanager,Interface,3,21.9,") })
    }

    @Test func textSaysWhichPricesAndRegion() {
        let report = CostReport(inventory: SourceLoader.demo())
        let text = report.text(inventory: SourceLoader.demo())
        #expect(text.hasPrefix("Prices: built-in us-east-1 list prices (USD, 730 hours a month), region eu-west-1"))
        #expect(text.contains("625.7"))
    }
}
