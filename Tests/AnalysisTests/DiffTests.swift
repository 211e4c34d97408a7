@testable import Analysis
import Foundation
import Loaders
import Model
import Testing

/// `vpcx diff` as a function: pairs of networks with known differences, each made from the blog
/// inventory by one edit a person makes in the console or in Terraform, and what the diff must say
/// about the resource and its consequences (paths, findings, cost).
@Suite struct DiffTests {
    static let privateA = "subnet-e58e4935e7c5f1654"
    static let privateATable = "rtb-1d3a5b0fb2f474bb3"
    static let s3Gateway = "vpce-d92fb38065fbf700d"
    static let ssmmessages = "vpce-24f4c4429031605f5"
    static let secretsmanager = "vpce-79a2d1ddda46c7d6f"

    let blog: Inventory
    init() throws { blog = try PathsFixtures.blog() }

    /// The blog network with one edit.
    func edited(_ edit: (inout InventoryContents) -> Void) -> Inventory {
        var contents = blog.contents
        edit(&contents)
        return Inventory(contents)
    }

    func endpoint(_ c: inout InventoryContents, _ id: String, _ change: (inout VPCEndpoint) -> Void) {
        if let i = c.endpoints.firstIndex(where: { $0.id == id }) { change(&c.endpoints[i]) }
    }

    func path(_ diff: NetworkDiff, _ subnet: String, _ service: String) -> PathChange? {
        diff.paths.first { $0.subnet == subnet && $0.service == service }
    }

    @Test func theSameNetworkHasNoChanges() {
        let diff = NetworkDiff(old: blog, new: blog)
        #expect(diff.resources.isEmpty && diff.paths.isEmpty && diff.findings.isEmpty && diff.cost.delta == 0)
        #expect(!diff.hasChanges)
    }

    @Test func anEndpointRemoved() throws {
        let new = edited { c in
            c.endpoints.removeAll { $0.id == Self.ssmmessages }
            c.networkInterfaces.removeAll { $0.description.contains(Self.ssmmessages) }
        }
        let diff = NetworkDiff(old: blog, new: new)
        #expect(diff.resources.map(\.id) == [Self.ssmmessages])
        #expect(diff.resources.first?.change == .removed)
        // Every subnet's ssmmessages requests now leave through the NAT (private) or the IGW (public).
        let p = try #require(path(diff, Self.privateA, "ssmmessages"))
        #expect(p.old.via == .interfaceEndpoint && p.new.via == .natGateway)
        #expect(diff.paths.allSatisfy { $0.service == "ssmmessages" } && diff.paths.count == 6)
        // Session Manager now lacks one of its three endpoints: an error finding that was not there.
        #expect(diff.newErrors.contains { $0.rule == "ssm-incomplete" })
        #expect(diff.cost.delta < 0, "one interface endpoint fewer: 3 ENIs less a month")
        #expect(diff.hasChanges)
    }

    @Test func aRouteChanged() throws {
        // The S3 prefix-list route taken out of private-a's table (and the endpoint no longer lists it).
        let new = edited { c in
            if let t = c.routeTables.firstIndex(where: { $0.id == Self.privateATable }) {
                c.routeTables[t].routes.removeAll { $0.target == .vpcEndpoint(Self.s3Gateway) }
            }
            endpoint(&c, Self.s3Gateway) { $0.routeTableIDs.removeAll { $0 == Self.privateATable } }
        }
        let diff = NetworkDiff(old: blog, new: new, traffic: Traffic([.init(service: "s3", gb: 3000)]))
        let table = try #require(diff.resources.first { $0.id == Self.privateATable })
        #expect(table.change == .changed)
        let route = try #require(table.attributes.first { $0.key.hasPrefix("route pl-") })
        #expect(route.old == .value(Self.s3Gateway) && route.new == nil)
        #expect(diff.resources.first { $0.id == Self.s3Gateway }?.attributes.map(\.key) == ["routeTables"])
        let p = try #require(path(diff, Self.privateA, "s3"))
        #expect(p.old.via == .gatewayEndpoint && p.new.via == .natGateway)
        #expect(diff.paths.count == 1, "only private-a's S3 path moves")
        // A third of the S3 traffic now pays NAT data processing.
        #expect(diff.cost.delta > 0 && diff.cost.newNATGateways > diff.cost.oldNATGateways)
        #expect(diff.findings.contains { $0.appeared && $0.finding.rule == "gateway-endpoint-missing-route" })
    }

    @Test func aPolicyNarrowed() throws {
        let narrow = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:PutLogEvents","Resource":"*"}]}"#
        let logs = try #require(blog.endpoints.first { $0.service == "logs" })
        let new = edited { c in endpoint(&c, logs.id) { $0.policyDocument = narrow } }
        let diff = NetworkDiff(old: blog, new: new)
        #expect(diff.resources.count == 1)
        let policy = try #require(diff.resources.first?.attributes.first)
        #expect(policy.key == "policy" && policy.old == .value("default (full access)"))
        #expect(policy.new?.text.contains("logs:PutLogEvents") == true)
        #expect(diff.findings.map(\.finding.rule) == ["endpoint-full-access-policy"])
        #expect(diff.findings.first?.appeared == false && diff.findings.first?.finding.resource == logs.id)
        #expect(diff.paths.isEmpty, "a policy does not move a path")
        #expect(diff.newErrors.isEmpty)
    }

