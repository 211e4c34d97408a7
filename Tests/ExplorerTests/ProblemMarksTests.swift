import Analysis
import Canvas
@testable import Explorer
import Loaders
import Model
import Testing

/// A ✗ or FAIL means "this is a problem" (DESIGN's semantics): a gateway endpoint working by route
/// and a public subnet pulling layers over its internet gateway are not failures.
@Suite struct ProblemMarksTests {
    let demo = SourceLoader.demo()

    func subnet(_ name: String) throws -> Subnet { try #require(demo.subnets.first { $0.name == name }) }

    @Test func dnsForS3WithAHealthyGatewayEndpointShowsNoFailure() throws {
        let resolver = PathResolver(inventory: demo)
        let dns = resolver.dnsResolution(from: try subnet("private-a").id, service: "s3")
        #expect(dns.gatewayEndpoint != nil)
        let text = DNSView.text(dns, width: 120, glyphs: .ascii)
        #expect(!text.contains("FAIL") && !text.contains(" x "), "\(text)")
        #expect(text.contains("carried by the gateway endpoint"))
    }

    @Test func dnsStillFailsWhenAnInterfaceEndpointIsBypassed() throws {
        let broken = try SourceLoader.load([FixturePath.broken])
        let subnet = try #require(broken.subnets.first { $0.name == "app-a" })
        let dns = PathResolver(inventory: broken).dnsResolution(from: subnet.id, service: "ecr.dkr")
        #expect(DNSView.text(dns, width: 120, glyphs: .ascii).contains("FAIL"))
    }

    @Test func aPublicSubnetsImagePullOverItsInternetGatewayWorks() throws {
        let resolver = PathResolver(inventory: demo)
        let flow = resolver.flowPath(.ecrImagePull, from: try subnet("public-a").id)
        #expect(flow.verdict == .works)
        #expect(!flow.verdict.isProblem && flow.problemMembers.isEmpty)
        let lines = ReachSummary.lines(for: try subnet("public-a"), in: demo, resolver: CountedResolver(resolver), glyphs: .ascii)
        let pull = try #require(lines.map(\.text).first { $0.contains("ECR image pull") })
        #expect(!pull.contains("x "), "\(pull)")
        #expect(pull.contains("works"))
    }

    @Test func aLegThroughNATIsTheProblem() throws {
        var contents = demo.contents
        let s3 = Set(contents.endpoints.filter { $0.service == "s3" }.map(\.id))
        contents.endpoints.removeAll { s3.contains($0.id) }
        for i in contents.routeTables.indices {
            contents.routeTables[i].routes.removeAll { if case .vpcEndpoint(let id) = $0.target { s3.contains(id) } else { false } }
        }
        let inventory = Inventory(contents)
        let private_a = try #require(inventory.subnets.first { $0.name == "private-a" })
        let flow = PathResolver(inventory: inventory).flowPath(.ecrImagePull, from: private_a.id)
        #expect(flow.verdict == .leaksThroughNAT)
        #expect(flow.problemMembers.map(\.service) == ["s3"])
        #expect(flow.summary == "ECR image pull: s3 via NAT gateway")
    }
}
