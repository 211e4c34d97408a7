import Foundation
import Model
import Testing
@testable import Loaders

/// `vpcx INVENTORY SPEC`: a spec that adds endpoints to a VPC of the inventory shows the inventory with
/// the spec applied, its resources marked planned.
@Suite struct TerraformAfterApplyTests {
    static let inventoryPath = TerraformFixtures.path("aws-cli/blog-eu-west-1")
    static let spec = """
        data "aws_vpc" "main" {
          tags = { Name = "main-vpc" }
        }
        data "aws_subnets" "private" {
          filter {
            name   = "vpc-id"
            values = [data.aws_vpc.main.id]
          }
          filter {
            name   = "tag:Name"
            values = ["private-*"]
          }
        }
        data "aws_route_tables" "private" {
          vpc_id = data.aws_vpc.main.id
          filter {
            name   = "tag:Name"
            values = ["private-*"]
          }
        }
        resource "aws_vpc_endpoint" "sqs" {
          vpc_id              = data.aws_vpc.main.id
          service_name        = "com.amazonaws.eu-west-1.sqs"
          vpc_endpoint_type   = "Interface"
          subnet_ids          = data.aws_subnets.private.ids
          private_dns_enabled = true
        }
        resource "aws_vpc_endpoint" "kinesis" {
          vpc_id             = var.vpc_id
          service_name       = "com.amazonaws.eu-west-1.kinesis-streams"
          vpc_endpoint_type  = "Interface"
          subnet_ids         = slice(data.aws_subnets.private.ids, 0, 1)
          security_group_ids = [aws_security_group.kinesis.id]
        }
        resource "aws_security_group" "kinesis" {
          name   = "kinesis"
          vpc_id = var.vpc_id
        }
        variable "vpc_id" {
          type = string
        }
        """

    @Test func theSpecsEndpointsJoinTheInventorysVPCMarkedPlanned() throws {
        let specDir = try TerraformFixtures.directory(["main.tf": Self.spec])
        let contents = try SourceLoader.loadContents([Self.inventoryPath, specDir],
                                                     options: LoadOptions(variables: ["vpc_id": "vpc-24a5f259ef29682f9"]))
        let inventory = Inventory(contents)
        #expect(inventory.vpcs.count == 1)
        let sqs = try #require(inventory.endpoint("aws_vpc_endpoint.sqs"))
        #expect(sqs.vpcID == "vpc-24a5f259ef29682f9")
        #expect(Set(sqs.subnetIDs) == ["subnet-e58e4935e7c5f1654", "subnet-7b1ccbbbd133e9170", "subnet-18a70d9bf8f253635"])
        // No security group given: AWS attaches the VPC's default one.
        let defaultGroup = try #require(inventory.securityGroups.first { $0.vpcID == sqs.vpcID && $0.name == "default" })
        #expect(sqs.securityGroupIDs == [defaultGroup.id])
        #expect(Set(sqs.networkInterfaceIDs.compactMap { inventory.networkInterface($0)?.availabilityZone }) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        let kinesis = try #require(inventory.endpoint("aws_vpc_endpoint.kinesis"))
        #expect(kinesis.subnetIDs.count == 1 && kinesis.securityGroupIDs == ["aws_security_group.kinesis"])

        #expect(contents.planned.isSuperset(of: ["aws_vpc_endpoint.sqs", "aws_vpc_endpoint.kinesis", "aws_security_group.kinesis"]))
        #expect(!contents.planned.contains("vpc-24a5f259ef29682f9"))
        #expect(!contents.planned.contains("vpce-d92fb38065fbf700d"))
        // The inventory's own endpoints are all still there.
        #expect(inventory.endpoints.count == 13)
        #expect(contents.assumptions.contains("data.aws_vpc.main: the VPC vpc-24a5f259ef29682f9, from the inventory"))
        #expect(contents.assumptions.contains("data.aws_subnets.private: 3 subnets, from the inventory"))
    }

    @Test func aGatewayEndpointAddsItsRouteToTheExistingTables() throws {
        let specDir = try TerraformFixtures.directory(["main.tf": """
            data "aws_vpc" "main" {
              id = "vpc-24a5f259ef29682f9"
            }
            data "aws_route_tables" "private" {
              vpc_id = data.aws_vpc.main.id
              filter {
                name   = "tag:Name"
                values = ["private-a"]
              }
            }
            resource "aws_vpc_endpoint" "s3_extra" {
              vpc_id            = data.aws_vpc.main.id
              service_name      = "com.amazonaws.eu-west-1.s3"
              vpc_endpoint_type = "Gateway"
              route_table_ids   = data.aws_route_tables.private.ids
            }
            """])
        let inventory = Inventory(try SourceLoader.loadContents([Self.inventoryPath, specDir]))
        let table = try #require(inventory.routeTable("rtb-1d3a5b0fb2f474bb3"))
        #expect(table.routes.contains { $0.target == .vpcEndpoint("aws_vpc_endpoint.s3_extra") })
        #expect(inventory.contents.planned.contains("aws_vpc_endpoint.s3_extra"))
    }
}
