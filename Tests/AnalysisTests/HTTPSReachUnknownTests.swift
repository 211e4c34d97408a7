import Foundation
import Testing
@testable import Analysis
@testable import Loaders
import Model

/// A spec whose endpoint's security groups are only known after apply: the 443 check says unknown,
/// never "the endpoint has no security group".
@Suite struct HTTPSReachUnknownTests {
    @Test func unknownGroupsAreUnknownForHTTPS() throws {
        let dir = NSTemporaryDirectory() + "vpcx-reach-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            data "aws_security_group" "shared" {
              name = "shared-endpoints"
            }
            resource "aws_vpc" "v" {
              cidr_block = "10.0.0.0/16"
            }
            resource "aws_subnet" "a" {
              vpc_id            = aws_vpc.v.id
              cidr_block        = "10.0.1.0/24"
              availability_zone = "eu-west-1a"
            }
            resource "aws_vpc_endpoint" "sts" {
              vpc_id             = aws_vpc.v.id
              service_name       = "com.amazonaws.eu-west-1.sts"
              vpc_endpoint_type  = "Interface"
              subnet_ids         = [aws_subnet.a.id]
              security_group_ids = [data.aws_security_group.shared.id]
            }
            """.write(toFile: dir + "/main.tf", atomically: true, encoding: .utf8)
        let inventory = Inventory(try TerraformLoader.load(path: dir))
        let endpoint = try #require(inventory.endpoint("aws_vpc_endpoint.sts"))
        #expect(endpoint.securityGroupIDs.isEmpty)
        let reach = HTTPSReach.check(endpoint, from: try #require(IPv4CIDR("10.0.1.0/24")), in: inventory)
        guard case .unknown(let reason) = reach else {
            Issue.record("expected unknown, got \(reach)")
            return
        }
        #expect(reason.contains("not known before apply (data.aws_security_group.shared.id)"))
    }
}
