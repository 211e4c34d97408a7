import Foundation
import Model
import Testing
@testable import Loaders

/// The HCL snippets of the seed article: each block that starts a line with `resource "`, `data "`,
/// `module "`, `variable "` or `output "`, up to its closing brace.
func articleSnippets() throws -> [String] {
    let text = try String(contentsOfFile: TerraformFixtures.path("vpc-endpoints-blog.txt"), encoding: .utf8)
    var snippets: [String] = []
    var current: [Substring] = []
    var depth = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current.isEmpty {
            guard ["resource \"", "data \"", "module \"", "variable \"", "output \""].contains(where: { line.hasPrefix($0) }) else { continue }
        }
        current.append(line)
        for ch in line {
            if ch == "{" { depth += 1 } else if ch == "}" { depth -= 1 }
        }
        if depth == 0 {
            snippets.append(current.joined(separator: "\n") + "\n")
            current = []
        }
    }
    return snippets
}

@Suite struct TerraformArticleTests {
    @Test func everyArticleSnippetParsesOnItsOwn() throws {
        let snippets = try articleSnippets()
        #expect(snippets.count >= 30)
        for (i, snippet) in snippets.enumerated() {
            #expect(throws: Never.self, "snippet \(i): \(snippet.prefix(60))") {
                _ = try HCLParser.parseFile(bytes: Array(snippet.utf8), path: "snippet-\(i).tf")
            }
        }
    }

    @Test func articleEndpointSnippetsLoadWithUnknownsNamed() throws {
        let snippets = try articleSnippets()
        let s3 = try #require(snippets.first { $0.contains("resource \"aws_vpc_endpoint\" \"s3_restricted\"") })
        let vpc = try #require(snippets.first { $0.contains("resource \"aws_vpc\" \"main\"") })
        let dir = try TerraformFixtures.directory([
            "main.tf": vpc + s3 + """
            variable "vpc_cidr" { default = "10.0.0.0/16" }
            variable "aws_region" { default = "eu-west-1" }
            variable "app_bucket" { default = "app" }
            variable "logs_bucket" {}
            """,
        ])
        let contents = try TerraformLoader.load(path: dir)
        let endpoint = try #require(contents.endpoints.first)
        #expect(endpoint.kind == .gateway)
        #expect(endpoint.routeTableIDs.isEmpty)
        #expect(contents.unknowns["aws_vpc_endpoint.s3_restricted.routeTableIDs"] == "data.aws_route_tables.private.ids")
        // The policy mentions a bucket variable without a value: the policy itself is unknown, never invented.
        #expect(endpoint.policyDocument == nil)
        #expect(contents.unknowns["aws_vpc_endpoint.s3_restricted.policyDocument"] == "var.logs_bucket")
        let withBucket = try TerraformLoader.load(path: dir, variables: ["logs_bucket": "logs"])
        let policy = try #require(withBucket.endpoints.first?.policyDocument)
        #expect(policy.hasPrefix(#"{"Statement":[{"Action":"s3:*","Effect":"Allow","Principal":"*","Resource":["arn:aws:s3:::app","#))
    }
}

@Suite struct TerraformLoaderTests {
    @Test func brokenFileGivesFileLineColumn() throws {
        let dir = try TerraformFixtures.directory(["main.tf": "resource \"aws_vpc\" \"main\" {\n  cidr_block \"10.0.0.0/16\"\n}\n"])
        do {
            _ = try TerraformLoader.load(path: dir)
            Issue.record("expected an error")
        } catch let error as LoadError {
            #expect(error.path == dir + "/main.tf")
            #expect(error.line == 2)
            #expect(error.column == 14)
            #expect(error.description.hasPrefix("\(dir)/main.tf:2:14: error: expected "))
        }
    }

