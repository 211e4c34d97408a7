import Analysis
import Collect
import Foundation
import Loaders
import Model
import Testing

/// `vpcx collect` against a real local AWS API: moto's server on a loopback port, a network built in
/// it with the real aws CLI, collected by the library and by the built binary, then read back by the
/// loader and checked with the analysis the `paths` command uses.
@Suite(.serialized) struct CollectAgainstMotoTests {
    @Test func collectsANetworkBuiltWithTheAWSCLI() throws {
        guard let motoServer = MotoServer.which("moto_server"), let aws = MotoServer.which("aws") else {
            Issue.record("moto_server and the aws CLI are needed: pip install awscli \"moto[server]\" (.ci/run does)")
            return
        }
        let work = try makeTemporaryDirectory("moto")
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try MotoServer(motoServer: motoServer, scratch: work)
        defer { server.stop() }
        try #require(server.waitUntilListening(), "moto_server did not start: \(server.log)")

        // The network, built with the aws CLI.
        var environment = server.environment
        environment["ENDPOINT"] = server.url
        environment["WORK"] = work.path
        let builder = try ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), ["-c", buildNetworkScript],
                                           environment: environment, scratch: work)
        try #require(builder.status == 0, "building the network failed: \(builder.standardError)")
        let ids = Dictionary(builder.standardOutput.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }, uniquingKeysWith: { _, last in last })
        let vpcID = try #require(ids["vpc"])

        // The library, every VPC of the region (moto's default VPC too).
        let whole = work.appendingPathComponent("whole")
        let report = try runCollect(CollectOptions(regions: ["eu-west-1"], endpointURL: server.url,
                                                   awsPath: aws.path, output: whole.path,
                                                   environment: server.environment))
        #expect(report.manifest.account == "123456789012")
        #expect(report.manifest.regions == ["eu-west-1"])
        #expect(report.manifest.failures == [])
        // 18 calls about the region, one list-hosted-zones-by-vpc per VPC, Route 53's list-hosted-zones.
        #expect(report.manifest.calls.count == 18 + 2 + 1)
        #expect(report.manifest.calls.allSatisfy { $0.ok })
        #expect(report.manifest.awsCliVersion.hasPrefix("aws-cli/"))
        let vpcs = try readJSON(whole.appendingPathComponent("eu-west-1/describe-vpcs.json")) as? [String: Any]
        let vpcIDs = (vpcs?["Vpcs"] as? [[String: Any]])?.compactMap { $0["VpcId"] as? String } ?? []
        #expect(vpcIDs.count == 2)
        #expect(vpcIDs.contains(vpcID))
        let attributes = try readJSON(whole.appendingPathComponent("eu-west-1/describe-vpc-attribute.json"))
            as? [[String: Any]] ?? []
        #expect(attributes.count == 4)
        let enis = try readJSON(whole.appendingPathComponent("eu-west-1/describe-network-interfaces.json"))
            as? [String: Any]
        let eniSubnets = (enis?["NetworkInterfaces"] as? [[String: Any]])?.compactMap { $0["SubnetId"] as? String } ?? []
        // The interface endpoint's ENIs in both private subnets and the NAT gateway's: nothing else.
        #expect(eniSubnets.sorted() == [ids["pa"], ids["pb"], ids["pub"]].compactMap { $0 }.sorted())

        // The built binary, narrowed to the network's VPC.
        let vpcx = try #require(vpcxBinary(), "the vpcx executable is not built beside the tests")
        let narrowed = work.appendingPathComponent("narrowed")
        let child = try ChildProcess.run(vpcx, ["collect", "--endpoint-url", server.url, "--region", "eu-west-1",
                                                "--vpc-id", vpcID, "--aws", aws.path, "--output", narrowed.path],
                                         environment: server.environment, scratch: work)
        #expect(child.status == 0, "\(child.standardError)")
        // The VPC narrows the inventory calls; Transit Gateway, peering and Resolver are read whole.
        #expect(child.standardError.contains("collected \(18 + 1 + 1) files from eu-west-1 (account 123456789012) into \(narrowed.path)"))
        let manifest = try CollectManifest.decode(Data(contentsOf: narrowed.appendingPathComponent("manifest.json")))
        #expect(manifest.failures == [])
        #expect(manifest.vpcxVersion == "0.1.0")

        // Read back as `vpcx DIR` would, and asked what `vpcx paths` asks.
        let inventory = try SourceLoader.load([narrowed.path])
        #expect(inventory.contents.vpcs.map(\.id) == [vpcID])
        #expect(inventory.contents.sources.contains { $0.account == "123456789012" && $0.region == "eu-west-1" })
        let vpc = try #require(inventory.vpc(vpcID))
        #expect(vpc.enableDnsSupport == true)
        #expect(vpc.enableDnsHostnames == true)
        let privateSubnets = inventory.privateSubnets(in: vpcID).map(\.id).sorted()
        #expect(privateSubnets == [ids["pa"], ids["pb"]].compactMap { $0 }.sorted())
        #expect(inventory.privateAZs(in: vpcID) == ["eu-west-1a", "eu-west-1b"])
        for subnetID in privateSubnets {
            let table = try #require(inventory.routeTable(forSubnet: subnetID))
            // S3: the gateway endpoint's prefix-list route; everything else: the NAT gateway.
            #expect(inventory.prefixListRoute(for: "s3", in: table)?.target == .vpcEndpoint(ids["s3ep"] ?? "?"))
            #expect(inventory.defaultRoute(in: table)?.target == .natGateway(ids["nat"] ?? "?"))
        }
        let secrets = try #require(inventory.endpoint(ids["smep"] ?? "?"))
        #expect(secrets.kind == .interface)
        #expect(secrets.service == "secretsmanager")
        #expect(secrets.privateDNSEnabled)
        #expect(inventory.interfaces(of: secrets).count == 2)
        let privateCIDR = try #require(inventory.subnet(ids["pa"] ?? "?")?.cidr)
        let reach = HTTPSReach.check(secrets, from: privateCIDR, in: inventory)
        guard case .allowed(let groupID, _) = reach else {
            Issue.record("443 from a private subnet should reach the endpoint: \(reach)")
            return
        }
        #expect(groupID == ids["sg"])

        // `vpcx paths` on the snapshot: what a user on the bastion asks next.
        let paths = try ChildProcess.run(vpcx, ["paths", narrowed.path, "--from", ids["pa"] ?? "?", "--from", ids["pb"] ?? "?",
                                                "--service", "s3,secretsmanager,sts", "--format", "json"],
                                         environment: server.environment, scratch: work)
        #expect(paths.status == 0, "\(paths.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(paths.standardOutput.utf8)) as? [String: Any]
        let answers = document?["paths"] as? [[String: Any]] ?? []
        #expect(answers.count == 6)
        for answer in answers {
            let service = answer["service"] as? String ?? "?"
            let without = answer["without"] as? [String: Any]
            #expect(answer["reachable"] as? Bool == true, "\(service)")
            #expect(without?["via"] as? String == "nat-gateway", "\(service) without endpoints")
            switch service {
            case "s3":
                #expect(answer["via"] as? String == "gateway-endpoint")
                #expect(answer["endpoint"] as? String == ids["s3ep"])
            case "secretsmanager":
                #expect(answer["via"] as? String == "interface-endpoint")
                #expect(answer["endpoint"] as? String == ids["smep"])
                #expect(answer["networkInterface"] is String)
            default:
                #expect(answer["via"] as? String == "nat-gateway", "\(service)")
            }
        }
    }
}
