import Analysis
import Foundation
import Loaders
import Model
import TerraformWriter
import Testing

/// Issue 18's round trip: a network (a design, the aws CLI snapshot of the article's network) written as
/// Terraform by `InventoryTerraform` and read back by the Terraform loader is the same network: the same
/// paths, findings and costs, with only the IDs changed. And the design of the article's network says
/// what its snapshot says.
@Suite struct DesignRoundTripTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = repository.appendingPathComponent("examples/blog-eu-west-1.vpcx.yaml").path

    /// What a user sees of a network, with every ID replaced by the Name of what it names.
    struct Summary: Equatable, CustomStringConvertible {
        var paths: [String]
        var findings: [String]
        var costs: [String]

        var description: String { (paths + findings + costs).joined(separator: "\n") }
    }

    /// A resource as the summary names it: its Name tag; AWS's own resources by their VPC's name.
    static func label(_ id: String, in inventory: Inventory) -> String {
        if let table = inventory.routeTable(id), table.isMain { return "main route table of \(inventory.name(of: table.vpcID) ?? "?")" }
        if let group = inventory.securityGroup(id), group.name == "default" { return "default group of \(inventory.name(of: group.vpcID) ?? "?")" }
        return inventory.name(of: id) ?? "unnamed \(id.prefix { $0 != "-" && $0 != "." })"
    }

    static func summary(_ inventory: Inventory) -> Summary {
        let resolver = PathResolver(inventory: inventory)
        let services = Set(inventory.endpoints.map(\.service)).union(["s3", "dynamodb", "sqs", "kms", "sts"]).sorted()
        var paths: [String] = []
        for subnet in inventory.subnets {
            for service in services {
                let path = resolver.path(from: subnet.id, to: service)
                paths.append("\(label(subnet.id, in: inventory)) → \(service): \(path.via) reachable=\(path.reachable) crossAz=\(path.crossAz) "
                             + "cost=\(path.costPerGB) without=\(path.without.map { "\($0.via)" } ?? "-")")
            }
        }
        let findings = FindingEngine.complete.findings(in: inventory).map {
            "\($0.rule) \($0.severity) \(label($0.resource, in: inventory))"
        }
        let traffic = Traffic([Traffic.Entry(service: "s3", gb: 2_000), Traffic.Entry(service: "ecr.dkr", gb: 900),
                               Traffic.Entry(service: "secretsmanager", gb: 5)])
        let report = CostReport(inventory: inventory, traffic: traffic)
        var costs = report.endpoints.map {
            "\(label($0.id, in: inventory)) \($0.service) \($0.type) azs=\($0.azs) " + String(format: "%.2f via-nat=%.2f", $0.monthly, $0.natAlternativeMonthly)
        }
        costs.append(String(format: "total %.2f nat %.2f", report.totals.monthly, report.totals.natGatewaysMonthly))
        return Summary(paths: paths.sorted(), findings: findings.sorted(), costs: costs.sorted())
    }

    /// The inventory written as Terraform, and that configuration loaded back.
    static func roundTrip(_ inventory: Inventory) throws -> (text: String, back: Inventory) {
        let text = InventoryTerraform.file(inventory, source: "a test").rendered
        let directory = NSTemporaryDirectory() + "vpcx-export-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try text.write(toFile: directory + "/main.tf", atomically: true, encoding: .utf8)
        return (text, try SourceLoader.load([directory]))
    }

    static func expectSame(_ a: Summary, _ b: Summary, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, x, y) in [("paths", a.paths, b.paths), ("findings", a.findings, b.findings), ("costs", a.costs, b.costs)] {
            #expect(x == y, "\(name) differ:\n- \(Set(x).subtracting(y).sorted().joined(separator: "\n- "))\n+ \(Set(y).subtracting(x).sorted().joined(separator: "\n+ "))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func theDesignRoundTripsThroughTerraform() throws {
        let design = try SourceLoader.load([Self.example])
        let (_, back) = try Self.roundTrip(design)
        #expect(back.subnets.count == 6 && back.endpoints.count == 11 && back.natGateways.count == 3)
        let summary = Self.summary(design)
        // The summary is not trivially small: 6 subnets × 12 services, findings, 11 endpoint costs.
        #expect(summary.paths.count == 72 && !summary.findings.isEmpty && summary.costs.count == 12)
        Self.expectSame(summary, Self.summary(back))
        // Policies survive byte for byte.
        for endpoint in design.endpoints {
            #expect(back.endpoints.first { $0.name == endpoint.name }?.policyDocument == endpoint.policyDocument, "\(endpoint.name ?? "")")
        }
    }

    @Test func theBlogSnapshotRoundTripsThroughTerraform() throws {
        let snapshot = try PathsFixtures.blog()
        let (text, back) = try Self.roundTrip(snapshot)
        Self.expectSame(Self.summary(snapshot), Self.summary(back))
        // AWS's own main table and default group are adopted, not created anew.
        #expect(text.contains("resource \"aws_default_route_table\" \"main-vpc_main\""))
        #expect(text.contains("resource \"aws_default_security_group\" \"main-vpc_default\""))
        #expect(back.routeTables.count == snapshot.routeTables.count && back.securityGroups.count == snapshot.securityGroups.count)
    }

    @Test func theBrokenSnapshotRoundTripsThroughTerraformButForAnEndpointsState() throws {
        // Blocked security groups, a missing AZ, private DNS off: the findings that matter survive. An
        // endpoint's state is AWS's, not the configuration's: Terraform would create the failed logs
        // endpoint afresh, so the export says its state in a comment and only that finding and cost differ.
        let snapshot = try PathsFixtures.broken()
        let (text, back) = try Self.roundTrip(snapshot)
        let notAvailable = snapshot.endpoints.filter { !$0.isAvailable }
        #expect(notAvailable.map(\.service) == ["logs"])
        for endpoint in notAvailable { #expect(text.contains("# state in the source: \(endpoint.state)")) }
        func kept(_ s: Summary) -> Summary {
            var s = s
            s.findings.removeAll { $0.hasPrefix("endpoint-not-available") }
            s.costs.removeAll { line in line.hasPrefix("total") || notAvailable.contains { line.hasPrefix("\(Self.label($0.id, in: snapshot)) ") } }
            return s
        }
        let a = Self.summary(snapshot)
        #expect(a.findings.contains { $0.hasPrefix("endpoint-sg-blocks-https") } && a.findings.contains { $0.hasPrefix("endpoint-not-available") })
        Self.expectSame(kept(a), kept(Self.summary(back)))
    }

    @Test func theDesignSaysWhatTheSnapshotSays() throws {
        Self.expectSame(Self.summary(try SourceLoader.load([Self.example])), Self.summary(try PathsFixtures.blog()))
    }

    static let hostile = "x\" }\nresource \"null_resource\" \"pwn\" {\n  provisioner \"local-exec\" { command = \"id\" }\n}\n# ${file(\"/etc/passwd\")} %{ if true }\u{1B}[2J\u{202E}"

    @Test func aHostileNameStaysOneQuotedString() throws {
        let quoted = "\"" + Self.hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\u{1B}", with: "\\e") + "\""
        let design = try DesignLoader.parse("""
            region: eu-west-1
            vpcs:
              - name: \(quoted)
                cidr: 10.0.0.0/16
                dns: true
                azs: 2
                tags: { Owner: \(quoted) }
                subnets:
                  public: { public: true, newbits: 8 }
                  \(quoted): { newbits: 8, netnum_from: 10 }
                nat: single
                security_groups:
                  - { name: \(quoted), description: \(quoted), ingress: [{ ports: 443, cidrs: [vpc], description: \(quoted) }] }
                endpoints:
                  - { service: ssm, name: \(quoted), subnets: \(quoted), private_dns: true, security_groups: \(quoted) }
                  - { service: s3, route_tables: \(quoted), policy: { Statement: [{ Sid: \(quoted), Effect: Allow, Principal: "*", Action: "*", Resource: "*" }] } }
            """, path: "hostile.vpcx.yaml")
        let inventory = Inventory(design)
        #expect(inventory.vpcs.first?.name == Self.hostile)
        let (text, back) = try Self.roundTrip(inventory)
        // Only the blocks the exporter writes: no null_resource, no provisioner, every label a plain name.
        let body = try HCLParser.parseFile(bytes: Array(text.utf8), path: "main.tf")
        let allowed: Set<String> = ["aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_eip", "aws_nat_gateway", "aws_default_route_table",
                                    "aws_route_table", "aws_route_table_association", "aws_default_security_group", "aws_security_group", "aws_vpc_endpoint"]
        for block in body.blocks {
            #expect(["terraform", "provider", "resource"].contains(block.type), "\(block.type)")
            if block.type == "resource" {
                #expect(allowed.contains(block.labels.first ?? ""), "\(block.labels)")
                #expect(block.labels.allSatisfy(HCLName.isIdentifier), "\(block.labels)")
                #expect(!block.body.blocks.contains { $0.type == "provisioner" })
            }
        }
        #expect(!text.unicodeScalars.contains { HCLExpression.isUnprintable($0) && $0 != "\n" })
        // And it reads back as the same text, where the design put it.
        #expect(back.vpcs.first?.name == Self.hostile)
        #expect(back.vpcs.first?.tags["Owner"] == Self.hostile)
        #expect(back.securityGroups.contains { $0.name == Self.hostile && $0.description == Self.hostile })
        #expect(back.endpoints.contains { $0.name == Self.hostile })
        #expect(back.endpoints.first { $0.service == "s3" }?.policyDocument == inventory.endpoints.first { $0.service == "s3" }?.policyDocument)
        Self.expectSame(Self.summary(inventory), Self.summary(back))
    }
}
