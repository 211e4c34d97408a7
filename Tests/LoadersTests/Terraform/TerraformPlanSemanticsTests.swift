import Foundation
import Model
import Testing
@testable import Loaders

/// What vpcx gives for each plan-time construct, beside what `terraform plan` shows for it.
@Suite struct TerraformPlanSemanticsTests {
    enum Expected: CustomStringConvertible {
        /// Known, as plan shows it.
        case known(HCLValue)
        /// Plan shows "(known after apply)".
        case unknown
        /// Known because vpcx answered a data source locally; the assumption names the data source.
        case assumed(HCLValue, String)

        var description: String {
            switch self {
            case .known(let v): return "known \(v)"
            case .unknown: return "unknown"
            case .assumed(let v, let by): return "assumed \(v) (\(by))"
            }
        }
    }

    /// The configuration every construct is evaluated in.
    static let configuration = """
        provider "aws" {
          region = "eu-west-1"
        }
        variable "region" {
          type    = string
          default = null
        }
        variable "ipv6" {
          type    = string
          default = null
        }
        data "aws_availability_zones" "available" {
          exclude_names = ["eu-west-1c"]
        }
        data "aws_vpc_endpoint_service" "s3" {
          service      = "s3"
          service_type = "Gateway"
        }
        data "aws_vpc_endpoint_service" "logs" {
          service = "logs"
        }
        data "aws_vpc" "existing" {
          id = "vpc-0123"
        }
        data "aws_iam_policy_document" "read" {
          statement {
            actions   = ["s3:GetObject", "s3:ListBucket"]
            resources = ["*"]
          }
        }
        resource "aws_vpc" "v" {
          cidr_block      = "10.0.0.0/16"
          ipv6_cidr_block = var.ipv6
        }
        resource "aws_subnet" "s" {
          for_each   = toset(data.aws_availability_zones.available.names)
          vpc_id     = aws_vpc.v.id
          cidr_block = cidrsubnet(aws_vpc.v.cidr_block, 8, index(data.aws_availability_zones.available.names, each.key))
        }
        resource "aws_eks_cluster" "c" {
          name = "c"
          vpc_config {
            subnet_ids = values(aws_subnet.s)[*].id
          }
        }
        """

