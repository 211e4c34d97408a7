import Analysis
import Foundation
import JSONText
import Model
import Testing

/// Three-valued paths and findings: the same network with one kind of resource removed at a time
/// gives `unknown` where that kind decides the answer, and still decides what it does not.
@Suite("Unknown is a value")
struct PathsUnknownTests {
    /// `PathsFixtures.small()` with an S3 gateway endpoint on rtb-private and a Secrets Manager
    /// interface endpoint (ENIs in a and b, private DNS on).
    static func network() -> InventoryContents {
        var c = PathsFixtures.small()
        c.endpoints.append(VPCEndpoint(id: "vpce-s3", vpcID: "vpc-1", kind: .gateway, serviceName: "com.amazonaws.eu-west-1.s3",
                                       routeTableIDs: ["rtb-private"]))
        c.routeTables[1].routes.append(Route(destination: .prefixList("pl-s3"), target: .vpcEndpoint("vpce-s3")))
        PathsFixtures.interfaceEndpoint("secretsmanager", into: &c)
        return c
    }

    /// The network as a source that never described `kind`.
    static func without(_ kind: ResourceKind) -> InventoryContents {
        var c = network()
        c.known.remove(kind)
        switch kind {
        case .vpcs: c.vpcs = []
        case .subnets: c.subnets = []
        case .routeTables: c.routeTables = []
        case .vpcEndpoints: c.endpoints = []
        case .networkInterfaces: c.networkInterfaces = []
        case .securityGroups: c.securityGroups = []
        case .natGateways: c.natGateways = []
        case .internetGateways: c.internetGateways = []
        case .prefixLists: c.prefixLists = []
        case .vpcAttributes:
            for i in c.vpcs.indices { c.vpcs[i].enableDnsSupport = nil; c.vpcs[i].enableDnsHostnames = nil }
        }
        return c
    }

    /// What a path says, in a word: the via, then `?` when not known, `ok` or `blocked`.
    static func outcome(_ path: RequestPath) -> String {
        path.via.rawValue + " " + (path.unknown != nil ? "?" : path.reachable ? "ok" : "blocked")
    }

    /// Removed kind → the outcome from subnet-a for s3 (gateway endpoint), secretsmanager (interface
    /// endpoint) and dynamodb (no endpoint: rule 3), and dynamodb's `without`.
    static let expected: [(removed: ResourceKind?, s3: String, secrets: String, dynamodb: String, without: String)] = [
        (nil, "gateway-endpoint ok", "interface-endpoint ok", "nat-gateway ok", "nat-gateway ok"),
        (.vpcs, "gateway-endpoint ok", "unknown ?", "nat-gateway ok", "nat-gateway ok"),
        (.subnets, "unknown ?", "unknown ?", "unknown ?", "-"),
        // An interface endpoint needs only the local route: decided without route tables.
        (.routeTables, "unknown ?", "interface-endpoint ok", "unknown ?", "unknown ?"),
        (.vpcEndpoints, "unknown ?", "unknown ?", "unknown ?", "nat-gateway ok"),
        (.networkInterfaces, "gateway-endpoint ok", "interface-endpoint ok", "nat-gateway ok", "nat-gateway ok"),
        (.securityGroups, "gateway-endpoint ok", "interface-endpoint ok", "nat-gateway ok", "nat-gateway ok"),
        (.natGateways, "gateway-endpoint ok", "interface-endpoint ok", "nat-gateway ?", "nat-gateway ?"),
        (.internetGateways, "gateway-endpoint ok", "interface-endpoint ok", "nat-gateway ok", "nat-gateway ok"),
        (.prefixLists, "gateway-endpoint ok", "interface-endpoint ok", "nat-gateway ok", "nat-gateway ok"),
        (.vpcAttributes, "gateway-endpoint ok", "unknown ?", "nat-gateway ok", "nat-gateway ok"),
    ]

