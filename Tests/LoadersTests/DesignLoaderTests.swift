import Foundation
import Model
import Testing
@testable import Loaders

/// Design files (`*.vpcx.yaml`): the `azs: 3` expansion, what is unknown, merging, and a located error
/// for each kind of mistake.
@Suite struct DesignLoaderTests {
    static let path = "net.vpcx.yaml"

    /// Two tiers in three AZs, NAT per AZ, a gateway and an interface endpoint.
    static let threeAZs = """
        region: eu-west-1
        vpcs:
          - name: shop
            cidr: 10.20.0.0/16
            azs: 3
            nat: per_az
            dns: true
            subnets:
              public: { public: true, newbits: 8, netnum_from: 100 }
              private: { newbits: 4, netnum_from: 1 }
            security_groups:
              - name: endpoints
                ingress: [{ ports: 443, cidrs: [vpc] }]
            endpoints:
              - { service: s3, route_tables: private }
              - { service: ecr.dkr, subnets: private, private_dns: true, security_groups: endpoints }
        """

    /// One VPC with one private tier in one AZ, for the lines that follow.
    static let oneTier = "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnets: { private: { newbits: 8 } }\n"

    static func defaultRoute(_ table: RouteTable) -> Route? { table.routes.first { $0.destination == .cidr(.anywhere) } }

    static func parse(_ text: String) throws -> Inventory { Inventory(try DesignLoader.parse(text, path: path)) }

