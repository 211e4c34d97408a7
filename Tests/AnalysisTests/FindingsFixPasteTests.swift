import Analysis
import Foundation
import Loaders
import Model
import TerraformWriter
import Testing

/// Fixes that paste: for a Terraform source, a fix names the configuration's own resources by
/// reference (`aws_vpc.main.id`), parses with vpcx's HCL parser, and pasted into the configuration
/// as a file of its own makes its finding go away.
@Suite struct FindingsFixPasteTests {
    /// A VPC in Terraform with ECR and SSM endpoints but no S3, DynamoDB, ssmmessages or ec2messages
    /// endpoint, ecr.dkr in one AZ only, traffic out through one NAT.
    static let configuration = """
    provider "aws" { region = "eu-west-1" }
    resource "aws_vpc" "main" {
      cidr_block           = "10.0.0.0/16"
      enable_dns_support   = true
      enable_dns_hostnames = true
    }
    resource "aws_subnet" "private" {
      count             = 2
      vpc_id            = aws_vpc.main.id
      cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
      availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
    }
    resource "aws_subnet" "public" {
      vpc_id            = aws_vpc.main.id
      cidr_block        = "10.0.100.0/24"
      availability_zone = "eu-west-1a"
    }
    resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }
    resource "aws_eip" "nat" { domain = "vpc" }
    resource "aws_nat_gateway" "nat" {
      allocation_id = aws_eip.nat.id
      subnet_id     = aws_subnet.public.id
    }
    resource "aws_route_table" "private" {
      vpc_id = aws_vpc.main.id
      route {
        cidr_block     = "0.0.0.0/0"
        nat_gateway_id = aws_nat_gateway.nat.id
      }
    }
    resource "aws_route_table_association" "private" {
      count          = 2
      subnet_id      = aws_subnet.private[count.index].id
      route_table_id = aws_route_table.private.id
    }
    resource "aws_security_group" "endpoints" {
      vpc_id = aws_vpc.main.id
      ingress {
        from_port   = 443
        to_port     = 443
        protocol    = "tcp"
        cidr_blocks = ["10.0.0.0/16"]
      }
    }
    resource "aws_vpc_endpoint" "ecr_api" {
      vpc_id              = aws_vpc.main.id
      service_name        = "com.amazonaws.eu-west-1.ecr.api"
      vpc_endpoint_type   = "Interface"
      subnet_ids          = aws_subnet.private[*].id
      security_group_ids  = [aws_security_group.endpoints.id]
      private_dns_enabled = true
    }
    resource "aws_vpc_endpoint" "ecr_dkr" {
      vpc_id              = aws_vpc.main.id
      service_name        = "com.amazonaws.eu-west-1.ecr.dkr"
      vpc_endpoint_type   = "Interface"
      subnet_ids          = aws_subnet.private[*].id
      security_group_ids  = [aws_security_group.endpoints.id]
      private_dns_enabled = true
    }
    resource "aws_vpc_endpoint" "ssm" {
      vpc_id              = aws_vpc.main.id
      service_name        = "com.amazonaws.eu-west-1.ssm"
      vpc_endpoint_type   = "Interface"
      subnet_ids          = aws_subnet.private[*].id
      security_group_ids  = [aws_security_group.endpoints.id]
      private_dns_enabled = true
    }
    """

    /// Rules whose fix is whole new resources, so pasting it as its own file is the whole fix.
    static let pasteable: Set<String> = ["ecr-needs-s3-gateway", "missing-free-gateway-endpoint", "ssm-incomplete", "ecr-incomplete",
                                         "endpoint-sg-blocks-https"]

    static func directory(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir.path
    }

