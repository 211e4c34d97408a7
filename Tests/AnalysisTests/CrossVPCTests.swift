@testable import Analysis
import Foundation
import Loaders
import Model
import Testing

/// The hub-and-spoke fixture (`scripts/make-org-inventory.py … --accounts 3 --peered --sg-excludes 2
/// --duplicate sts`): a hub VPC with interface endpoints (private DNS off) and one private hosted zone
/// per service shared with the spokes, two spokes over a transit gateway (the second left out of the
/// endpoints' security group, the first with its own sts endpoint), and a VPC peered with the hub
/// without any DNS sharing (the article's VPC B).
enum HubAndSpoke {
    static let path = PathsFixtures.root + "/hub-and-spoke"
    static func inventory() throws -> Inventory { try SourceLoader.load([path]) }

    static func vpc(_ name: String, in inventory: Inventory) -> VPC? { inventory.vpcs.first { $0.name == name } }
    static func subnet(_ name: String, in inventory: Inventory) -> Subnet? { inventory.subnets.first { $0.name == name } }
    static func endpoint(_ name: String, in inventory: Inventory) -> VPCEndpoint? { inventory.endpoints.first { $0.name == name } }
}

@Suite("Paths across VPCs: transit gateway, peering, shared private DNS")
struct CrossVPCPathTests {
    @Test("A spoke reaches the hub's Secrets Manager endpoint through the transit gateway, resolved by the shared zone")
    func spokeReachesHub() throws {
        let inventory = try HubAndSpoke.inventory()
        let resolver = PathResolver(inventory: inventory)
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let hubEndpoint = try #require(HubAndSpoke.endpoint("hub-secretsmanager", in: inventory))
        let path = resolver.path(from: subnet.id, to: "secretsmanager")
        #expect(path.via == .interfaceEndpoint)
        #expect(path.endpoint == hubEndpoint.id)
        #expect(path.reachable)
        let tgw = try #require(path.hops.first { $0.label == "Transit gateway" })
        #expect(tgw.id.hasPrefix("tgw-"))
        #expect(tgw.detail.contains { $0.contains("tgw-rtb-") })
        // TGW data processing $0.02/GB + the endpoint's $0.01/GB.
        #expect(abs(path.costPerGB - 0.03) < 1e-9)
        #expect(path.notes.contains { $0.contains("private hosted zone") })
    }

    @Test("The spoke left out of the hub endpoints' security group is blocked at the endpoint, with the reason")
    func securityGroupBlocks() throws {
        let inventory = try HubAndSpoke.inventory()
        let subnet = try #require(HubAndSpoke.subnet("spoke-3333-1-private-a", in: inventory))
        let path = PathResolver(inventory: inventory).path(from: subnet.id, to: "secretsmanager")
        #expect(!path.reachable)
        #expect(path.isKnown)
        #expect(path.blockedHop?.kind == .interfaceEndpoint)
        #expect(path.blockedHop?.blocked?.contains("do not allow TCP 443 from \(subnet.id)") == true)
    }

    @Test("Without an endpoint of its own, a spoke's S3 goes out through the hub's NAT gateway (centralised egress)")
    func centralisedEgress() throws {
        let inventory = try HubAndSpoke.inventory()
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let path = PathResolver(inventory: inventory).path(from: subnet.id, to: "s3")
        #expect(path.via == .natGateway)
        #expect(path.reachable)
        #expect(path.hops.map(\.kind).contains(.internetGateway))
        #expect(abs(path.costPerGB - 0.065) < 1e-9)
    }

    @Test("Peering is not transitive: a default route to the peering connection does not reach the peer's NAT")
    func peeringNotTransitive() throws {
        var contents = try HubAndSpoke.inventory().contents
        let peered = try #require(HubAndSpoke.vpc("peered", in: Inventory(contents)))
        let pcx = try #require(contents.interconnect.peerings.first).id
        for i in contents.routeTables.indices where contents.routeTables[i].vpcID == peered.id {
            contents.routeTables[i].routes.append(Route(destination: .cidr(.anywhere), target: .peering(pcx)))
        }
        let inventory = Inventory(contents)
        let subnet = try #require(HubAndSpoke.subnet("peered-private-a", in: inventory))
        let path = PathResolver(inventory: inventory).path(from: subnet.id, to: "s3")
        #expect(!path.reachable)
        #expect(path.isKnown)
        #expect(path.blockedHop?.id == pcx)
        #expect(path.blockedHop?.blocked?.contains("peering is not transitive") == true)
    }