    /// The located error a design gives (line, column, message).
    static func error(_ text: String) -> LoadError? {
        do {
            _ = try DesignLoader.parse(text, path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func threeAZsExpandIntoTiersRouteTablesAndNATs() throws {
        let inventory = try Self.parse(Self.threeAZs)
        let subnets = inventory.subnets.map { "\($0.name ?? "") \($0.availabilityZone ?? "") \($0.cidr?.description ?? "")" }
        #expect(subnets == [
            "public-a eu-west-1a 10.20.100.0/24", "public-b eu-west-1b 10.20.101.0/24", "public-c eu-west-1c 10.20.102.0/24",
            "private-a eu-west-1a 10.20.16.0/20", "private-b eu-west-1b 10.20.32.0/20", "private-c eu-west-1c 10.20.48.0/20",
        ])
        // A NAT in each AZ's public subnet; each private subnet's table routes to its own AZ's NAT.
        #expect(inventory.natGateways.map { $0.name ?? "" } == ["nat-a", "nat-b", "nat-c"])
        for subnet in inventory.subnets where subnet.name?.hasPrefix("private") == true {
            let table = try #require(inventory.routeTable(forSubnet: subnet.id))
            #expect(table.name == subnet.name)
            guard case .natGateway(let nat)? = Self.defaultRoute(table)?.target else {
                Issue.record("\(subnet.name ?? ""): no NAT route")
                continue
            }
            #expect(inventory.subnet(inventory.natGateway(nat)?.subnetID ?? "")?.availabilityZone == subnet.availabilityZone)
            let s3 = inventory.endpoints.first { $0.service == "s3" }?.id ?? ""
            #expect(table.routes.contains { $0.target == .vpcEndpoint(s3) }, "s3 route in \(table.name ?? "")")
        }
        let publicTable = try #require(inventory.routeTables.first { $0.name == "public" })
        #expect(publicTable.subnetIDs.count == 3)
        guard case .internetGateway? = Self.defaultRoute(publicTable)?.target else {
            Issue.record("public table has no internet route")
            return
        }
        // The interface endpoint: one ENI per private subnet, the group's rule allows 443 from the VPC.
        let ecr = try #require(inventory.endpoints.first { $0.service == "ecr.dkr" })
        #expect(ecr.kind == .interface && ecr.privateDNSEnabled && ecr.name == "ecr.dkr-endpoint")
        #expect(ecr.networkInterfaceIDs.count == 3)
        #expect(inventory.securityGroup(ecr.securityGroupIDs.first ?? "")?.ingress.first?.cidrs == IPv4CIDR("10.20.0.0/16").map { [$0] })
        #expect(inventory.vpcs.first?.enableDnsSupport == true && inventory.vpcs.first?.enableDnsHostnames == true)
        #expect(inventory.missingKinds.isEmpty)
    }

    @Test func idsAreStableAndShapedLikeAWSAndNamesAreTheFilesNames() throws {
        let a = try Self.parse(Self.threeAZs), b = try Self.parse(Self.threeAZs)
        #expect(a.subnets.map(\.id) == b.subnets.map(\.id))
        #expect(a.endpoints.map(\.id) == b.endpoints.map(\.id))
        #expect(a.subnets.allSatisfy { $0.id.hasPrefix("subnet-") && $0.id.count == "subnet-".count + 17 })
        #expect(a.vpcs.first?.id.hasPrefix("vpc-") == true && a.endpoints.allSatisfy { $0.id.hasPrefix("vpce-") })
        #expect(Set(a.subnets.map(\.id)).count == 6)
        #expect(a.vpcs.first?.name == "shop")
        // Another VPC name: other IDs.
        let renamed = try Self.parse(Self.threeAZs.replacingOccurrences(of: "name: shop", with: "name: shop2"))
        #expect(Set(renamed.subnets.map(\.id)).isDisjoint(with: a.subnets.map(\.id)))
    }

    @Test func singleNATAndExplicitBlocksByZone() throws {
        let inventory = try Self.parse("""
            region: us-east-1
            vpcs:
              - name: lab
                cidr: 10.9.0.0/16
                azs: [a, b]
                nat: single
                subnets:
                  public: { public: true, cidrs: [10.9.0.0/24, 10.9.1.0/24] }
                  app: { cidrs: { a: 10.9.10.0/24 } }
                  data: { route: none, cidrs: [10.9.20.0/24, 10.9.21.0/24] }
            """)
        #expect(inventory.natGateways.count == 1)
        let app = try #require(inventory.subnets.first { $0.name == "app-a" })
        #expect(!inventory.subnets.contains { $0.name == "app-b" })
        guard case .natGateway? = inventory.routeTable(forSubnet: app.id).flatMap({ Self.defaultRoute($0) })?.target else {
            Issue.record("app-a does not route to the NAT")
            return
        }
        let data = try #require(inventory.subnets.first { $0.name == "data-b" })
        #expect(inventory.routeTable(forSubnet: data.id).flatMap { Self.defaultRoute($0) } == nil)
    }

    @Test func whatTheDesignDoesNotSayIsUnknown() throws {
        let inventory = try Self.parse(Self.oneTier + """
                security_groups: [{ name: open-question }]
                endpoints:
                  - { service: sts, subnets: private }
                  - { service: kms, subnets: private, security_groups: [open-question] }
            """)
        let vpc = try #require(inventory.vpcs.first)
        #expect(vpc.enableDnsSupport == nil && vpc.enableDnsHostnames == nil)
        #expect(!inventory.knows(.vpcAttributes, in: vpc.id))
        let sts = try #require(inventory.endpoints.first { $0.service == "sts" })
        #expect(inventory.unknown(sts.id, "privateDNSEnabled") != nil)
        #expect(inventory.unknown(sts.id, "securityGroupIDs") != nil)
        let group = try #require(inventory.securityGroups.first { $0.name == "open-question" })
        #expect(inventory.unknown(group.id, "ingress") != nil && inventory.unknown(group.id, "egress") != nil)
        #expect(inventory.networkInterfaces.allSatisfy { inventory.unknown($0.id, "privateIP") != nil })
    }

    @Test func policiesInlineAsYAMLOrJSON() throws {
        let inventory = try Self.parse(Self.oneTier + """
                endpoints:
                  - service: s3
                    route_tables: [private]
                    policy:
                      Version: "2012-10-17"
                      Statement: [{ Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]
                  - service: dynamodb
                    route_tables: [private]
                    policy: '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}'
            """)
        let s3 = try #require(inventory.endpoints.first { $0.service == "s3" }?.policyDocument)
        #expect(s3 == #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#)
        #expect(inventory.endpoints.first { $0.service == "dynamodb" }?.policyDocument?.contains("Deny") == true)
    }

    /// Each kind of mistake, and where it is reported.
    static let mistakes: [(String, String, Int, Int, String)] = [
        ("a misspelt key", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnet: {}\n", 6, 5,
         "unknown key 'subnet'; did you mean 'subnets'?"),
        ("an unknown AZ", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: [a, d]\n", 5, 14,
         "'d' is not an availability zone of eu-west-1 (zones a, b, c)"),
        ("a zone of another region", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: [us-east-1a]\n", 5, 11,
         "(that zone is in us-east-1, the design is in eu-west-1)"),
        ("a misspelt service", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    endpoints:\n      - { service: secretsmanger }\n",
         6, 20, "unknown service 'secretsmanger'; did you mean 'secretsmanager'?"),
        ("a CIDR outside the VPC", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnets:\n      private: { cidrs: [10.1.0.0/24] }\n",
         7, 26, "10.1.0.0/24 is outside the VPC's block 10.0.0.0/16"),
        ("overlapping subnets", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnets:\n      a: { cidrs: [10.0.0.0/20] }\n      b: { cidrs: [10.0.1.0/24] }\n",
         8, 20, "10.0.1.0/24 overlaps a-a (10.0.0.0/20)"),
        ("a list where a CIDR goes", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: [10.0.0.0/16]\n", 4, 11,
         "cidr is a single value, found a list"),
        ("host bits set", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.1/16\n", 4, 11, "has host bits set; the block is 10.0.0.0/16"),
        ("a word for a number", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: three\n", 5, 10,
         "azs is a whole number, found 'three'"),
        ("a misspelt choice", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    nat: per-az\n", 5, 10,
         "did you mean 'per_az'?"),
        ("a gateway endpoint without route tables", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    endpoints:\n      - service: s3\n",
         6, 9, "needs route_tables"),
        ("a subnet that is not there", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnets: { private: { newbits: 8 } }\n    endpoints:\n      - { service: ssm, subnets: privte }\n",
         8, 34, "no tier or subnet 'privte'; did you mean 'private'?"),
        ("two subnets of one AZ", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnets: { x: { newbits: 8 }, y: { newbits: 8, netnum_from: 1 } }\n    endpoints:\n      - { service: ssm, subnets: [x, y] }\n",
         8, 38, "an interface endpoint takes one subnet per AZ"),
        ("a policy that is not JSON", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnets: { p: { newbits: 8 } }\n    endpoints:\n      - { service: s3, route_tables: p, policy: '{nope' }\n",
         8, 49, "this text is not JSON"),
        ("netnums past newbits", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 3\n    subnets: { p: { newbits: 1, netnum_from: 1 } }\n",
         6, 46, "newbits 1 gives only 0 to 1"),
        ("NAT without a public tier", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    nat: single\n    subnets: { p: { newbits: 8 } }\n",
         6, 5, "needs a public tier"),
        ("two route tables of one name", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    nat: per_az\n    subnets:\n      p-a: { public: true, newbits: 8 }\n      p: { newbits: 8, netnum_from: 1 }\n",
         9, 10, "two route tables would be named 'p-a'"),
        ("a /28 VPC carved smaller", "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/28\n    azs: 1\n    subnets: { p: { newbits: 1 } }\n",
         6, 30, "a /28 VPC has no room"),
        ("no region", "vpcs: []\n", 1, 1, "the design needs region"),
    ]

    @Test("Each mistake is a located error", arguments: mistakes.indices)
    func locatedErrors(_ i: Int) throws {
        let (what, text, line, column, message) = Self.mistakes[i]
        let error = try #require(Self.error(text), "\(what): no error")
        #expect(error.path == Self.path, "\(what)")
        #expect(error.line == line && error.column == column, "\(what): at \(error.line ?? 0):\(error.column ?? 0): \(error.message)")
        #expect(error.message.contains(message), "\(what): \(error.message)")
    }

    @Test func deepAndMultipliedYAMLIsRefused() throws {
        let deep = "region: eu-west-1\nvpcs: " + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "\n"
        #expect(Self.error(deep)?.message.contains("nested more than") == true)
        // Aliases that repeat one list of 5,000 blocks in 60 rules: 300,000 values from a 70 kB file end
        // in an error, not a long walk.
        let blocks = Array(repeating: "10.0.0.0/16", count: 5_000).joined(separator: ", ")
        let text = "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    security_groups:\n      - name: g\n        ingress:\n"
            + "          - { ports: 443, cidrs: &x [\(blocks)] }\n"
            + String(repeating: "          - { ports: 443, cidrs: *x }\n", count: 60)
        let error = try #require(Self.error(text))
        #expect(error.message.contains("larger than vpcx reads"), "\(error.message)")
    }

    @Test func hostileTextInAnErrorStaysOneLine() throws {
        let error = try #require(Self.error("region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    \"sub\\u001b[2Jnets\\n\": 1\n"))
        #expect(!error.description.contains("\u{1B}") && !error.description.contains("\n"), "\(error.description)")
    }

    @Test func aDesignIsRecognisedByNameAndMergesWithAnInventory() throws {
        let directory = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let design = directory + "/shop.vpcx.yaml"
        try Self.threeAZs.write(toFile: design, atomically: true, encoding: .utf8)
        let merged = try SourceLoader.load([FixturePaths.blog, design])
        #expect(Set(merged.vpcs.compactMap(\.name)) == ["main-vpc", "shop"])
        #expect(merged.subnets.count == 12)
        #expect(merged.sources.map(\.format).contains(.design))
        #expect(merged.contents.declarations[merged.vpcs.first { $0.name == "shop" }?.id ?? ""]?.path == design)
        // Alone, through the same door.
        let alone = try SourceLoader.load([design])
        #expect(alone.vpcs.count == 1 && alone.region == "eu-west-1")
        // And an error in it is located at its file.
        try "region: eu-west-1\nvpcs:\n  - nme: v\n".write(toFile: design, atomically: true, encoding: .utf8)
        #expect(throws: LoadError(path: design, line: 3, column: 5, message: "a VPC: unknown key 'nme'; did you mean 'name'?")) {
            try SourceLoader.load([design])
        }
    }

    @Test func theShippedExampleLoads() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/blog-eu-west-1.vpcx.yaml").path
        let inventory = try SourceLoader.load([example])
        #expect(inventory.subnets.count == 6 && inventory.endpoints.count == 11 && inventory.natGateways.count == 3)
    }
}
