import Analysis
import Loaders
import Model
import Testing

@Suite struct FindingsTests {
    func rules(_ network: TestNetwork, traffic: Traffic = Traffic()) -> [Finding] {
        FindingEngine.standard.findings(in: network.inventory, traffic: traffic)
    }

    func ids(_ findings: [Finding]) -> Set<String> { Set(findings.map(\.rule)) }

    /// A VPC with everything the rules ask for: no finding.
    func healthy() -> TestNetwork {
        var network = TestNetwork()
        network.gateway("s3")
        network.gateway("dynamodb")
        for service in ["ecr.api", "ecr.dkr", "ssm", "ssmmessages", "ec2messages", "logs"] { network.interface(service) }
        return network
    }

    @Test func aHealthyVPCHasNoFindings() {
        #expect(rules(healthy()).isEmpty)
    }

    @Test func ecrWithoutS3IsAnError() throws {
        var network = TestNetwork()
        network.interface("ecr.api")
        network.interface("ecr.dkr")
        let finding = try #require(rules(network).first { $0.rule == "ecr-needs-s3-gateway" })
        #expect(finding.severity == .error && finding.resource == "vpc-t" && finding.vpc == "vpc-t")
        #expect(finding.message.contains("layers are stored in S3 and this VPC has no S3 endpoint"))
        #expect(finding.fix.contains("vpc_endpoint_type = \"Gateway\"") && finding.fix.contains("\"rtb-a\", \"rtb-b\", \"rtb-c\""))
        #expect(!ids(rules(healthy())).contains("ecr-needs-s3-gateway"))
    }

    @Test func oneOfTheTwoECREndpointsIsAnError() throws {
        var network = healthy()
        network.contents.endpoints.removeAll { $0.service == "ecr.dkr" }
        let finding = try #require(rules(network).first { $0.rule == "ecr-incomplete" })
        #expect(finding.message.contains("no ecr.dkr endpoint"))
        #expect(finding.fix.contains("com.amazonaws.us-east-1.ecr.dkr") && finding.fix.contains("sg-ok"))
        #expect(!ids(rules(healthy())).contains("ecr-incomplete"))
    }

    @Test func ssmWithoutItsCompanionsIsAnError() throws {
        var network = healthy()
        network.contents.endpoints.removeAll { $0.service == "ssmmessages" }
        let finding = try #require(rules(network).first { $0.rule == "ssm-incomplete" })
        #expect(finding.message.contains("no ssmmessages"))
        #expect(!ids(rules(healthy())).contains("ssm-incomplete"))
    }

    @Test func privateDNSWithVPCDNSHostnamesOffIsAnError() throws {
        var network = healthy()
        network.contents.vpcs[0].enableDnsHostnames = false
        let finding = try #require(rules(network).first { $0.rule == "private-dns-needs-vpc-dns" })
        #expect(finding.message.contains("DNS hostnames off"))
        #expect(finding.fix.contains("enable_dns_hostnames = true"))
        // Unknown attributes (no describe-vpc-attribute) are not a finding.
        var unknown = healthy()
        unknown.contents.vpcs[0].enableDnsHostnames = nil
        #expect(!ids(rules(unknown)).contains("private-dns-needs-vpc-dns"))
    }

    @Test func securityGroupWithout443FromTheSubnetsIsAnError() throws {
        var network = healthy()
        network.interface("kms", groups: ["sg-wrong"])
        let finding = try #require(rules(network).first { $0.rule == "endpoint-sg-blocks-https" })
        #expect(finding.resource == "vpce-kms" && finding.message.contains("app-a, app-b, app-c"))
        #expect(finding.fix.contains("security_group_id = \"sg-wrong\"") && finding.fix.contains("cidr_ipv4         = \"10.0.0.0/16\""))
        #expect(!ids(rules(healthy())).contains("endpoint-sg-blocks-https"))
    }

    @Test func pendingEndpointIsAnError() throws {
        var network = healthy()
        network.interface("kms", state: "pending")
        let finding = try #require(rules(network).first { $0.rule == "endpoint-not-available" })
        #expect(finding.resource == "vpce-kms" && finding.message.contains("pending"))
        #expect(!ids(rules(healthy())).contains("endpoint-not-available"))
    }

    @Test func privateDNSOffIsAWarning() throws {
        var network = healthy()
        network.interface("kms", privateDNS: false)
        let finding = try #require(rules(network).first { $0.rule == "private-dns-disabled" })
        #expect(finding.severity == .warning && finding.resource == "vpce-kms")
        #expect(!ids(rules(healthy())).contains("private-dns-disabled"))
    }

    @Test func gatewayEndpointMissingFromARouteTableIsAWarning() throws {
        var network = TestNetwork()
        network.gateway("s3", tables: ["a", "b"])
        network.gateway("dynamodb")
        let finding = try #require(rules(network).first { $0.rule == "gateway-endpoint-missing-route" })
        #expect(finding.resource == "vpce-s3" && finding.message.contains("app-c") && finding.message.contains("rtb-c"))
        #expect(finding.fix.contains("route_table_id  = \"rtb-c\""))
        #expect(!ids(rules(healthy())).contains("gateway-endpoint-missing-route"))
    }

    @Test func missingFreeGatewayEndpointsAreWarningsPerService() {
        let findings = rules(TestNetwork()).filter { $0.rule == "missing-free-gateway-endpoint" }
        #expect(findings.count == 2)
        #expect(findings.contains { $0.message.hasPrefix("S3 traffic") } && findings.contains { $0.message.hasPrefix("DynamoDB traffic") })
        #expect(!ids(rules(healthy())).contains("missing-free-gateway-endpoint"))
    }