    @Test("A blackhole route back to the spoke in the TGW route table is a missing return route")
    func blackholeReturn() throws {
        var contents = try HubAndSpoke.inventory().contents
        let inventory = Inventory(contents)
        let spoke = try #require(HubAndSpoke.vpc("spoke-2222-1", in: inventory))
        let block = try #require(spoke.cidr)
        for t in contents.interconnect.tgwRouteTables.indices {
            contents.interconnect.tgwRouteTables[t].routes = contents.interconnect.tgwRouteTables[t].routes?.map { route in
                route.destination == block ? TransitGatewayRoute(destination: block, attachmentIDs: [], type: "static", state: "blackhole") : route
            }
        }
        let changed = Inventory(contents)
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: changed))
        let path = PathResolver(inventory: changed).path(from: subnet.id, to: "secretsmanager")
        #expect(!path.reachable)
        #expect(path.blockedHop?.label == "Transit gateway")
        #expect(path.blockedHop?.blocked?.contains("missing return route") == true)
    }

    /// A batch keeps a crossing for the next address the same TGW route takes: a route of its own
    /// toward one service's ENIs must give that service its own answer, in the same run.
    @Test("A blackhole /32 toward the logs endpoint's ENIs blocks logs alone: secretsmanager and ssm, by the same spoke in the same run, still get through")
    func moreSpecificRouteToOneService() throws {
        var contents = try HubAndSpoke.inventory().contents
        let base = Inventory(contents)
        let logs = try #require(HubAndSpoke.endpoint("hub-logs", in: base))
        let addresses = base.interfaces(of: logs).compactMap(\.privateIP)
        #expect(!addresses.isEmpty)
        for t in contents.interconnect.tgwRouteTables.indices {
            contents.interconnect.tgwRouteTables[t].routes? += addresses.map {
                TransitGatewayRoute(destination: IPv4CIDR(network: $0, prefixLength: 32), attachmentIDs: [], type: "static", state: "blackhole")
            }
        }
        let changed = Inventory(contents)
        let spoke = try #require(HubAndSpoke.vpc("spoke-2222-1", in: changed))
        let unreachable = FindingEngine.standard.findings(in: changed).filter { $0.rule == "centralised-endpoint-unreachable" && $0.vpc == spoke.id }
        #expect(unreachable.count == 1)
        #expect(unreachable.first?.message.contains("logs.eu-west-1.amazonaws.com") == true, "\(unreachable)")
        #expect(unreachable.first?.message.contains("blackhole") == true, "\(unreachable)")
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: changed))
        let paths = PathResolver(inventory: changed).paths(from: [subnet.id], services: ["secretsmanager", "logs", "ssm"])
        #expect(paths.map(\.reachable) == [true, false, true])
    }

    @Test("No route to the hub in the TGW route table (nor a default route), the hub's attachment not propagating: blocked, saying so")
    func missingPropagation() throws {
        var contents = try HubAndSpoke.inventory().contents
        let hub = try #require(HubAndSpoke.vpc("hub", in: Inventory(contents)))
        let hubAttachment = try #require(contents.interconnect.attachments.first { $0.resourceID == hub.id }).id
        for t in contents.interconnect.tgwRouteTables.indices {
            contents.interconnect.tgwRouteTables[t].routes?.removeAll { $0.attachmentIDs == [hubAttachment] }
            contents.interconnect.tgwRouteTables[t].propagations?.removeAll { $0 == hubAttachment }
        }
        let inventory = Inventory(contents)
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let path = PathResolver(inventory: inventory).path(from: subnet.id, to: "secretsmanager")
        #expect(!path.reachable)
        #expect(path.blockedHop?.blocked?.contains("\(hubAttachment) (hub (\(hub.id))) does not propagate into it") == true)
    }

    @Test("Transit gateway attachments not loaded: the hop into the hub is unknown, never blocked")
    func attachmentsUnknown() throws {
        var contents = try HubAndSpoke.inventory().contents
        contents.interconnect.attachments = []
        contents.interconnect.known.remove(.transitGatewayAttachments)
        let inventory = Inventory(contents)
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let path = PathResolver(inventory: inventory).path(from: subnet.id, to: "secretsmanager")
        #expect(!path.isKnown)
        #expect(path.unknown?.contains("transit gateway attachments not loaded") == true)
        #expect(path.blockedHop == nil)
    }
}