    static func findings(_ files: [String: String]) throws -> [Finding] {
        let dir = try directory(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return FindingEngine.complete.findings(in: try SourceLoader.load([dir]))
    }

    @Test func terraformFixesUseTheConfigurationsReferences() throws {
        let findings = try Self.findings(["main.tf": Self.configuration])
        let s3 = try #require(findings.first { $0.rule == "ecr-needs-s3-gateway" })
        #expect(s3.fix.contains("vpc_id            = aws_vpc.main.id"), "\(s3.fix)")
        #expect(s3.fix.contains("aws_route_table.private.id") && s3.fix.contains("aws_vpc.main.main_route_table_id"), "\(s3.fix)")
        let ssm = try #require(findings.first { $0.rule == "ssm-incomplete" })
        #expect(ssm.fix.contains("subnet_ids          = [aws_subnet.private[0].id, aws_subnet.private[1].id]"), "\(ssm.fix)")
        #expect(ssm.fix.contains("security_group_ids  = [aws_security_group.endpoints.id]"), "\(ssm.fix)")
        for quoted in ["= \"aws_", "[\"aws_", ", \"aws_"] {
            #expect(!findings.contains { $0.fix.contains(quoted) }, "no quoted Terraform address (\(quoted))")
        }
    }

    /// Every Terraform fix parses; pasted next to the configuration, each new-resource fix removes its finding.
    @Test func everyTerraformFixParsesAndPastedRemovesItsFinding() throws {
        let findings = try Self.findings(["main.tf": Self.configuration])
        var pasted = 0
        for finding in findings {
            let hcl = finding.fix.components(separatedBy: "\n# or, outside Terraform:\n")[0]
            guard hcl.hasPrefix("resource ") || hcl.hasPrefix("#") else { continue }
            _ = try HCLParser.parseFile(bytes: Array(hcl.utf8), path: "fix.tf")
            guard Self.pasteable.contains(finding.rule) else { continue }
            let after = try Self.findings(["main.tf": Self.configuration, "fix.tf": hcl])
            #expect(!after.contains { $0.rule == finding.rule && $0.resource == finding.resource && $0.message == finding.message },
                    "\(finding.rule) is still there after pasting:\n\(hcl)")
            pasted += 1
        }
        #expect(pasted >= 3)
    }

    @Test func resourceReferencesAreValidatedTraversals() {
        #expect(HCLExpression.resourceReference(address: "aws_vpc.main")?.rendered == "aws_vpc.main.id")
        #expect(HCLExpression.resourceReference(address: "aws_subnet.private[0]")?.rendered == "aws_subnet.private[0].id")
        #expect(HCLExpression.resourceReference(address: "aws_subnet.this[\"a\"]")?.rendered == "aws_subnet.this[\"a\"].id")
        #expect(HCLExpression.resourceReference(address: "data.aws_vpc.x")?.rendered == "data.aws_vpc.x.id")
        for text in ["vpc-0123", "module.vpc.aws_vpc.this[0]", "aws_vpc.main.id\nresource", "aws_vpc.main[0", "aws_vpc.main[\"a\\\"]",
                     "aws_vpc", "aws_vpc.main[01]", "aws_vpc.main[\"${x}\"]", ".main", "aws_vpc."] {
            #expect(HCLExpression.resourceReference(address: text) == nil, "\(text.debugDescription)")
            #expect(HCLExpression.id(text) == .string(text))
        }
    }

    @Test func policyExamplesNameTheEndpointsOwnService() throws {
        let findings = try Self.findings(["main.tf": Self.configuration])
        let ecr = try #require(findings.first { $0.rule == "endpoint-full-access-policy" && $0.resource.contains("ecr") })
        #expect(ecr.fix.contains("arn:aws:ecr:eu-west-1") && !ecr.fix.contains("arn:aws:s3"))
        let ssm = try #require(findings.first { $0.rule == "endpoint-full-access-policy" && $0.resource.hasSuffix(".ssm") })
        #expect(ssm.fix.contains("arn:aws:ssm:eu-west-1") && !ssm.fix.contains("arn:aws:s3"))
    }