    @Test(arguments: [
        ("x = \"unterminated\n", 1, 6, "unterminated string"),
        ("x = [1, 2\n", 2, 1, "expected"),
        ("x = 1 +\n", 1, 8, "expected an expression"),
        ("block {\n  a = 1\n", 3, 1, "expected '}'"),
        ("x = <<EOT\nno end\n", 1, 5, "no closing marker"),
        ("x = \"${1 +}\"\n", 1, 11, "expected an expression"),
        ("x = 1\nx = 2\n", 2, 1, "already set"),
        ("/* open comment\n", 1, 1, "unterminated /* comment"),
        ("x = \"%{ if true }a\"\n", 1, 6, "%{endif}"),
    ])
    func parseErrors(text: String, line: Int, column: Int, message: String) throws {
        do {
            _ = try HCLParser.parseFile(bytes: Array(text.utf8), path: "bad.tf")
            Issue.record("expected an error for \(text)")
        } catch let error as LoadError {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func evaluationErrorsAreLocated() throws {
        let cases: [(String, String)] = [
            ("resource \"aws_vpc\" \"a\" {\n  cidr_block = aws_vpc.b.cidr_block\n}\n", "main.tf:2:16: error: reference to undeclared resource aws_vpc.b"),
            ("locals {\n  a = local.b\n  b = local.a\n}\n", "cycle: local.a -> local.b -> local.a"),
            ("resource \"aws_subnet\" \"s\" {\n  count = var.n\n}\nvariable \"n\" {}\n", "main.tf:2:3: error: Invalid count argument: the count of aws_subnet.s depends on var.n"),
            ("resource \"aws_subnet\" \"s\" {\n  for_each = [\"a\"]\n}\n", "convert it with toset()"),
        ]
        for (text, expected) in cases {
            let dir = try TerraformFixtures.directory(["main.tf": text])
            do {
                _ = try TerraformLoader.load(path: dir)
                Issue.record("expected an error for \(text)")
            } catch let error as LoadError {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }

    @Test func variablesFromFilesInTerraformsOrder() throws {
        let dir = try TerraformFixtures.directory([
            "main.tf": """
            variable "a" { default = "default" }
            variable "b" { default = "default" }
            variable "c" { default = "default" }
            variable "d" { type = number }
            variable "e" { type = list(string) }
            resource "aws_vpc" "v" {
              cidr_block = "10.0.0.0/16"
              tags = { a = var.a, b = var.b, c = var.c, d = tostring(var.d + 1), e = join("+", var.e) }
            }
            """,
            "terraform.tfvars": "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\n",
            "x.auto.tfvars.json": #"{"b": "auto", "c": "auto", "e": ["p", "q"]}"#,
            "extra.tfvars": "c = \"file\"\n",
        ])
        let contents = try TerraformLoader.load(path: dir, variables: ["d": "41"], varFiles: [dir + "/extra.tfvars"])
        let tags = try #require(contents.vpcs.first?.tags)
        #expect(tags["a"] == "tfvars")
        #expect(tags["b"] == "auto")
        #expect(tags["c"] == "file")
        #expect(tags["d"] == "42")
        #expect(tags["e"] == "p+q")
    }

    @Test func forEachModulesLocalsAndUnknowns() throws {
        let dir = try TerraformFixtures.directory([
            "main.tf": """
            provider "aws" { region = "us-west-2" }
            locals {
              subnets = { app = "10.1.1.0/24", db = "10.1.2.0/24" }
              azs     = { app = "us-west-2a", db = "us-west-2b" }
            }
            resource "aws_vpc" "v" {
              cidr_block = "10.1.0.0/16"
            }
            resource "aws_subnet" "s" {
              for_each          = local.subnets
              vpc_id            = aws_vpc.v.id
              cidr_block        = each.value
              availability_zone = local.azs[each.key]
            }
            module "ep" {
              source     = "./ep"
              vpc_id     = aws_vpc.v.id
              subnet_ids = [for k, s in aws_subnet.s : s.id]
            }
            resource "aws_vpc_endpoint" "from_data" {
              vpc_id            = aws_vpc.v.id
              service_name      = "com.amazonaws.us-west-2.sts"
              vpc_endpoint_type = "Interface"
              subnet_ids        = data.aws_subnets.private.ids
            }
            output "ids" { value = module.ep.ids }
            """,
            "ep/main.tf": """
            variable "vpc_id" {}
            variable "subnet_ids" { type = list(string) }
            resource "aws_vpc_endpoint" "kms" {
              vpc_id            = var.vpc_id
              service_name      = "com.amazonaws.us-west-2.kms"
              vpc_endpoint_type = "Interface"
              subnet_ids        = var.subnet_ids
            }
            output "ids" { value = aws_vpc_endpoint.kms[*].id }
            """,
        ])
        let contents = try TerraformLoader.load(path: dir)
        let inventory = Inventory(contents)
        #expect(contents.subnets.map(\.id) == [#"aws_subnet.s["app"]"#, #"aws_subnet.s["db"]"#])
        #expect(contents.subnets.map { $0.cidr?.description ?? "" } == ["10.1.1.0/24", "10.1.2.0/24"])
        let kms = try #require(inventory.endpoint("module.ep.aws_vpc_endpoint.kms"))
        #expect(kms.vpcID == "aws_vpc.v")
        #expect(kms.subnetIDs == [#"aws_subnet.s["app"]"#, #"aws_subnet.s["db"]"#])
        #expect(kms.privateDNSEnabled == false)
        // No security group given: AWS attaches the VPC's default one.
        #expect(kms.securityGroupIDs == ["aws_vpc.v (default security group)"])
        #expect(kms.networkInterfaceIDs.compactMap { inventory.networkInterface($0)?.availabilityZone } == ["us-west-2a", "us-west-2b"])
        let sts = try #require(inventory.endpoint("aws_vpc_endpoint.from_data"))
        #expect(sts.subnetIDs.isEmpty)
        #expect(inventory.unknown(sts.id, "subnetIDs") == "data.aws_subnets.private.ids")
        #expect(contents.sources.first?.region == "us-west-2")
        #expect(Inventory(contents).region == "us-west-2")
    }

    @Test func routesAssociationsAndMainTable() throws {
        let dir = try TerraformFixtures.directory([
            "main.tf": """
            resource "aws_vpc" "v" { cidr_block = "10.2.0.0/16" }
            resource "aws_subnet" "a" {
              vpc_id = aws_vpc.v.id
              cidr_block = "10.2.0.0/24"
              availability_zone = "eu-west-1a"
            }
            resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.v.id }
            resource "aws_route_table" "custom" { vpc_id = aws_vpc.v.id }
            resource "aws_route" "default" {
              route_table_id         = aws_route_table.custom.id
              destination_cidr_block = "0.0.0.0/0"
              gateway_id             = aws_internet_gateway.igw.id
            }
            resource "aws_main_route_table_association" "m" {
              vpc_id         = aws_vpc.v.id
              route_table_id = aws_route_table.custom.id
            }
            resource "aws_vpc_endpoint" "s3" {
              vpc_id       = aws_vpc.v.id
              service_name = "com.amazonaws.eu-west-1.s3"
            }
            resource "aws_vpc_endpoint_route_table_association" "s3" {
              vpc_endpoint_id = aws_vpc_endpoint.s3.id
              route_table_id  = aws_route_table.custom.id
            }
            resource "aws_security_group" "sg" {
              vpc_id = aws_vpc.v.id
            }
            resource "aws_vpc_security_group_ingress_rule" "https" {
              security_group_id = aws_security_group.sg.id
              cidr_ipv4         = aws_vpc.v.cidr_block
              from_port         = 443
              to_port           = 443
              ip_protocol       = "tcp"
            }
            resource "aws_security_group_rule" "self" {
              type = "ingress"
              security_group_id = aws_security_group.sg.id
              from_port = 0
              to_port = 0
              protocol = "-1"
              self = true
            }
            """,
        ])
        let contents = try TerraformLoader.load(path: dir)
        let inventory = Inventory(contents)
        let table = try #require(inventory.routeTable(forSubnet: "aws_subnet.a"))
        #expect(table.id == "aws_route_table.custom")
        #expect(table.routes.first?.target == .local)
        #expect(table.routes.contains { $0.target == .internetGateway("aws_internet_gateway.igw") })
        #expect(table.routes.contains { $0.target == .vpcEndpoint("aws_vpc_endpoint.s3") && $0.destination == .prefixList("pl-com.amazonaws.eu-west-1.s3") })
        #expect(contents.prefixLists.first?.service == "s3")
        let endpoint = try #require(inventory.endpoint("aws_vpc_endpoint.s3"))
        #expect(endpoint.kind == .gateway)
        let group = try #require(inventory.securityGroup("aws_security_group.sg"))
        #expect(group.ingress.count == 2)
        let https = try #require(group.ingress.first { $0.ipProtocol == "tcp" })
        #expect(https.coversTCP(port: 443) && !https.coversTCP(port: 80) && https.cidrs == [IPv4CIDR("10.2.0.0/16")!])
        let fromSelf = try #require(group.ingress.first { $0.ipProtocol == "-1" })
        #expect(fromSelf.sourceGroupIDs == ["aws_security_group.sg"])
        #expect(group.egress.isEmpty)
        #expect(inventory.unknown("aws_security_group.sg", "name") == "aws_security_group.sg.name")
    }

    @Test func configurationWithoutAVPCKnowsOnlyWhatItDeclares() throws {
        let dir = try TerraformFixtures.directory([
            "main.tf": """
            variable "vpc_id" {}
            resource "aws_vpc_endpoint" "ssm" {
              vpc_id            = var.vpc_id
              service_name      = "com.amazonaws.eu-west-1.ssm"
              vpc_endpoint_type = "Interface"
              private_dns_enabled = true
            }
            """,
        ])
        let contents = try TerraformLoader.load(path: dir)
        #expect(contents.known.contains(.vpcEndpoints))
        #expect(!contents.known.contains(.vpcs))
        #expect(!contents.known.contains(.subnets))
        #expect(contents.endpoints.first?.vpcID == "var.vpc_id")
        #expect(contents.unknowns["aws_vpc_endpoint.ssm.vpcID"] == "var.vpc_id")
        #expect(contents.sources.first?.region == "eu-west-1")
    }
}

@Suite struct TerraformJSONLoaderTests {
    func load(_ name: String) throws -> InventoryContents {
        let path = TerraformFixtures.path("terraform/show-json/\(name)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(TerraformJSONLoader.looksLikeTerraformJSON(bytes))
        return try TerraformJSONLoader.load(bytes: bytes, path: path)
    }

    @Test func stateMapsRealIDsAndAddsWhatAWSAdds() throws {
        let contents = try load("state.json")
        let inventory = Inventory(contents)
        #expect(contents.sources.first?.format == .terraformJSON)
        #expect(contents.sources.first?.region == "eu-west-1")
        #expect(contents.vpcs.map(\.id) == ["vpc-0a1"])
        #expect(contents.vpcs.first?.enableDnsHostnames == true)
        let table = try #require(inventory.routeTable(forSubnet: "subnet-01"))
        #expect(table.id == "rtb-01")
        #expect(table.routes.map(\.target) == [.local, .natGateway("nat-01"), .vpcEndpoint("vpce-s3")])
        #expect(table.routes.last?.destination == .prefixList("pl-6da54004"))
        #expect(inventory.mainRouteTable["vpc-0a1"].map { contents.routeTables[$0].id } == "rtb-main")
        let ssm = try #require(inventory.endpoint("vpce-ssm"))
        #expect(ssm.privateDNSEnabled && ssm.securityGroupIDs == ["sg-ep"])
        #expect(ssm.networkInterfaceIDs.compactMap { inventory.networkInterface($0)?.availabilityZone } == ["eu-west-1a"])
        #expect(inventory.endpoint("vpce-s3")?.policyDocument == #"{"Statement":[]}"#)
        #expect(inventory.securityGroup("sg-ep")?.ingress.first?.coversTCP(port: 443) == true)
    }

    @Test func planResolvesUnknownIDsFromTheConfigurationsReferences() throws {
        let contents = try load("plan.json")
        #expect(contents.subnets.map(\.vpcID) == ["aws_vpc.main", "aws_vpc.main"])
        let kms = try #require(contents.endpoints.first)
        #expect(kms.id == "aws_vpc_endpoint.kms")
        #expect(kms.vpcID == "aws_vpc.main")
        #expect(kms.subnetIDs == ["aws_subnet.private[0]", "aws_subnet.private[1]"])
        #expect(kms.securityGroupIDs.isEmpty)
        #expect(contents.unknowns["aws_vpc_endpoint.kms.securityGroupIDs"] == "aws_vpc_endpoint.kms.security_group_ids")
        #expect(contents.sources.first?.region == "eu-west-1")
    }

    @Test func otherJSONIsNotTerraform() throws {
        #expect(!TerraformJSONLoader.looksLikeTerraformJSON(Array(#"{"Vpcs": []}"#.utf8)))
        #expect(throws: LoadError.self) { try TerraformJSONLoader.load(bytes: Array(#"{"format_version": "1.0", "values": "#.utf8), path: "cut.json") }
    }
}
