import Collect
import Foundation
import Loaders
import Model
import Testing

/// `vpcx collect --org` against a real local AWS API: a hub-and-spoke organisation built in moto's
/// server by `Support/moto-org.py` (boto3), collected by the built binary through the real aws CLI,
/// each member account entered with `sts assume-role`, and read back by the loader.
@Suite(.serialized) struct CollectOrganizationAgainstMotoTests {
    /// The setup script, beside this suite's support files: reusable by the path and DNS tests.
    static let setupScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/moto-org.py")

    /// The IDs the setup script printed.
    struct Organization: Decodable {
        var management: String
        var accounts: [String: String]
        var vpcs: [String: String]
        var transitGateway: String
        var transitGatewayRouteTable: String
        var attachments: [String: String]
        var peering: String
        var zone: String
        var endpoint: String
        var resolverRule: String
    }

    @Test func collectsAHubAndSpokeOrganisation() throws {
        guard let motoServer = MotoServer.which("moto_server"), let aws = MotoServer.which("aws"),
              let python = MotoServer.which("python3") else {
            Issue.record("moto_server, python3 (with boto3) and the aws CLI are needed: pip install awscli \"moto[server]\" (.ci/run does)")
            return
        }
        let work = try makeTemporaryDirectory("moto-org")
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try MotoServer(motoServer: motoServer, scratch: work)
        defer { server.stop() }
        try #require(server.waitUntilListening(), "moto_server did not start: \(server.log)")

        let setup = try ChildProcess.run(python, [Self.setupScript.path, "--endpoint", server.url, "--region", "eu-west-1"],
                                         environment: server.environment, scratch: work)
        try #require(setup.status == 0, "building the organisation failed: \(setup.standardError)")
        let org = try JSONDecoder().decode(Organization.self, from: Data(setup.standardOutput.utf8))
        let hub = try #require(org.accounts["hub"])
        let members = [org.management] + ["hub", "spoke-1", "spoke-2"].compactMap { org.accounts[$0] }

        let vpcx = try #require(vpcxBinary(), "the vpcx executable is not built beside the tests")
        let output = work.appendingPathComponent("org")
        let child = try ChildProcess.run(vpcx, ["collect", "--org", "--endpoint-url", server.url, "--region", "eu-west-1",
                                                "--aws", aws.path, "--jobs", "4", "--output", output.path],
                                         environment: server.environment, scratch: work, seconds: 1800)
        #expect(child.status == 0, "\(child.standardError)")
        #expect(child.standardError.contains("from 8 of 8 account × region units (4 accounts) into \(output.path)"))

        // One directory per account, each with its region and its Route 53 unit, and the manifest.
        #expect(listing(output) == (members + ["manifest.json"]).sorted())
        for account in members {
            #expect(listing(output.appendingPathComponent(account)) == ["eu-west-1", "global"])
        }
        let manifest = try CollectManifest.decode(Data(contentsOf: output.appendingPathComponent("manifest.json")))
        #expect(manifest.account == org.management)
        #expect(manifest.accounts?.map(\.id) == members.sorted { a, b in
            // Organizations lists the management account first, then the members as created.
            members.firstIndex(of: a) ?? 0 < members.firstIndex(of: b) ?? 0
        })
        #expect(manifest.accounts?.first { $0.id == hub }?.name == "hub")
        #expect(manifest.accounts?.first { $0.id == hub }?.access == "assumed role arn:aws:iam::\(hub):role/vpcx-readonly")
        #expect(manifest.accounts?.first { $0.id == org.management }?.access == "caller credentials")
        #expect(manifest.units?.count == 8)
        #expect(manifest.units?.allSatisfy { $0.status == .collected && $0.reason == nil } == true)
        #expect(manifest.failures == [], "\(manifest.failures)")
        #expect(manifest.calls.allSatisfy { $0.ok })

        // The hub's transit gateway: its attachments, and its route table's own files.
        let hubRegion = output.appendingPathComponent("\(hub)/eu-west-1")
        let attachments = try readJSON(hubRegion.appendingPathComponent("describe-transit-gateway-attachments.json")) as? [String: Any]
        let attached = (attachments?["TransitGatewayAttachments"] as? [[String: Any]])?.compactMap { $0["ResourceId"] as? String } ?? []
        #expect(Set(attached) == Set(["hub", "spoke-1", "spoke-2"].compactMap { org.vpcs[$0] }))
        let table = org.transitGatewayRouteTable
        let routes = try readJSON(hubRegion.appendingPathComponent("search-transit-gateway-routes.\(table).json")) as? [String: Any]
        let states = (routes?["Routes"] as? [[String: Any]])?.compactMap { $0["State"] as? String }.sorted()
        #expect(states == ["active", "blackhole"])
        for call in ["get-transit-gateway-route-table-associations", "get-transit-gateway-route-table-propagations"] {
            #expect(FileManager.default.fileExists(atPath: hubRegion.appendingPathComponent("\(call).\(table).json").path), "\(call)")
        }
        let rules = try readJSON(hubRegion.appendingPathComponent("list-resolver-rules.json")) as? [String: Any]
        #expect((rules?["ResolverRules"] as? [[String: Any]])?.contains { $0["Id"] as? String == org.resolverRule } == true)
        // The peering connection, from the side that asked for it.
        let spokeRegion = output.appendingPathComponent("\(org.accounts["spoke-1"] ?? "?")/eu-west-1")
        let peerings = try readJSON(spokeRegion.appendingPathComponent("describe-vpc-peering-connections.json")) as? [String: Any]
        #expect((peerings?["VpcPeeringConnections"] as? [[String: Any]])?.compactMap { $0["VpcPeeringConnectionId"] as? String }
            == [org.peering])
        // The shared private zone, once, in its owner's global unit, with every VPC it is associated with.
        let zone = try readJSON(output.appendingPathComponent("\(hub)/global/get-hosted-zone.\(org.zone).json")) as? [String: Any]
        let zoneVPCs = (zone?["VPCs"] as? [[String: Any]])?.compactMap { $0["VPCId"] as? String } ?? []
        #expect(Set(zoneVPCs) == Set(["hub", "spoke-1", "spoke-2"].compactMap { org.vpcs[$0] }))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(hub)/global/list-resource-record-sets.\(org.zone).json").path))
        let byVPC = try readJSON(hubRegion.appendingPathComponent("list-hosted-zones-by-vpc.\(org.vpcs["hub"] ?? "?").json")) as? [String: Any]
        #expect((byVPC?["HostedZoneSummaries"] as? [[String: Any]])?.compactMap { $0["HostedZoneId"] as? String } == [org.zone])

        // No credential anywhere in the snapshot: not the assumed roles' keys, not the caller's.
        for file in FileManager.default.subpaths(atPath: output.path) ?? [] where file.hasSuffix(".json") {
            let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
            for secret in ["SecretAccessKey", "SessionToken", "AccessKeyId", "ASIA", "FSIA"] {
                #expect(!text.contains(secret), "\(file) holds \(secret)")
            }
        }
        #expect(!listing(work).contains { $0.hasPrefix("org.partial-") })

        // The loader opens the whole tree: the VPCs of all three member accounts, each with its owner.
        let inventory = try SourceLoader.load([output.path])
        let vpcIDs = Set(inventory.contents.vpcs.map(\.id))
        #expect(vpcIDs.isSuperset(of: org.vpcs.values))
        let owners = Set(inventory.contents.vpcs.filter { org.vpcs.values.contains($0.id) }.compactMap(\.ownerID))
        #expect(owners == Set(["hub", "spoke-1"].compactMap { org.accounts[$0] } + [org.accounts["spoke-2"] ?? "?"]))
        #expect(inventory.endpoint(org.endpoint)?.service == "secretsmanager")
        #expect(inventory.contents.sources.contains { $0.account == org.management })
    }
}
