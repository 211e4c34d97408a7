import Foundation
import Testing

/// Runs the built `vpcx` binary (next to the test bundle) for the check and cost command-line contracts.
enum CostCheckBinary {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/aws-cli").path

    typealias Result = BuiltBinary.Result

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try BuiltBinary.run(arguments, environment: environment)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

@Suite struct CheckCostCLITests {
    let broken = CostCheckBinary.fixtures + "/broken-us-east-1"
    let blog = CostCheckBinary.fixtures + "/blog-eu-west-1"

    @Test func checkExitsOneOnErrorsAndPrintsTheContractJSON() throws {
        let result = try CostCheckBinary.run(["check", broken, "--format", "json"])
        #expect(result.status == 1)
        let json = try CostCheckBinary.json(result.stdout)
        #expect(Set(json.keys) == ["findings", "notEvaluated", "incomplete", "summary"])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { Set($0.keys) == ["rule", "severity", "resource", "resources", "vpc", "message", "fix"] })
        #expect(findings.contains { $0["rule"] as? String == "ecr-needs-s3-gateway" })
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["error", "warning", "info", "notEvaluated", "complete"] && (summary["error"] as? Int ?? 0) > 0)
        #expect(summary["complete"] as? Bool == true && (json["notEvaluated"] as? [Any])?.isEmpty == true)
    }

    @Test func checkExitsZeroBelowTheThreshold() throws {
        #expect(try CostCheckBinary.run(["check", blog]).status == 0)
        #expect(try CostCheckBinary.run(["check", broken, "--fail-on", "never"]).status == 0)
        #expect(try CostCheckBinary.run(["check", blog, "--fail-on", "warning"]).status == 0)
    }

    @Test func checkTextIsGroupedByVPCWithoutColourWhenPiped() throws {
        let result = try CostCheckBinary.run(["check", broken])
        #expect(result.stdout.hasPrefix("VPC vpc-56ed212308056feaf (legacy-vpc): 5 errors"))
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func badInputExitsTwo() throws {
        let unknownRule = try CostCheckBinary.run(["check", "--explain", "no-such-rule"])
        #expect(unknownRule.status == 2 && unknownRule.stderr.contains("unknown rule 'no-such-rule'"))
        #expect(try CostCheckBinary.run(["check", "--fail-on", "sometimes"]).status == 2)
        #expect(try CostCheckBinary.run(["check", "/no/such/dir"]).status == 2)
        #expect(try CostCheckBinary.run(["cost", "--format", "xml"]).status == 2)
        #expect(try CostCheckBinary.run(["cost", "--gb", "s3"]).status == 2)
    }

    @Test func explainPrintsWhatWhyAndHow() throws {
        let result = try CostCheckBinary.run(["check", "--explain", "ssm-incomplete"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("ssm-incomplete (error): "))
        #expect(result.stdout.contains("What it checks:") && result.stdout.contains("Why it matters:") && result.stdout.contains("How to fix it:"))
    }

    @Test func costJSONHasTheContractShape() throws {
        let result = try CostCheckBinary.run(["cost", blog, "--gb", "s3=4000", "--gb", "logs=300", "--format", "json"])
        #expect(result.status == 0)
        let json = try CostCheckBinary.json(result.stdout)
        #expect(Set(json.keys) == ["region", "currency", "hoursPerMonth", "priceTable", "endpoints", "natGateways", "totals", "centralisation"])
        // One VPC in the region: nothing to centralise.
        #expect((json["centralisation"] as? [Any])?.isEmpty == true)
        let endpoints = try #require(json["endpoints"] as? [[String: Any]])
        #expect(endpoints.allSatisfy {
            Set($0.keys).subtracting(["trafficFrom"]) == ["id", "vpc", "service", "type", "azs", "hourlyMonthly", "dataGB", "dataMonthly", "crossAzMonthly",
                                                          "monthly", "natAlternativeMonthly", "breakEvenGB"]
        })
        // A figure says where it came from; an endpoint without one has no such key.
        #expect(endpoints.filter { ["s3", "logs"].contains($0["service"] as? String) }.allSatisfy { $0["trafficFrom"] as? String == "--gb" })
        #expect(endpoints.filter { !["s3", "logs"].contains($0["service"] as? String) }.allSatisfy { $0["trafficFrom"] == nil })
        let nats = try #require(json["natGateways"] as? [[String: Any]])
        #expect(nats.count == 3 && nats.allSatisfy { Set($0.keys) == ["id", "vpc", "hourlyMonthly", "dataGB", "dataMonthly", "monthly"] })
        #expect(json["region"] as? String == "eu-west-1")
    }

    @Test func costCSVHasItsHeader() throws {
        let result = try CostCheckBinary.run(["cost", blog, "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").first == "id,vpc,service,type,azs,hourlyMonthly,dataGB,dataMonthly,crossAzMonthly,monthly,natAlternativeMonthly,breakEvenGB")
        #expect(result.stdout.split(separator: "\n").count == 12)
    }