@Suite("DNS across VPCs: shared zones, Resolver rules, the peered VPC")
struct CrossVPCDNSTests {
    @Test("A spoke's Secrets Manager hostname is answered by the hub's shared zone with the hub endpoint's ENIs")
    func sharedZone() throws {
        let inventory = try HubAndSpoke.inventory()
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let hubEndpoint = try #require(HubAndSpoke.endpoint("hub-secretsmanager", in: inventory))
        let dns = PathResolver(inventory: inventory).dnsResolution(from: subnet.id, service: "secretsmanager")
        #expect(dns.resolvesPrivately)
        #expect(dns.endpoint == hubEndpoint.id)
        #expect(Set(dns.answers.map(\.networkInterface)) == Set(hubEndpoint.networkInterfaceIDs))
        #expect(dns.answeredBy.first?.contains("private hosted zone associated with \(subnet.vpcID)") == true)
    }

    @Test("The article's case: the peered VPC resolves Secrets Manager to public addresses, and the three fixes are named")
    func peeredResolvesPublicly() throws {
        let inventory = try HubAndSpoke.inventory()
        let subnet = try #require(HubAndSpoke.subnet("peered-private-a", in: inventory))
        var contents = inventory.contents
        // Private DNS on at the hub, as in the article: still the hub's alone.
        for i in contents.endpoints.indices where contents.endpoints[i].name == "hub-secretsmanager" { contents.endpoints[i].privateDNSEnabled = true }
        let dns = PathResolver(inventory: Inventory(contents)).dnsResolution(from: subnet.id, service: "secretsmanager")
        #expect(!dns.resolvesPrivately)
        #expect(dns.answerText == "public AWS addresses")
        #expect(dns.answeredBy.first?.hasPrefix("public DNS") == true)
        #expect(dns.notes.contains { $0.contains("private hosted zone") && $0.contains("Resolver forwarding rule") && $0.contains("an endpoint in") })
    }

    @Test("A zone for the hostname with no record for it answers NXDOMAIN: the request is blocked")
    func nxdomain() throws {
        var contents = try HubAndSpoke.inventory().contents
        for z in contents.interconnect.hostedZones.indices where contents.interconnect.hostedZones[z].name.hasPrefix("secretsmanager.") {
            contents.interconnect.hostedZones[z].records?.removeAll { $0.type == "A" }
        }
        let inventory = Inventory(contents)
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let resolver = PathResolver(inventory: inventory)
        let dns = resolver.dnsResolution(from: subnet.id, service: "secretsmanager")
        #expect(!dns.resolvesPrivately)
        #expect(dns.requirements.contains { $0.name == "name resolves" && $0.status == .fail })
        let path = resolver.path(from: subnet.id, to: "secretsmanager")
        #expect(!path.reachable)
        #expect(path.notes.contains { $0.contains("NXDOMAIN") })
    }

