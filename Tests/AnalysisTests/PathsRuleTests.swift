import Analysis
import Model
import Testing

@Suite("Path rules")
struct PathsRuleTests {
    func resolver(_ contents: InventoryContents) -> PathResolver { PathResolver(inventory: Inventory(contents)) }

    @Test("A private subnet with no endpoint goes through its NAT, which reaches the internet gateway")
    func natPath() {
        let path = resolver(PathsFixtures.small()).path(from: "subnet-a", to: "secretsmanager")
        #expect(path.via == .natGateway)
        #expect(path.reachable)
        #expect(path.routeTable == "rtb-private")
        #expect(path.hops.map(\.kind) == [.source, .routeTable, .natGateway, .internetGateway, .service])
        #expect(path.hops[1].detail == ["0.0.0.0/0 -> nat-1"])
        #expect(path.costPerGB == 0.045)
        #expect(path.serviceName == "com.amazonaws.eu-west-1.secretsmanager")
    }

    @Test("A subnet with no association uses the main route table")
    func mainRouteTable() {
        let path = resolver(PathsFixtures.small()).path(from: "subnet-b", to: "s3")
        #expect(path.routeTable == "rtb-main")
        #expect(path.hops[1].label == "Route table (main)")
        #expect(path.via == .none)
        #expect(!path.reachable)
        #expect(path.hops.last?.blocked?.contains("no 0.0.0.0/0 route") == true)
    }

    @Test("The longest prefix that covers the service's address wins over 0.0.0.0/0")
    func longestPrefix() {
        var c = PathsFixtures.small()
        c.routeTables[1].routes.append(Route(destination: .cidr(PathsFixtures.cidr("52.0.0.0/8")), target: .internetGateway("igw-1")))
        let path = resolver(c).path(from: "subnet-a", to: "sqs")
        #expect(path.via == .internetGateway)
        #expect(path.hops[1].detail == ["52.0.0.0/8 -> igw-1"])
    }

    @Test("A blackhole default route leaves the request with no way out")
    func blackhole() {
        var c = PathsFixtures.small()
        c.routeTables[1].routes[1].state = "blackhole"
        let path = resolver(c).path(from: "subnet-a", to: "sts")
        #expect(path.via == .none)
        #expect(!path.reachable)
        #expect(path.blockedHop?.blocked?.contains("blackhole") == true)
    }

    @Test("A NAT whose own subnet has no internet gateway route is blocked")
    func natWithoutInternetGateway() {
        var c = PathsFixtures.small()
        c.routeTables[2].routes.removeLast()
        let path = resolver(c).path(from: "subnet-a", to: "kms")
        #expect(path.via == .natGateway)
        #expect(!path.reachable)
        #expect(path.blockedHop?.kind == .service)
        #expect(path.blockedHop?.blocked?.contains("no route to an internet gateway") == true)
    }

    @Test("A private NAT gateway cannot reach the internet; a pending NAT is blocked at the NAT")
    func natStates() {
        var c = PathsFixtures.small()
        c.natGateways[0].connectivityType = "private"
        #expect(resolver(c).path(from: "subnet-a", to: "kms").reachable == false)
        c.natGateways[0].connectivityType = "public"
        c.natGateways[0].state = "pending"
        let path = resolver(c).path(from: "subnet-a", to: "kms")
        #expect(!path.reachable)
        #expect(path.blockedHop?.kind == .natGateway)
    }

    @Test("An available interface endpoint with private DNS takes the request to the ENI in the subnet's AZ")
    func interfaceEndpoint() {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("secretsmanager", into: &c)
        let path = resolver(c).path(from: "subnet-a", to: "secretsmanager")
        #expect(path.via == .interfaceEndpoint)
        #expect(path.endpoint == "vpce-if")
        #expect(path.networkInterface == "eni-vpce-if-a")
        #expect(!path.crossAz)
        #expect(path.reachable)
        #expect(path.costPerGB == 0.01)
        #expect(path.hops[1].detail == ["10.1.0.0/16 -> local"])
        #expect(path.without?.via == .natGateway)
        #expect(path.without?.without == nil)
    }

    @Test("With no ENI in the subnet's AZ, DNS answers with another AZ's: cross-AZ, and it costs more")
    func crossAZ() {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("secretsmanager", zones: ["b"], into: &c)
        let path = resolver(c).path(from: "subnet-a", to: "secretsmanager")
        #expect(path.crossAz)
        #expect(path.networkInterface == "eni-vpce-if-b")
        #expect(abs(path.costPerGB - 0.02) < 1e-9)
        #expect(path.notes.contains { $0.contains("cross-AZ") })
    }

    @Test("A pending endpoint, or one with private DNS off, is bypassed and named in the notes")
    func bypassed() {
        for (state, dns, words) in [("pendingAcceptance", true, "not available"), ("available", false, "private DNS is off")] {
            var c = PathsFixtures.small()
            PathsFixtures.interfaceEndpoint("logs", state: state, privateDNS: dns, into: &c)
            let path = resolver(c).path(from: "subnet-a", to: "logs")
            #expect(path.via == .natGateway)
            #expect(path.notes.contains { $0.contains("vpce-if") && $0.contains(words) && $0.contains("resolves to public IPs") })
        }
    }