    @Test func costPricingFileErrorsNameThePosition() throws {
        let path = NSTemporaryDirectory() + "vpcx-pricing-\(UUID().uuidString).yaml"
        try "natGatewayPerGB: 0.05\nnatGatewayPerGb: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CostCheckBinary.run(["cost", blog, "--pricing", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(path):2:1: error: unknown price field 'natGatewayPerGb'"))
    }

    @Test("A region of several VPCs gets the centralise? answer in text and JSON; without traffic TGW data is null, not 0")
    func costAnswersCentraliseForARegionOfSeveralVPCs() throws {
        let hub = CostCheckBinary.fixtures + "/hub-and-spoke"
        let text = try CostCheckBinary.run(["cost", hub])
        #expect(text.status == 0)
        #expect(text.stdout.contains("centralise? eu-west-1: 4 VPCs, 4 interface endpoint services (logs, secretsmanager, ssm, sts)"))
        #expect(text.stdout.contains("the hub saves $29.20/month"))
        #expect(text.stdout.contains("TGW data not priced: no traffic given"))
        let json = try CostCheckBinary.json(try CostCheckBinary.run(["cost", hub, "--format", "json"]).stdout)
        let answer = try #require((json["centralisation"] as? [[String: Any]])?.first)
        #expect(answer["region"] as? String == "eu-west-1" && answer["vpcs"] as? Int == 4)
        #expect(answer["breakEvenVPCs"] as? Int == 3)
        #expect(answer["transitDataMonthly"] is NSNull)
        // 500 GB of Secrets Manager in each VPC is past the hub's 1,460 GB break-even: the verdict turns.
        let busy = try CostCheckBinary.run(["cost", hub, "--gb", "secretsmanager=500"])
        #expect(busy.stdout.contains("endpoints in every VPC are cheaper by $10.80/month"))
        let busyJSON = try CostCheckBinary.json(try CostCheckBinary.run(["cost", hub, "--gb", "secretsmanager=500", "--format", "json"]).stdout)
        let busyAnswer = try #require((busyJSON["centralisation"] as? [[String: Any]])?.first)
        #expect(busyAnswer["transitDataMonthly"] as? Double == 40)
    }

    @Test func costTextNamesPriceTableAndRegion() throws {
        let result = try CostCheckBinary.run(["cost", blog])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Prices: built-in us-east-1 list prices (USD, 730 hours a month), region eu-west-1"))
    }
}

/// Issue 21's command-line answers: a blocked path says so, and `cost` gives a verdict per endpoint.
@Suite struct StoryAnswersCLITests {
    let broken = CostCheckBinary.fixtures + "/broken-us-east-1"

    @Test func pathsOnABlockedSubnetSaysBlockedAndExitsZero() throws {
        let result = try CostCheckBinary.run(["paths", broken, "--from", "app-a", "--service", "s3"])
        #expect(result.status == 0)
        let row = try #require(result.stdout.split(separator: "\n").first { $0.contains("app-a") && $0.contains(" s3 ") })
        #expect(row.contains("blocked") && row.contains("BLOCKED:") && !row.contains("free"), "\(row)")
    }

    @Test func costGivesAVerdictAChartAndNullBreakEvenForGateways() throws {
        let text = try CostCheckBinary.run(["cost", "--gb", "s3=4000", "--gb", "logs=300", "--gb", "secretsmanager=2"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("VERDICT") && text.stdout.contains("Monthly cost: # endpoint, = same traffic via NAT"))
        let json = try CostCheckBinary.json(try CostCheckBinary.run(["cost", "--format", "json"]).stdout)
        let endpoints = try #require(json["endpoints"] as? [[String: Any]])
        let gateways = endpoints.filter { $0["type"] as? String == "Gateway" }
        #expect(!gateways.isEmpty && gateways.allSatisfy { $0["breakEvenGB"] is NSNull })
    }

    @Test func helpCheckListsEveryRuleExplainKnows() throws {
        let help = try CostCheckBinary.run(["help", "check"]).stdout
        for rule in ["endpoint-full-access-policy", "policy-malformed", "ecr-needs-s3-gateway", "ssm-incomplete"] {
            #expect(help.contains(rule), "\(rule)")
        }
    }

    /// The statement's line is the one the explorer's Policy view shows (the policy as laid out), not
    /// line 1 of the one-line JSON a collected policy is.
    @Test func policyReportsTheStatementsLineAsTheExplorerShowsIt() throws {
        let result = try CostCheckBinary.run(["policy", "--endpoint", "s3-gateway-endpoint", "--action", "s3:GetObject",
                                              "--resource", "arn:aws:s3:::new-bucket/key"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"AllowSpecificBuckets\" at line 4"), "\(result.stdout)")
    }
}