    @Test func endpointInFewerAZsThanThePrivateSubnetsIsAWarning() throws {
        var network = healthy()
        network.interface("kms", azs: ["a"])
        let finding = try #require(rules(network).first { $0.rule == "single-az-endpoint" })
        #expect(finding.resource == "vpce-kms" && finding.message.contains("us-east-1b, us-east-1c"))
        #expect(finding.fix.contains("\"subnet-a\", \"subnet-b\", \"subnet-c\""))
        #expect(!ids(rules(healthy())).contains("single-az-endpoint"))
    }

    @Test func endpointBelowBreakEvenIsInfoOnlyWithTraffic() throws {
        let network = healthy()
        #expect(!ids(rules(network)).contains("below-break-even"))
        let low = rules(network, traffic: Traffic([.init(service: "logs", gb: 100)]))
        let finding = try #require(low.first { $0.rule == "below-break-even" })
        #expect(finding.severity == .info && finding.resource == "vpce-logs")
        #expect(finding.message.contains("625.7 GB/month"))
        let high = rules(network, traffic: Traffic([.init(service: "logs", gb: 1000)]))
        #expect(!ids(high).contains("below-break-even"))
    }

    @Test func theBrokenInventoryGivesTheArticlesTroubleshootingList() throws {
        let findings = FindingEngine.standard.findings(in: try SourceLoader.load([TestNetwork.broken]))
        let pairs = Set(findings.map { "\($0.rule) \($0.resource)" })
        #expect(pairs.isSuperset(of: [
            "ecr-needs-s3-gateway vpc-56ed212308056feaf",
            "ssm-incomplete vpc-56ed212308056feaf",
            "private-dns-needs-vpc-dns vpc-56ed212308056feaf",
            "endpoint-sg-blocks-https vpce-850b2c67f3dac9bab",
            "endpoint-not-available vpce-7e611ef134187cf39",
            "single-az-endpoint vpce-850b2c67f3dac9bab",
        ]))
        // Errors first, then warnings; within a severity by VPC, then resource.
        #expect(findings.map(\.severity) == findings.map(\.severity).sorted(by: >))
        #expect(findings == FindingEngine.sorted(findings.reversed()))
    }

    @Test func theBlogInventoryHasNoError() throws {
        let findings = FindingEngine.standard.findings(in: try SourceLoader.load([TestNetwork.blog]))
        #expect(!findings.contains { $0.severity == .error })
    }

    @Test func otherRuleSourcesCanBeAppended() {
        let extra = FindingRule(id: "endpoint-full-access-policy", severity: .info, title: "t", checks: "c", why: "w", howToFix: "f") { context in
            context.inventory.endpoints.map { Finding(rule: "endpoint-full-access-policy", severity: .info, resource: $0.id, vpc: $0.vpcID, message: "m", fix: "") }
        }
        let engine = FindingEngine.standard.appending([extra])
        #expect(engine.rule("endpoint-full-access-policy") != nil)
        #expect(engine.findings(in: healthy().inventory).count == healthy().inventory.endpoints.count)
    }

    @Test func everyRuleOfTheTableIsThereWithItsSeverityAndDocumentation() {
        let expected: [String: Severity] = [
            "ecr-needs-s3-gateway": .error, "ecr-incomplete": .error, "ssm-incomplete": .error,
            "private-dns-needs-vpc-dns": .error, "endpoint-sg-blocks-https": .error, "endpoint-not-available": .error,
            "private-dns-disabled": .warning, "gateway-endpoint-missing-route": .warning,
            "missing-free-gateway-endpoint": .warning, "single-az-endpoint": .warning, "below-break-even": .info,
            // Across VPCs (issue 17).
            "private-dns-not-shared": .warning, "centralised-endpoint-unreachable": .error, "duplicate-endpoints": .info,
        ]
        let rules = FindingEngine.standard.rules
        #expect(Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.severity) }) == expected)
        for rule in rules {
            #expect(!rule.checks.isEmpty && !rule.why.isEmpty && !rule.howToFix.isEmpty)
            #expect(rule.explanation.hasPrefix("\(rule.id) (\(rule.severity.rawValue)): "))
        }
    }

    @Test func reportJSONHasTheContractShapeAndExitThresholds() throws {
        let findings = FindingEngine.standard.findings(in: try SourceLoader.load([TestNetwork.broken]))
        let report = FindingsReport(findings)
        let json = report.json()
        #expect(json.objectValue?.map(\.key) == ["findings", "notEvaluated", "incomplete", "summary"])
        #expect(json["findings"]?.arrayValue?.first?.objectValue?.map(\.key) == ["rule", "severity", "resource", "resources", "vpc", "message", "fix"])
        #expect(json["summary"]?.objectValue?.map(\.key) == ["error", "warning", "info", "notEvaluated", "complete"])
        #expect(json["summary"]?["error"]?.intValue == report.count(.error))
        #expect(report.fails(at: .error) && report.fails(at: .info) && !report.fails(at: nil))
        let warningsOnly = FindingsReport(findings.filter { $0.severity == .warning })
        #expect(!warningsOnly.fails(at: .error) && warningsOnly.fails(at: .warning))
        #expect(report.text(inventory: nil).contains("VPC vpc-56ed212308056feaf"))
        #expect(!report.text(inventory: nil).contains("\u{1B}["))
        #expect(report.text(inventory: nil, color: true).contains("\u{1B}[1;31m"))
    }
}