    static let table: [(construct: String, expected: Expected, plan: String)] = [
        ("data.aws_availability_zones.available.names", .assumed(.list([.string("eu-west-1a"), .string("eu-west-1b")]), "data.aws_availability_zones.available"),
         "the region's zones less exclude_names"),
        ("data.aws_vpc_endpoint_service.s3.service_name", .assumed(.string("com.amazonaws.eu-west-1.s3"), "data.aws_vpc_endpoint_service.s3"),
         "com.amazonaws.eu-west-1.s3"),
        ("data.aws_vpc_endpoint_service.logs.service_type", .assumed(.string("Interface"), "data.aws_vpc_endpoint_service.logs"), "Interface"),
        ("data.aws_iam_policy_document.read.json", .known(.string(#"{"Statement":[{"Action":["s3:GetObject","s3:ListBucket"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#)),
         "the policy JSON (evaluated at plan: it reads no AWS)"),
        ("data.aws_vpc.existing.id", .known(.string("vpc-0123")), "vpc-0123 (an argument reads back)"),
        ("data.aws_vpc.existing.cidr_block", .unknown, "read from AWS"),
        ("aws_vpc.v.cidr_block", .known(.string("10.0.0.0/16")), "10.0.0.0/16"),
        ("resource.aws_vpc.v.cidr_block", .known(.string("10.0.0.0/16")), "10.0.0.0/16"),
        ("aws_vpc.v.arn", .unknown, "(known after apply)"),
        ("aws_vpc.v.ipv6_cidr_block", .unknown, "(known after apply): optional and computed, set to null"),
        ("var.ipv6 == null", .known(.bool(true)), "true: a variable's null stays null"),
        ("var.region == null ? \"provider\" : var.region", .known(.string("provider")), "provider"),
        ("cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)", .unknown, "(known after apply)"),
        ("join(\",\", [aws_vpc.v.arn, \"x\"])", .unknown, "(known after apply)"),
        ("format(\"%s-a\", aws_vpc.v.arn)", .unknown, "(known after apply)"),
        ("coalesce(aws_vpc.v.arn, \"fallback\")", .unknown, "(known after apply)"),
        ("length(aws_subnet.s)", .known(.number(2)), "2"),
        ("aws_subnet.s[\"eu-west-1b\"].cidr_block", .known(.string("10.0.1.0/24")), "10.0.1.0/24"),
        ("aws_eks_cluster.c.vpc_config[0].cluster_security_group_id", .unknown, "(known after apply): a nested block's computed attribute"),
        ("length(aws_eks_cluster.c.vpc_config[0].subnet_ids)", .known(.number(2)), "2"),
        ("provider::aws::arn_parse(\"arn:aws:s3:::bucket\")", .unknown, "the provider's function result"),
        ("try(aws_vpc.v.no_such_attribute, \"fallback\")", .unknown, "(known after apply)"),
        ("can(regex(\"^eu-\", \"eu-west-1\"))", .known(.bool(true)), "true"),
        ("one(compact([\"\", \"a\"]))", .known(.string("a")), "a"),
        ("zipmap([\"a\", \"b\"], [1, 2])", .known(.object(["a": .number(1), "b": .number(2)])), "{a = 1, b = 2}"),
        ("transpose({a = [\"x\", \"y\"], b = [\"x\"]})", .known(.object(["x": .list([.string("a"), .string("b")]), "y": .list([.string("a")])])), "{x = [a, b], y = [a]}"),
        ("length(setproduct([\"a\", \"b\"], [1, 2, 3]))", .known(.number(6)), "6"),
        ("cidrhost(\"10.0.1.0/24\", 10)", .known(.string("10.0.1.10")), "10.0.1.10"),
        ("startswith(\"eu-west-1\", \"eu-\") && endswith(\"eu-west-1\", \"-1\") && strcontains(\"eu-west-1\", \"west\")", .known(.bool(true)), "true"),
        ("basename(\"/a/b/c.tf\")", .known(.string("c.tf")), "c.tf"),
    ]

    @Test func eachConstructGivesWhatPlanWould() throws {
        let dir = try TerraformFixtures.directory(["main.tf": Self.configuration])
        for (construct, expected, plan) in Self.table {
            let program = TerraformProgram(rootDirectory: dir)
            let root = TerraformModuleInstance(program: program, directory: dir, prefix: "", key: "", order: [], inputs: [:])
            let files = [(path: dir + "/main.tf", body: try HCLParser.parseFile(bytes: Array((Self.configuration + "\noutput \"x\" {\n  value = \(construct)\n}\n").utf8), path: dir + "/main.tf"))]
            try root.declare(files)
            try root.readProvider()
            try root.evaluateAll()
            let value = try root.output("x")
            switch expected {
            case .known(let v):
                #expect(HCLEvaluator.equal(value, v), "\(construct): vpcx gives \(value), plan shows \(plan)")
            case .unknown:
                #expect(value.firstUnknown != nil, "\(construct): vpcx gives \(value), plan shows \(plan)")
            case .assumed(let v, let by):
                #expect(HCLEvaluator.equal(value, v), "\(construct): vpcx gives \(value), plan shows \(plan)")
                #expect(program.assumptions.contains { $0.hasPrefix(by + ":") }, "\(construct): no assumption recorded for \(by)")
            }
        }
    }

    @Test func aCountStillUnknownIsTerraformsOwnError() throws {
        let dir = try TerraformFixtures.directory(["main.tf": """
            data "aws_subnets" "private" {}
            resource "aws_route_table" "r" {
              count = length(data.aws_subnets.private.ids)
            }
            """])
        #expect {
            try TerraformLoader.load(path: dir)
        } throws: { error in
            (error as? LoadError)?.description.contains("main.tf:3:3: error: Invalid count argument: the count of aws_route_table.r depends on data.aws_subnets.private.ids") == true
        }
    }

    @Test func aModuleRoundTripIsNotACycle() throws {
        // The group reads the module's VPC ID; the module reads the group's ID through another input.
        let dir = try TerraformFixtures.directory([
            "main.tf": """
                module "vpc" {
                  source = "./vpc"
                  sg_ids = [aws_security_group.s.id]
                }
                resource "aws_security_group" "s" {
                  vpc_id = module.vpc.vpc_id
                }
                """,
            "vpc/main.tf": """
                variable "sg_ids" {
                  type = list(string)
                }
                resource "aws_vpc" "v" {
                  cidr_block = "10.0.0.0/16"
                }
                resource "aws_vpc_endpoint" "e" {
                  vpc_id             = aws_vpc.v.id
                  service_name       = "com.amazonaws.eu-west-1.sts"
                  vpc_endpoint_type  = "Interface"
                  security_group_ids = var.sg_ids
                }
                output "vpc_id" {
                  value = aws_vpc.v.id
                }
                """,
        ])
        let inventory = Inventory(try TerraformLoader.load(path: dir))
        #expect(inventory.securityGroup("aws_security_group.s")?.vpcID == "module.vpc.aws_vpc.v")
        #expect(inventory.endpoint("module.vpc.aws_vpc_endpoint.e")?.securityGroupIDs == ["aws_security_group.s"])
    }

    @Test func aRealCycleIsStillOne() throws {
        let dir = try TerraformFixtures.directory(["main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"])
        #expect {
            try TerraformLoader.load(path: dir)
        } throws: { error in
            (error as? LoadError)?.description.contains("cycle: local.a -> local.b -> local.a") == true
        }
    }

    @Test func theDefaultVPCAndItsResourcesAreWhatAWSCreated() throws {
        let dir = try TerraformFixtures.directory(["main.tf": """
            resource "aws_default_vpc" "this" {
              tags = { Name = "default" }
            }
            resource "aws_default_subnet" "a" {
              availability_zone = "eu-west-1a"
            }
            resource "aws_default_security_group" "this" {
              vpc_id = aws_default_vpc.this.id
            }
            resource "aws_vpc_endpoint" "sts" {
              vpc_id            = aws_default_vpc.this.id
              service_name      = "com.amazonaws.eu-west-1.sts"
              vpc_endpoint_type = "Interface"
              subnet_ids        = [aws_default_subnet.a.id]
            }
            """])
        let contents = try TerraformLoader.load(path: dir)
        let inventory = Inventory(contents)
        let vpc = try #require(inventory.vpc("aws_default_vpc.this"))
        #expect(vpc.isDefault && vpc.cidr?.description == "172.31.0.0/16")
        #expect(inventory.subnet("aws_default_subnet.a")?.vpcID == vpc.id)
        #expect(inventory.unknown("aws_default_subnet.a", "cidr") != nil)
        // The managed default group has no rules left; the endpoint given no group gets it.
        let group = try #require(inventory.securityGroups.first { $0.vpcID == vpc.id && $0.name == "default" })
        #expect(group.ingress.isEmpty)
        #expect(inventory.endpoint("aws_vpc_endpoint.sts")?.securityGroupIDs == [group.id])
        #expect(inventory.mainRouteTable[vpc.id].map { inventory.routeTables[$0].routes.contains { $0.destination == .cidr(.anywhere) } } == true)
        #expect(contents.assumptions.contains { $0.hasPrefix("aws_default_vpc.this: the default VPC") })
    }
}
