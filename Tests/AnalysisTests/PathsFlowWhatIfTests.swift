import Analysis
import JSONText
import Model
import Testing

@Suite("Flows, what-if, DNS and ENIs")
struct PathsFlowWhatIfTests {
    /// Story 1: ECR endpoints but no S3 gateway endpoint.
    func ecrWithoutS3() -> InventoryContents {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("ecr.api", id: "vpce-api", into: &c)
        PathsFixtures.interfaceEndpoint("ecr.dkr", id: "vpce-dkr", into: &c)
        return c
    }

    @Test("An ECR image pull is not private while the layers (s3) go through the NAT")
    func ecrFlow() {
        let flow = PathResolver(inventory: Inventory(ecrWithoutS3())).flowPath(.ecrImagePull, from: "subnet-a")
        #expect(flow.members.map(\.service) == ["ecr.api", "ecr.dkr", "s3"])
        #expect(flow.reachable)
        #expect(!flow.reachablePrivately)
        #expect(flow.publicMembers.map(\.service) == ["s3"])
        #expect(flow.summary == "ECR image pull: s3 via NAT gateway")
    }

    @Test("Adding an S3 gateway endpoint on the subnet's table makes the ECR flow private")
    func addS3Gateway() {
        let inventory = Inventory(ecrWithoutS3())
        let whatIf = WhatIf([.addEndpoint(service: "s3", vpc: "vpc-1", kind: .gateway, subnetIDs: [], routeTableIDs: ["rtb-private"])])
        let changed = whatIf.apply(to: inventory)
        let flow = PathResolver(inventory: changed).flowPath(.ecrImagePull, from: "subnet-a")
        #expect(flow.reachablePrivately)
        let s3 = PathResolver(inventory: changed).path(from: "subnet-a", to: "s3")
        #expect(s3.endpoint == "vpce-whatif-1")
        #expect(s3.hops[1].detail == ["pl-s3 (s3) -> vpce-whatif-1"])
        let terraform = whatIf.terraform(in: inventory)
        #expect(terraform.contains("resource \"aws_vpc_endpoint\""))
        #expect(terraform.contains("vpc_endpoint_type = \"Gateway\""))
        #expect(terraform.contains("route_table_ids   = [\"rtb-private\"]"))
        #expect(terraform.contains("service_name      = \"com.amazonaws.eu-west-1.s3\""))
    }

    @Test("An added interface endpoint gets ENIs per AZ, private DNS and the VPC's endpoint security group")
    func addInterface() {
        let inventory = Inventory(ecrWithoutS3())
        let whatIf = WhatIf([.addEndpoint(service: "sqs", vpc: "vpc-1", kind: .interface, subnetIDs: ["subnet-a", "subnet-b"], routeTableIDs: [])])
        let path = PathResolver(inventory: whatIf.apply(to: inventory)).path(from: "subnet-b", to: "sqs")
        #expect(path.via == .interfaceEndpoint)
        #expect(path.reachable)
        #expect(!path.crossAz)
        let terraform = whatIf.terraform(in: inventory)
        #expect(terraform.contains("security_group_ids  = [\"sg-ep\"]"))
        #expect(terraform.contains("subnet_ids          = [\"subnet-a\", \"subnet-b\"]"))
        #expect(terraform.contains("private_dns_enabled = true"))
    }

    @Test("Without an endpoint security group in the VPC, the added endpoint gets one allowing 443 from the VPC")
    func syntheticGroup() {
        let inventory = Inventory(PathsFixtures.small())
        let whatIf = WhatIf([.addEndpoint(service: "sqs", vpc: "vpc-1", kind: .interface, subnetIDs: ["subnet-a"], routeTableIDs: [])])
        #expect(PathResolver(inventory: whatIf.apply(to: inventory)).path(from: "subnet-a", to: "sqs").reachable)
        let terraform = whatIf.terraform(in: inventory)
        #expect(terraform.contains("resource \"aws_security_group\""))
        #expect(terraform.contains("cidr_blocks = [\"10.1.0.0/16\"]"))
    }

    @Test("Removing the NAT turns its routes into blackholes: paths become none")
    func removeNAT() {
        let whatIf = WhatIf([.removeNATGateway("nat-1")])
        let changed = whatIf.apply(to: Inventory(PathsFixtures.small()))
        let path = PathResolver(inventory: changed).path(from: "subnet-a", to: "sts")
        #expect(path.via == .none)
        #expect(!path.reachable)
        #expect(changed.natGateways.isEmpty)
        #expect(whatIf.terraform(in: Inventory(PathsFixtures.small())).contains("# what-if: nat-1 removed"))
    }