    @Test("each kind removed in turn: unknown where it decides, decided where it does not", arguments: expected.indices)
    func eachKindRemoved(_ row: Int) {
        let expect = Self.expected[row]
        let contents = expect.removed.map(Self.without) ?? Self.network()
        let resolver = PathResolver(inventory: Inventory(contents))
        let paths = resolver.paths(from: ["subnet-a"], services: ["s3", "secretsmanager", "dynamodb"])
        let label = expect.removed?.rawValue ?? "nothing"
        #expect(paths.map(Self.outcome) == [expect.s3, expect.secrets, expect.dynamodb], "removed: \(label)")
        #expect((paths[2].without.map(Self.outcome) ?? "-") == expect.without, "removed: \(label)")
        for path in paths where path.unknown != nil {
            // Unknown is never drawn as blocked, and names the fact that is missing.
            #expect(path.blockedHop == nil, "removed: \(label)")
            #expect(!path.reachable)
            if let kind = expect.removed, kind != .vpcs {
                #expect(path.unknown?.contains(kind == .vpcAttributes ? "not loaded (aws ec2 describe-vpc-attribute)" : kind.title) == true,
                        "removed: \(label): \(path.unknown ?? "")")
            }
        }
    }

    @Test("JSON: via unknown, reachable null, the reason named")
    func json() throws {
        let resolver = PathResolver(inventory: Inventory(Self.without(.routeTables)))
        let document = try JSONValue.parse(RequestPath.jsonDocument(resolver.paths(from: ["subnet-a"], services: ["dynamodb"])))
        let path = try #require(document["paths"]?.arrayValue?.first)
        #expect(path["via"]?.stringValue == "unknown")
        #expect(path["reachable"] == .null)
        #expect(path["unknown"]?.stringValue == "route tables not loaded (aws ec2 describe-route-tables)")
        #expect(path["hops"]?.arrayValue?.contains { $0["kind"]?.stringValue == "unknown" } == true)
        #expect(path["hops"]?.arrayValue?.allSatisfy { $0["blocked"] == .null } == true)
        #expect(path["costPerGB"] == .null)
        // The compact writer (large outputs) says the same as the JSON tree.
        let paths = PathResolver(inventory: Inventory(Self.without(.natGateways))).paths(from: ["subnet-a", "subnet-b"],
                                                                                        services: ["s3", "dynamodb", "secretsmanager"])
        let pretty = try JSONValue.parse(RequestPath.jsonDocument(paths, pretty: true))
        let compact = try JSONValue.parse(RequestPath.jsonDocument(paths, pretty: false))
        #expect(pretty == compact)
        #expect(compact["paths"]?.arrayValue?.contains { $0["via"]?.stringValue == "nat-gateway" && $0["reachable"] == .null } == true)
    }

    @Test("a VPC whose main route table was not collected is unknown, not 'no route'")
    func missingMainTable() {
        var c = Self.network()
        c.routeTables.removeAll { $0.id == "rtb-main" }
        let path = PathResolver(inventory: Inventory(c)).path(from: "subnet-b", to: "dynamodb")
        #expect(path.via == .unknown)
        #expect(path.unknown?.contains("main route table is missing") == true)
    }

    @Test("route tables collected in one region only: the other region's VPCs are unknown")
    func perRegionCoverage() {
        var c = Self.network()
        c.routeTables = []
        c.knownRegions[.routeTables] = ["us-east-1"]
        let inventory = Inventory(c)
        #expect(inventory.knows(.routeTables) && !inventory.knows(.routeTables, in: "vpc-1"))
        let path = PathResolver(inventory: inventory).path(from: "subnet-a", to: "dynamodb")
        #expect(path.via == .unknown && path.unknown?.plain == ResourceKind.routeTables.notLoaded)
        #expect(FindingEngine.complete.results(in: FindingContext(inventory: inventory)).notEvaluated
            .contains { $0.rule == "missing-free-gateway-endpoint" && $0.vpcs == ["vpc-1"] })
        c.knownRegions[.routeTables] = ["eu-west-1"]
        #expect(Inventory(c).knows(.routeTables, in: "vpc-1"))
    }

    /// A route target vpcx does not follow → the via that names it.
    static let targets: [(target: RouteTarget, via: PathVia)] = [
        (.transitGateway("tgw-1"), .transitGateway), (.peering("pcx-1"), .peering),
        (.virtualPrivateGateway("vgw-1"), .virtualPrivateGateway), (.networkInterface("eni-nat"), .networkInterface),
        (.instance("i-nat"), .networkInterface), (.other("lgw-1"), .localGateway), (.other("cagw-1"), .carrierGateway),
        (.other("arn:aws:networkmanager::123456789012:core-network/core-network-1"), .coreNetwork),
        (.vpcEndpoint("vpce-gwlb"), .gatewayLoadBalancerEndpoint),
    ]

    @Test("other route targets: where the traffic goes, and that vpcx does not follow it", arguments: targets.indices)
    func routeTargets(_ row: Int) {
        let (target, via) = Self.targets[row]
        var c = Self.network()
        c.routeTables[1].routes[1] = Route(destination: .cidr(.anywhere), target: target)
        let path = PathResolver(inventory: Inventory(c)).path(from: "subnet-a", to: "dynamodb")
        #expect(path.via == via)
        #expect(path.unknown?.contains("does not follow it further") == true)
        #expect(path.hops.contains { $0.kind == .routeTarget && $0.id == target.id })
        #expect(path.blockedHop == nil && !path.notes.contains { $0.contains("no route") })
    }

    @Test("a NAT whose subnet sends on to a transit gateway (central egress) is followed to the TGW, not blocked")
    func natToTransitGateway() {
        var c = Self.network()
        c.routeTables[2].routes[1] = Route(destination: .cidr(.anywhere), target: .transitGateway("tgw-egress"))
        let path = PathResolver(inventory: Inventory(c)).path(from: "subnet-a", to: "dynamodb")
        #expect(path.via == .natGateway && path.unknown?.contains("tgw-egress") == true && path.blockedHop == nil)
    }

    @Test("IPv6: an IPv6-only subnet follows ::/0 (egress-only gateway); dual-stack follows IPv4 and says so")
    func ipv6() {
        var c = Self.network()
        c.subnets[0].cidr = nil
        c.subnets[0].ipv6CIDRs = ["2600:1f18:1:100::/64"]
        c.subnets[0].isIPv6Only = true
        c.routeTables[1].routes.append(Route(destination: .ipv6("::/0"), target: .egressOnlyInternetGateway("eigw-1")))
        var path = PathResolver(inventory: Inventory(c)).path(from: "subnet-a", to: "dynamodb")
        #expect(path.addressFamily == .ipv6 && path.via == .egressOnlyInternetGateway && path.reachable)
        c.routeTables[1].routes.removeLast()
        path = PathResolver(inventory: Inventory(c)).path(from: "subnet-a", to: "dynamodb")
        #expect(path.via == .none && path.notes.contains { $0.contains("no ::/0 route") })

        var dual = Self.network()
        dual.subnets[0].ipv6CIDRs = ["2600:1f18:1:100::/64"]
        dual.routeTables[1].routes.append(Route(destination: .ipv6("::/0"), target: .egressOnlyInternetGateway("eigw-1")))
        path = PathResolver(inventory: Inventory(dual)).path(from: "subnet-a", to: "dynamodb")
        #expect(path.addressFamily == .ipv4 && path.via == .natGateway)
        #expect(path.without?.notes.contains { $0.contains("over IPv6") && $0.contains("eigw-1") } == true)
    }

    @Test("an IPv6-only subnet reaches an interface endpoint only if the endpoint answers IPv6", arguments: [
        (String?.none, "interface-endpoint ?"), ("ipv4", "interface-endpoint blocked"), ("dualstack", "interface-endpoint ok"),
    ])
    func ipv6InterfaceEndpoint(_ type: String?, _ outcome: String) {
        var c = Self.network()
        c.subnets[0].cidr = nil
        c.subnets[0].ipv6CIDRs = ["2600:1f18:1:100::/64"]
        c.subnets[0].isIPv6Only = true
        if let i = c.endpoints.firstIndex(where: { $0.service == "secretsmanager" }) { c.endpoints[i].ipAddressType = type }
        let path = PathResolver(inventory: Inventory(c)).path(from: "subnet-a", to: "secretsmanager")
        #expect(Self.outcome(path) == outcome)
    }

    @Test("fields an answer left out (PrivateDnsEnabled, State) make the path unknown, and raise no finding")
    func unstatedFields() {
        for field in ["privateDNSEnabled", "state"] {
            var c = Self.network()
            guard let i = c.endpoints.firstIndex(where: { $0.service == "secretsmanager" }) else { return }
            c.endpoints[i].privateDNSEnabled = false
            c.unknowns["\(c.endpoints[i].id).\(field)"] = "not in the describe-vpc-endpoints answer"
            if field == "state" { c.endpoints[i].privateDNSEnabled = true }
            let inventory = Inventory(c)
            let path = PathResolver(inventory: inventory).path(from: "subnet-a", to: "secretsmanager")
            #expect(path.via == .unknown && path.unknown?.contains("not in the describe-vpc-endpoints answer") == true, "\(field)")
            #expect(!FindingEngine.complete.findings(in: inventory).contains { $0.rule == "private-dns-disabled" }, "\(field)")
        }
        var c = Self.network()
        c.unknowns["vpce-s3.state"] = "not in the describe-vpc-endpoints answer"
        #expect(PathResolver(inventory: Inventory(c)).path(from: "subnet-a", to: "s3").via == .unknown)
    }

    // MARK: Findings

    @Test("a rule whose kind was not collected is not raised, and is listed with the reason")
    func findingsNotRaised() {
        // No S3/DynamoDB gateway endpoint: with route tables, missing-free-gateway-endpoint fires.
        var c = PathsFixtures.small()
        PathsFixtures.interfaceEndpoint("secretsmanager", into: &c)
        let complete = FindingEngine.complete.results(in: FindingContext(inventory: Inventory(c)))
        #expect(complete.findings.contains { $0.rule == "missing-free-gateway-endpoint" })
        #expect(complete.isComplete)

        c.known.remove(.routeTables)
        c.routeTables = []
        let partial = FindingEngine.complete.results(in: FindingContext(inventory: Inventory(c)))
        #expect(!partial.findings.contains { $0.rule == "missing-free-gateway-endpoint" })
        #expect(!partial.findings.contains { $0.rule == "gateway-endpoint-missing-route" })
        let skipped = partial.notEvaluated.map(\.rule)
        #expect(skipped.contains("missing-free-gateway-endpoint") && skipped.contains("single-az-endpoint"))
        #expect(partial.notEvaluated.allSatisfy { $0.reason.contains("route tables not loaded") })
        // What endpoints alone decide still runs.
        #expect(!skipped.contains("private-dns-disabled") && !skipped.contains("ecr-incomplete"))
        let report = FindingsReport(partial)
        #expect(!report.isComplete)
        #expect(report.text(inventory: nil).contains("Not evaluated: "))
        #expect(report.json()["summary"]?["complete"] == .bool(false))
    }

    @Test("DNS attributes known for one VPC only: the rule runs there and is listed for the other")
    func perVPCAttributes() {
        var c = PathsFixtures.small()
        c.vpcs[0].enableDnsHostnames = false
        PathsFixtures.interfaceEndpoint("secretsmanager", into: &c)
        c.vpcs.append(VPC(id: "vpc-2", region: "eu-west-1", cidr: PathsFixtures.cidr("10.2.0.0/16")))
        c.endpoints.append(VPCEndpoint(id: "vpce-2", vpcID: "vpc-2", kind: .interface, serviceName: "com.amazonaws.eu-west-1.kms",
                                       privateDNSEnabled: true))
        let results = FindingEngine.complete.results(in: FindingContext(inventory: Inventory(c)))
        #expect(results.findings.contains { $0.rule == "private-dns-needs-vpc-dns" && $0.vpc == "vpc-1" })
        #expect(results.notEvaluated.contains { $0.rule == "private-dns-needs-vpc-dns" && $0.vpcs == ["vpc-2"] })
    }

    @Test("ECR without S3 is still an error without route tables, and says the way out is unknown")
    func ecrWithoutRouteTables() {
        var c = Self.without(.routeTables)
        c.endpoints.removeAll { $0.service == "s3" }
        PathsFixtures.interfaceEndpoint("ecr.api", id: "vpce-api", into: &c)
        PathsFixtures.interfaceEndpoint("ecr.dkr", id: "vpce-dkr", into: &c)
        let finding = FindingEngine.complete.findings(in: Inventory(c)).first { $0.rule == "ecr-needs-s3-gateway" }
        #expect(finding?.message.contains("which one is unknown") == true)
        #expect(finding?.message.contains("(they have no NAT gateway)") == false)
    }
}