    @Test("VPC DNS attributes off bypass the endpoint; unknown ones make the path unknown, naming them")
    func vpcDNS() {
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("ssm", into: &c)
        c.vpcs[0].enableDnsHostnames = false
        var path = resolver(c).path(from: "subnet-a", to: "ssm")
        #expect(path.via == .natGateway)
        #expect(path.notes.contains { $0.contains("enableDnsHostnames off") })
        c.vpcs[0].enableDnsHostnames = true
        c.vpcs[0].enableDnsSupport = nil
        path = resolver(c).path(from: "subnet-a", to: "ssm")
        #expect(path.via == .unknown && !path.reachable)
        #expect(path.unknown?.contains("enableDnsSupport not loaded") == true)
        #expect(path.blockedHop == nil)
        // What the endpoints do not decide is still decided: without them, the NAT.
        #expect(path.without?.via == .natGateway && path.without?.reachable == true)
    }

    @Test("A security group without 443 from the subnet blocks the endpoint hop, with the reason")
    func securityGroupBlocks() {
        var c = PathsFixtures.small()
        c.securityGroups.append(SecurityGroup(id: "sg-wrong", name: "wrong", vpcID: "vpc-1",
                                              ingress: [SecurityGroupRule(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: [PathsFixtures.cidr("10.99.0.0/16")])]))
        PathsFixtures.interfaceEndpoint("sqs", groups: ["sg-wrong"], into: &c)
        let path = resolver(c).path(from: "subnet-a", to: "sqs")
        #expect(path.via == .interfaceEndpoint)
        #expect(!path.reachable)
        #expect(path.blockedHop?.kind == .interfaceEndpoint)
        #expect(path.blockedHop?.blocked?.contains("10.1.1.0/24") == true)
    }

    @Test("A rule naming a security group as source is unknown: reachable, with a note")
    func securityGroupByGroup() {
        var c = PathsFixtures.small()
        c.securityGroups.append(SecurityGroup(id: "sg-by-group", name: "by-group", vpcID: "vpc-1",
                                              ingress: [SecurityGroupRule(ipProtocol: "tcp", fromPort: 443, toPort: 443, sourceGroupIDs: ["sg-app"])]))
        PathsFixtures.interfaceEndpoint("sqs", groups: ["sg-by-group"], into: &c)
        let path = resolver(c).path(from: "subnet-a", to: "sqs")
        #expect(path.reachable)
        #expect(path.notes.contains { $0.contains("sg-app") })
    }

    @Test("A gateway endpoint named by the endpoint's RouteTableIds counts even without the pl- route")
    func gatewayByRouteTableIDs() {
        var c = PathsFixtures.small()
        c.endpoints.append(VPCEndpoint(id: "vpce-s3", vpcID: "vpc-1", kind: .gateway, serviceName: "com.amazonaws.eu-west-1.s3",
                                       routeTableIDs: ["rtb-private"]))
        let path = resolver(c).path(from: "subnet-a", to: "s3")
        #expect(path.via == .gatewayEndpoint)
        #expect(path.endpoint == "vpce-s3")
        #expect(path.hops[1].detail == ["pl-s3 (s3) -> vpce-s3"])
        #expect(path.costPerGB == 0)
        // Not on the main table: subnet-b does not use it, and the note says so.
        let other = resolver(c).path(from: "subnet-b", to: "s3")
        #expect(other.via == .none)
        #expect(other.notes.contains { $0.contains("vpce-s3") && $0.contains("rtb-main") })
    }

    @Test("A pl- route is resolved to its service through describe-prefix-lists when its endpoint is not in the inventory")
    func prefixListResolution() {
        var c = PathsFixtures.small()
        c.routeTables[1].routes.append(Route(destination: .prefixList("pl-s3"), target: .vpcEndpoint("vpce-elsewhere")))
        let path = resolver(c).path(from: "subnet-a", to: "s3")
        #expect(path.via == .gatewayEndpoint)
        #expect(path.endpoint == "vpce-elsewhere")
        #expect(path.hops[1].detail == ["pl-s3 (s3) -> vpce-elsewhere"])
        #expect(resolver(c).path(from: "subnet-a", to: "dynamodb").via == .natGateway)
    }

    @Test("A pending gateway endpoint carries nothing")
    func pendingGateway() {
        var c = PathsFixtures.small()
        c.endpoints.append(VPCEndpoint(id: "vpce-s3", vpcID: "vpc-1", kind: .gateway, serviceName: "com.amazonaws.eu-west-1.s3",
                                       state: "pending", routeTableIDs: ["rtb-private"]))
        let path = resolver(c).path(from: "subnet-a", to: "s3")
        #expect(path.via == .natGateway)
        #expect(path.notes.contains { $0.contains("pending") })
    }

    @Test("An unknown subnet gives an unreachable path that says so")
    func unknownSubnet() {
        let path = resolver(PathsFixtures.small()).path(from: "subnet-nope", to: "s3")
        #expect(!path.reachable)
        #expect(path.notes == ["subnet-nope is not in the inventory"])
    }
}