    @Test("Disabling an endpoint sends traffic back to the NAT; enabling it again undoes that")
    func disableEnable() {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("kms", into: &c)
        let inventory = Inventory(c)
        let off = WhatIf([.disableEndpoint("vpce-if")]).apply(to: inventory)
        #expect(PathResolver(inventory: off).path(from: "subnet-a", to: "kms").via == .natGateway)
        #expect(off.networkInterface("eni-vpce-if-a") == nil)
        let back = WhatIf([.disableEndpoint("vpce-if"), .enableEndpoint("vpce-if")]).apply(to: inventory)
        #expect(PathResolver(inventory: back).path(from: "subnet-a", to: "kms").via == .interfaceEndpoint)
    }

    @Test("DNS: private answers with every ENI and the AZ marked; requirements say pass, fail, unknown")
    func dns() {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("kms", into: &c)
        c.endpoints[0].dnsEntries = [DNSEntry(name: "vpce-if-abc123.kms.eu-west-1.vpce.amazonaws.com"),
                                     DNSEntry(name: "vpce-if-abc123-eu-west-1a.kms.eu-west-1.vpce.amazonaws.com"),
                                     DNSEntry(name: "kms.eu-west-1.amazonaws.com")]
        var dns = PathResolver(inventory: Inventory(c)).dnsResolution(from: "subnet-a", service: "kms")
        #expect(dns.hostname == "kms.eu-west-1.amazonaws.com")
        #expect(dns.resolvesPrivately)
        #expect(dns.answers.map(\.ip) == ["10.1.1.50", "10.1.2.51"])
        #expect(dns.answers.map(\.sameAZ) == [true, false])
        #expect(dns.regionalName == "vpce-if-abc123.kms.eu-west-1.vpce.amazonaws.com")
        #expect(dns.zonalNames.map(\.availabilityZone) == ["eu-west-1a"])
        #expect(dns.requirements.allSatisfy { $0.status == .pass })
        c.vpcs[0].enableDnsHostnames = nil
        c.endpoints[0].privateDNSEnabled = false
        dns = PathResolver(inventory: Inventory(c)).dnsResolution(from: "subnet-a", service: "kms")
        #expect(!dns.resolvesPrivately)
        #expect(dns.answerText == "public AWS addresses")
        #expect(dns.requirements.map(\.status) == [.pass, .unknown, .fail, .pass])
    }

    @Test("ENI matrix: a missing AZ names the cross-AZ consequence")
    func eniMatrix() {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("kms", zones: ["a"], into: &c)
        let matrix = PathResolver(inventory: Inventory(c)).eniMatrix(vpc: "vpc-1", sourceAZ: "eu-west-1b")
        #expect(matrix.zones == ["eu-west-1a", "eu-west-1b"])
        #expect(matrix.rows.count == 1)
        #expect(matrix.rows[0].cells[0].networkInterface == "eni-vpce-if-a")
        #expect(matrix.rows[0].cells[0].ip == "10.1.1.50")
        #expect(matrix.rows[0].cells[1].isMissing)
        #expect(matrix.rows[0].cells[1].consequence == "callers cross to eu-west-1a: +$0.01/GB")
    }

    @Test("JSON contract: every key of every path, hops as objects, without nested once")
    func json() throws {
        let resolver = PathResolver(inventory: try PathsFixtures.blog())
        let text = RequestPath.jsonDocument([resolver.path(from: "subnet-e58e4935e7c5f1654", to: "ecr.dkr")])
        let document = try JSONValue.parse(text)
        let path = try #require(document["paths"]?.arrayValue?.first)
        let keys = ["vpc", "subnet", "subnetName", "az", "routeTable", "service", "serviceName", "via", "endpoint",
                    "networkInterface", "crossAz", "reachable", "unknown", "addressFamily", "hops", "notes", "costPerGB", "without"]
        #expect(path.objectValue?.map(\.key) == keys)
        #expect(path["unknown"] == .null && path["addressFamily"]?.stringValue == "ipv4")
        #expect(path["via"]?.stringValue == "interface-endpoint")
        #expect(path["serviceName"]?.stringValue == "com.amazonaws.eu-west-1.ecr.dkr")
        #expect(path["costPerGB"]?.doubleValue == 0.01)
        let hop = try #require(path["hops"]?.arrayValue?.first)
        #expect(hop.objectValue?.map(\.key) == ["kind", "id", "label", "detail", "costPerGB", "blocked"])
        let without = try #require(path["without"])
        #expect(without["via"]?.stringValue == "nat-gateway")
        #expect(without["without"]?.isNull == true)
        #expect(without["endpoint"]?.isNull == true)
    }
}
