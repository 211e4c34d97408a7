import Analysis
import Foundation
import Loaders
import Model
import Testing

/// Issue 7's acceptance: the article's Terraform (seed-module) and the blog-eu-west-1 inventory are the
/// same network but for IDs, the two interface endpoints the root does not ask for (kms, sts) and the
/// two endpoint policies it leaves out; paths, findings and cost must agree on everything else.
@Suite struct TerraformSpecEquivalenceTests {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/terraform/seed-module").path
    static let left = Set(["kms", "sts"])

    let spec: Inventory
    let inventory: Inventory

    init() throws {
        spec = try SourceLoader.load([Self.seed])
        inventory = try PathsFixtures.blog()
    }

    /// Subnets matched by Name tag (private-a … public-c in both).
    func subnetPairs() throws -> [(Subnet, Subnet)] {
        try spec.subnets.map { s in
            let name = try #require(s.name)
            return (s, try #require(inventory.subnets.first { $0.name == name }, "\(name) in the inventory"))
        }
    }

    @Test func theSameSubnetsAndEndpoints() throws {
        #expect(try subnetPairs().count == 6)
        for (a, b) in try subnetPairs() {
            #expect(a.cidr == b.cidr && a.availabilityZone == b.availabilityZone && spec.isPrivate(a) == inventory.isPrivate(b))
        }
        let specServices = Set(spec.endpoints.map(\.service))
        let inventoryServices = Set(inventory.endpoints.map(\.service))
        #expect(inventoryServices.subtracting(specServices) == Self.left)
        #expect(specServices.isSubset(of: inventoryServices))
    }

    @Test func pathsAgreeButForIDs() throws {
        let services = Array(Set(spec.endpoints.map(\.service))).sorted() + ["kms", "sts"]
        let a = PathResolver(inventory: spec), b = PathResolver(inventory: inventory)
        for (specSubnet, subnet) in try subnetPairs() {
            for service in services {
                let x = a.path(from: specSubnet.id, to: service), y = b.path(from: subnet.id, to: service)
                if Self.left.contains(service) {
                    // kms and sts have endpoints only in the inventory: through the NAT in the spec.
                    #expect(x.via == (spec.isPrivate(specSubnet) ? .natGateway : .internetGateway), "\(service) from \(subnet.name ?? "")")
                    continue
                }
                #expect(x.via == y.via, "\(service) from \(subnet.name ?? ""): \(x.via) vs \(y.via)")
                #expect(x.reachable == y.reachable && x.crossAz == y.crossAz && x.costPerGB == y.costPerGB,
                        "\(service) from \(subnet.name ?? "")")
                #expect(x.without?.via == y.without?.via)
            }
        }
    }

    @Test func findingsAgreeButForThePolicies() throws {
        func summary(_ inventory: Inventory) -> [String: Int] {
            var counts: [String: Int] = [:]
            for finding in FindingEngine.complete.findings(in: inventory) {
                if let endpoint = inventory.endpoint(finding.resource), Self.left.contains(endpoint.service) { continue }
                counts[finding.rule, default: 0] += 1
            }
            return counts
        }
        var specCounts = summary(spec), inventoryCounts = summary(inventory)
        // The spec leaves out the restrictive S3 and Secrets Manager policies: two more full-access endpoints.
        #expect(specCounts["endpoint-full-access-policy", default: 0] == inventoryCounts["endpoint-full-access-policy", default: 0] + 2)
        specCounts["endpoint-full-access-policy"] = nil
        inventoryCounts["endpoint-full-access-policy"] = nil
        #expect(specCounts == inventoryCounts)
        #expect(!FindingEngine.complete.findings(in: spec).contains { $0.severity == .error })
    }

    @Test func costAgreesButForTheTwoEndpoints() throws {
        let a = CostReport(inventory: spec), b = CostReport(inventory: inventory)
        let specCosts = Dictionary(a.endpoints.map { ($0.service, $0.monthly) }, uniquingKeysWith: +)
        let inventoryCosts = Dictionary(b.endpoints.filter { !Self.left.contains($0.service) }.map { ($0.service, $0.monthly) },
                                        uniquingKeysWith: +)
        #expect(specCosts == inventoryCosts)
        // Seven interface endpoints in three AZs: 7 x 3 x $0.01 x 730.
        #expect(abs(a.endpoints.reduce(0) { $0 + $1.monthly } - 153.30) < 0.01)
    }
}