    @Test func privateDNSTurnedOff() throws {
        let new = edited { c in endpoint(&c, Self.secretsmanager) { $0.privateDNSEnabled = false } }
        let diff = NetworkDiff(old: blog, new: new)
        let change = try #require(diff.resources.first { $0.id == Self.secretsmanager })
        #expect(change.attributes == [AttributeChange(key: "privateDns", old: .value("yes"), new: .value("no"))])
        // The SDK's default hostname resolves to public addresses again: out through the NAT.
        let p = try #require(path(diff, Self.privateA, "secretsmanager"))
        #expect(p.old.via == .interfaceEndpoint && p.new.via == .natGateway)
        #expect(diff.findings.contains { $0.appeared && $0.finding.rule == "private-dns-disabled" && $0.finding.resource == Self.secretsmanager })
        #expect(diff.newErrors.isEmpty, "private DNS off is a warning")
    }

    @Test func aKindOneSideDidNotCollectIsUnknownNotRemoved() throws {
        let new = edited { c in
            c.routeTables = []
            c.known.remove(.routeTables)
        }
        let diff = NetworkDiff(old: blog, new: new)
        #expect(!diff.resources.contains { $0.kind == .routeTables }, "not collected is not deleted")
        #expect(diff.unknownKinds.contains(UnknownKind(kind: .routeTables, side: "NEW")))
        let p = try #require(path(diff, Self.privateA, "s3"))
        #expect(p.isUnknown && p.new.via == .unknown && p.new.unknown != nil)
        #expect(!diff.paths.contains { $0.new.via == PathVia.none }, "unknown is never shown as no route")
        #expect(diff.hasChanges, "a gate does not pass what it cannot see")
        let text = diff.text(old: "old", new: "new", clean: { $0 })
        #expect(text.contains("? private-a (\(Self.privateA)) -> s3: gateway-endpoint \(Self.s3Gateway) -> unknown ("))
    }

    @Test func driftMatchesSpecAddressesToLiveIDs() throws {
        let spec = try SourceLoader.load([TerraformSpecEquivalenceTests.seed])
        let diff = NetworkDiff(old: blog, new: spec)
        // The seed module is the blog network but for kms and sts, and two policies it leaves out.
        #expect(diff.count(.added) == 0)
        #expect(Set(diff.resources.filter { $0.change == .removed }.map(\.name)) == ["kms-endpoint", "sts-endpoint"])
        let s3 = try #require(diff.matches.first { $0.id == Self.s3Gateway })
        #expect(s3.address == "module.vpc_endpoints.aws_vpc_endpoint.s3[0]" && s3.by == "service and VPC")
        #expect(diff.matches.contains { $0.kind == .subnets && $0.id == Self.privateA && $0.address == "aws_subnet.private[0]" })
        let policies = diff.resources.filter { $0.attributes.contains { $0.key == "policy" } }.map(\.id).sorted()
        #expect(policies == [Self.secretsmanager, Self.s3Gateway].sorted())
        // Only kms and sts paths move: every other path agrees once IDs are matched.
        #expect(Set(diff.paths.map(\.service)) == ["kms", "sts"])
    }

    @Test func aValueTheSpecCannotKnowIsUnknownNotChanged() throws {
        // The spec's private-a CIDR comes from a variable nobody set: after matching it is unknown,
        // never a change from 10.0.1.0/24 to nothing.
        var contents = try SourceLoader.load([TerraformSpecEquivalenceTests.seed]).contents
        let i = try #require(contents.subnets.firstIndex { $0.id == "aws_subnet.private[0]" })
        contents.subnets[i].cidr = nil
        contents.unknowns["aws_subnet.private[0].cidr"] = "var.private_cidr"
        let diff = NetworkDiff(old: blog, new: Inventory(contents))
        let subnet = try #require(diff.resources.first { $0.id == Self.privateA })
        #expect(subnet.isOnlyUnknown && subnet.address == "aws_subnet.private[0]")
        #expect(subnet.attributes == [AttributeChange(key: "cidr", old: blog.subnet(Self.privateA)?.cidr.map { .value($0.description) },
                                                      new: .unknown("var.private_cidr"))])
        #expect(diff.text(old: "live", new: "spec", clean: { $0 }).contains("      ? cidr: 10.0.1.0/24 -> unknown (var.private_cidr)\n"))
    }

    @Test func twoLiveResourcesAreNeverPairedByName() {
        // A replaced endpoint (new ID, same service) is a removal and an addition, not a match.
        let new = edited { c in endpoint(&c, Self.ssmmessages) { $0.id = "vpce-0replacement000000" } }
        let diff = NetworkDiff(old: blog, new: new)
        #expect(diff.matches.isEmpty)
        #expect(diff.resources.map(\.change).sorted { $0.rawValue < $1.rawValue } == [.added, .removed])
    }

    @Test func textIsSanitisedAndStable() {
        let new = edited { c in endpoint(&c, Self.secretsmanager) { $0.tags = [Tag(key: "Name", value: "evil\u{1b}[2Jname")] } }
        let diff = NetworkDiff(old: blog, new: new)
        let clean = { (s: String) in s.replacingOccurrences(of: "\u{1b}", with: "?") }
        let text = diff.text(old: "a", new: "b", clean: clean)
        #expect(!text.contains("\u{1b}"))
        #expect(text.contains("~ Name: secretsmanager-endpoint -> evil?[2Jname"))
        #expect(text == NetworkDiff(old: blog, new: new).text(old: "a", new: "b", clean: clean))
        let json = diff.json(old: "a", new: "b", clean: clean).compactText
        #expect(!json.contains("\u{1b}") && !json.contains("\\u001b"))
    }
}