    @Test("A Resolver forwarding rule to an inbound endpoint in the hub answers as the hub would")
    func forwardingRule() throws {
        var contents = try HubAndSpoke.inventory().contents
        let spoke = try #require(HubAndSpoke.vpc("spoke-2222-1", in: Inventory(contents)))
        let hub = try #require(HubAndSpoke.vpc("hub", in: Inventory(contents)))
        for z in contents.interconnect.hostedZones.indices {
            contents.interconnect.hostedZones[z].vpcs?.removeAll { $0.vpcID == spoke.id }
        }
        contents.interconnect.resolverEndpoints.append(ResolverEndpoint(id: "rslvr-in-hub", direction: "INBOUND", vpcID: hub.id))
        contents.interconnect.resolverRules.append(ResolverRule(id: "rslvr-rr-hub", domainName: "amazonaws.com.", ruleType: "FORWARD",
                                                                targetIPs: [try #require(IPv4Address("10.0.0.53"))]))
        contents.interconnect.resolverRuleAssociations.append(ResolverRuleAssociation(id: "rslvr-rrassoc-1", ruleID: "rslvr-rr-hub", vpcID: spoke.id))
        let inventory = Inventory(contents)
        let subnet = try #require(HubAndSpoke.subnet("spoke-2222-1-private-a", in: inventory))
        let hubEndpoint = try #require(HubAndSpoke.endpoint("hub-secretsmanager", in: inventory))
        let dns = PathResolver(inventory: inventory).dnsResolution(from: subnet.id, service: "secretsmanager")
        #expect(dns.resolvesPrivately)
        #expect(dns.endpoint == hubEndpoint.id)
        #expect(dns.answeredBy.first?.contains("Resolver rule rslvr-rr-hub forwards amazonaws.com") == true)
        #expect(dns.answeredBy.contains { $0.contains("private hosted zone associated with \(hub.id)") })
    }
}

@Suite("Findings and the centralisation cost on the hub-and-spoke fixture")
struct CrossVPCFindingsTests {
    @Test("private-dns-not-shared, centralised-endpoint-unreachable and duplicate-endpoints each on the VPC they are about")
    func findings() throws {
        let inventory = try HubAndSpoke.inventory()
        let findings = FindingEngine.standard.findings(in: inventory)
        let peered = try #require(HubAndSpoke.vpc("peered", in: inventory))
        let excluded = try #require(HubAndSpoke.vpc("spoke-3333-1", in: inventory))
        let duplicate = try #require(HubAndSpoke.endpoint("spoke-2222-1-sts", in: inventory))
        let notShared = findings.filter { $0.rule == "private-dns-not-shared" }
        #expect(notShared.map(\.vpc) == [peered.id])
        #expect(notShared.first?.fix.contains("resource \"aws_route53_zone_association\"") == true)
        let unreachable = findings.filter { $0.rule == "centralised-endpoint-unreachable" }
        #expect(Set(unreachable.map(\.vpc)) == [excluded.id])
        #expect(unreachable.first?.fix.contains("aws_vpc_security_group_ingress_rule") == true)
        #expect(unreachable.first?.fix.contains(excluded.cidr?.description ?? "?") == true)
        let duplicates = findings.filter { $0.rule == "duplicate-endpoints" }
        #expect(duplicates.map(\.resource) == [duplicate.id])
        // The hub's endpoints have private DNS off on purpose: the shared zones answer for them.
        #expect(!findings.contains { $0.rule == "private-dns-disabled" && $0.vpc == HubAndSpoke.vpc("hub", in: inventory)?.id })
    }

    @Test("Centralisation: 4 VPCs × 4 services × 2 AZs against one hub with 4 attachments, and its break-even")
    func centralisation() throws {
        let inventory = try HubAndSpoke.inventory()
        let answer = try #require(CentralisationModel.regions(inventory).first)
        #expect(answer.region == "eu-west-1")
        #expect(answer.vpcCount == 4)
        #expect(answer.services == ["logs", "secretsmanager", "ssm", "sts"])
        #expect(answer.azs == 2)
        // 4 × 2 × $0.01 × 730 = $58.40 per VPC.
        #expect(abs(answer.everyVPCMonthly - 233.6) < 1e-6)
        #expect(abs(answer.centralisedMonthly - (58.4 + 4 * 36.5)) < 1e-6)
        #expect(answer.breakEvenVPCs == 3)
        #expect(abs((answer.breakEvenGB ?? 0) - 1460) < 1e-6)
        #expect(answer.alreadyAttached == 3)
    }

    @Test("The issue's figure: 40 VPCs × 8 endpoints × 3 AZs is $7,008/month in endpoint-hours")
    func issueFigure() throws {
        var contents = InventoryContents()
        contents.known = Set(ResourceKind.allCases)
        let services = ["secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs", "kms", "sts", "ecr.api"]
        for v in 0..<40 {
            let vpc = "vpc-\(v)"
            contents.vpcs.append(VPC(id: vpc, region: "eu-west-1", cidr: IPv4CIDR("10.\(v).0.0/16")))
            let subnets = ["a", "b", "c"].map { "subnet-\(v)\($0)" }
            for (k, az) in ["a", "b", "c"].enumerated() {
                contents.subnets.append(Subnet(id: subnets[k], vpcID: vpc, availabilityZone: "eu-west-1" + az, cidr: IPv4CIDR("10.\(v).\(k).0/24")))
            }
            for service in services {
                contents.endpoints.append(VPCEndpoint(id: "vpce-\(v)-\(service)", vpcID: vpc, kind: .interface,
                                                      serviceName: "com.amazonaws.eu-west-1.\(service)", subnetIDs: subnets))
            }
        }
        let answer = try #require(CentralisationModel.regions(Inventory(contents)).first)
        #expect(abs(answer.everyVPCMonthly - 7008) < 1e-6)
        #expect(abs(answer.todayHourlyMonthly - 7008) < 1e-6)
        #expect(answer.savingMonthly > 0)
    }
}

@Suite("The hub-and-spoke Terraform configuration")
struct CrossVPCTerraformTests {
    static func inventory() throws -> Inventory {
        try SourceLoader.load([PathsFixtures.root + "/../terraform/hub-and-spoke"])
    }

    @Test("The spoke reaches the hub's endpoint through the default TGW route table the attachments propagate into")
    func spokeReachesHub() throws {
        let inventory = try Self.inventory()
        let resolver = PathResolver(inventory: inventory)
        let path = resolver.path(from: "aws_subnet.spoke_a", to: "secretsmanager")
        #expect(path.via == .interfaceEndpoint)
        #expect(path.endpoint == "aws_vpc_endpoint.secretsmanager")
        #expect(path.reachable)
        #expect(path.hops.contains { $0.id == "aws_ec2_transit_gateway.hub" })
        let dns = resolver.dnsResolution(from: "aws_subnet.spoke_a", service: "secretsmanager")
        #expect(dns.resolvesPrivately)
        #expect(dns.answeredBy.first?.contains("aws_route53_zone.secretsmanager") == true)
    }

    @Test("Spoke B is out of the security group, the peered VPC shares no DNS: the same findings as the aws CLI fixture")
    func findings() throws {
        let inventory = try Self.inventory()
        let blocked = PathResolver(inventory: inventory).path(from: "aws_subnet.spoke_b", to: "secretsmanager")
        #expect(!blocked.reachable)
        #expect(blocked.blockedHop?.kind == .interfaceEndpoint)
        let findings = FindingEngine.standard.findings(in: inventory)
        #expect(findings.filter { $0.rule == "centralised-endpoint-unreachable" }.map(\.vpc) == ["aws_vpc.spoke_b"])
        #expect(findings.filter { $0.rule == "private-dns-not-shared" }.map(\.vpc) == ["aws_vpc.peered"])
        let fix = findings.first { $0.rule == "private-dns-not-shared" }?.fix ?? ""
        #expect(fix.contains("aws_route53_zone.secretsmanager.id"))
        let answer = try #require(CentralisationModel.regions(inventory).first)
        #expect(answer.vpcCount == 4)
        #expect(answer.services == ["secretsmanager"])
        #expect(answer.alreadyAttached == 3)
    }
}

@Suite("Cross-VPC findings shared out over the cores")
struct CrossVPCPartsTests {
    @Test("The rules' findings are the same, in the same order, whether the VPCs are read in one run or in several")
    func partsAgree() throws {
        let inventory = try HubAndSpoke.inventory()
        let facts = try #require(CrossVPCFacts(inventory))
        let oneRun = (facts.privateDNSNotShared(parts: 1), facts.centralisedEndpointUnreachable(parts: 1))
        // Uneven runs (4+ VPCs in 3 parts), and a run per VPC.
        for parts in [3, inventory.vpcs.count] {
            #expect(facts.privateDNSNotShared(parts: parts) == oneRun.0)
            #expect(facts.centralisedEndpointUnreachable(parts: parts) == oneRun.1)
        }
        // Both rules find something in the fixture, so agreeing says something.
        #expect(!oneRun.0.isEmpty && !oneRun.1.isEmpty)
    }

    @Test("Whether a VPC's zones or Resolver rules answer a name is what the resolver's answer says, without making it")
    func answersPrivatelyIsTheResolversAnswer() throws {
        var contents = try HubAndSpoke.inventory().contents
        let spokes = contents.vpcs.filter { $0.name?.hasPrefix("spoke-") == true }.map(\.id)
        let hub = try #require(HubAndSpoke.vpc("hub", in: Inventory(contents)))
        #expect(spokes.count >= 2)
        // A forwarding rule over every amazonaws.com name, a SYSTEM rule taking kms back, and two rules
        // of the same length (the first of equals decides), on spokes that keep or lose their zones.
        let net = try #require(IPv4Address("10.0.0.53"))
        contents.interconnect.resolverEndpoints.append(ResolverEndpoint(id: "rslvr-in-hub", direction: "INBOUND", vpcID: hub.id))
        contents.interconnect.resolverRules += [
            ResolverRule(id: "rslvr-rr-all", domainName: "amazonaws.com.", ruleType: "FORWARD", targetIPs: [net]),
            ResolverRule(id: "rslvr-rr-kms", domainName: "kms.eu-west-1.amazonaws.com", ruleType: "SYSTEM"),
            ResolverRule(id: "rslvr-rr-sts-system", domainName: "sts.eu-west-1.amazonaws.com", ruleType: "SYSTEM"),
            ResolverRule(id: "rslvr-rr-sts-forward", domainName: "sts.eu-west-1.amazonaws.com", ruleType: "FORWARD", targetIPs: [net]),
            ResolverRule(id: "rslvr-rr-logs", domainName: "logs.eu-west-1.amazonaws.com", ruleType: "RECURSIVE"),
        ]
        for (n, rule) in ["rslvr-rr-all", "rslvr-rr-kms", "rslvr-rr-sts-system", "rslvr-rr-sts-forward", "rslvr-rr-logs"].enumerated() {
            contents.interconnect.resolverRuleAssociations.append(ResolverRuleAssociation(id: "rslvr-rrassoc-\(n)", ruleID: rule, vpcID: spokes[0]))
        }
        contents.interconnect.resolverRuleAssociations.append(ResolverRuleAssociation(id: "rslvr-rrassoc-x", ruleID: "rslvr-rr-kms", vpcID: spokes[1]))
        for z in contents.interconnect.hostedZones.indices {
            contents.interconnect.hostedZones[z].vpcs?.removeAll { $0.vpcID == spokes[0] }
        }
        for inventory in [try HubAndSpoke.inventory(), Inventory(contents)] {
            let facts = try #require(CrossVPCFacts(inventory))
            var asked = 0, answered = 0
            for vpc in inventory.vpcs {
                for service in ["secretsmanager", "kms", "sts", "logs", "ssm", "s3", "nothing.at.all"] {
                    for host in [ServiceCatalog.hostname(service, region: "eu-west-1"), "api.\(service).example.com"] {
                        let answer = facts.resolver.nameAnswer(host, in: vpc.id)
                        #expect(facts.answersPrivately(host, in: vpc.id) == (answer != nil), "\(host) in \(vpc.id)")
                        asked += 1
                        if answer != nil { answered += 1 }
                    }
                }
            }
            // Both answers occur, so agreeing says something.
            #expect(answered > 0 && answered < asked)
        }
    }
}