    /// The demo network without its S3 gateway endpoint, and the broken one: inventory sources.
    static func inventories() throws -> [Inventory] {
        var contents = SourceLoader.demo().contents
        let s3 = Set(contents.endpoints.filter { $0.service == "s3" }.map(\.id))
        contents.endpoints.removeAll { s3.contains($0.id) }
        for i in contents.routeTables.indices {
            contents.routeTables[i].routes.removeAll { if case .vpcEndpoint(let id) = $0.target { s3.contains(id) } else { false } }
        }
        return [Inventory(contents), try SourceLoader.load([TestNetwork.broken])]
    }

    /// A fix's `aws_vpc_endpoint` blocks read back as what-if changes: the service, type, route
    /// tables and subnets are the fix's own (string literals, an inventory source's IDs).
    static func whatIf(from fix: String, vpc: String) throws -> [WhatIfChange] {
        let body = try HCLParser.parseFile(bytes: Array(fix.utf8), path: "fix.tf")
        let evaluator = HCLEvaluator(path: "fix.tf")
        func strings(_ block: Loaders.HCLBlock, _ name: String) throws -> [String] {
            guard let attribute = block.body.attributes.first(where: { $0.name == name }) else { return [] }
            switch try evaluator.evaluate(attribute.expression) {
            case .string(let s): return [s]
            case .list(let items), .set(let items):
                return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            default: return []
            }
        }
        return try body.blocks.filter { $0.labels.first == "aws_vpc_endpoint" }.map { block in
            let service = ServiceName.short(try #require(try strings(block, "service_name").first))
            let gateway = try strings(block, "vpc_endpoint_type") == ["Gateway"]
            return .addEndpoint(service: service, vpc: vpc, kind: gateway ? .gateway : .interface,
                                subnetIDs: try strings(block, "subnet_ids"), routeTableIDs: try strings(block, "route_table_ids"))
        }
    }

    /// Each new-endpoint fix, for an inventory source, parses and, applied as the what-if it
    /// describes, removes its finding.
    @Test func inventoryFixesAppliedAsWhatIfsRemoveTheirFindings() throws {
        var applied = 0
        for inventory in try Self.inventories() {
            let findings = FindingEngine.complete.findings(in: inventory)
            for finding in findings where ["ecr-needs-s3-gateway", "missing-free-gateway-endpoint", "ssm-incomplete", "ecr-incomplete"].contains(finding.rule) {
                let hcl = finding.fix.components(separatedBy: "\n# or, outside Terraform:\n")[0]
                let changes = try Self.whatIf(from: hcl, vpc: finding.vpc)
                try #require(!changes.isEmpty, "\(finding.rule): no endpoint in\n\(hcl)")
                let after = FindingEngine.complete.findings(in: WhatIf(changes).apply(to: inventory))
                #expect(!after.contains { $0.rule == finding.rule && $0.message == finding.message },
                        "\(finding.rule) is still there after the what-if of:\n\(hcl)")
                applied += 1
            }
        }
        #expect(applied >= 3)
    }

    /// `W`'s export of a what-if on a Terraform source uses the configuration's references too, and parses.
    @Test func whatIfExportOfATerraformSourceUsesItsReferences() throws {
        let dir = try Self.directory(["main.tf": Self.configuration])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inventory = try SourceLoader.load([dir])
        let vpc = try #require(inventory.vpcs.first).id
        let subnet = try #require(inventory.subnets.first { $0.id == "aws_subnet.private[0]" })
        let s3 = WhatIf().toggling(service: "s3", vpc: vpc, subnetID: subnet.id, base: inventory, shown: inventory)
        let logs = try #require(s3.changes).toggling(service: "logs", vpc: vpc, subnetID: subnet.id, base: inventory, shown: inventory)
        let text = try #require(logs.changes).terraform(in: inventory)
        _ = try HCLParser.parseFile(bytes: Array(text.utf8), path: "whatif.tf")
        #expect(text.contains("vpc_id") && text.contains("= aws_vpc.main.id"), "\(text)")
        #expect(text.contains("[aws_route_table.private.id]"), "\(text)")
        #expect(text.contains("aws_subnet.private[0].id"), "\(text)")
        #expect(!text.contains("\"aws_vpc.main\""), "\(text)")
    }
}
