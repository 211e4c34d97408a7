import Foundation
import Model
import Testing
@testable import Loaders

/// Where the test fixtures are, found from this file (works with and without the bundle copy).
enum TerraformFixtures {
    static let root: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// Writes files into a fresh temporary directory and returns its path.
    static func directory(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vpcx-tf-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return dir
    }
}

@Suite struct TerraformSeedModuleTests {
    let contents: InventoryContents
    let inventory: Inventory

    init() throws {
        contents = try TerraformLoader.load(path: TerraformFixtures.path("terraform/seed-module"))
        inventory = Inventory(contents)
    }

    @Test func oneVPCWithBothDNSAttributesOn() throws {
        #expect(contents.vpcs.count == 1)
        let vpc = try #require(contents.vpcs.first)
        #expect(vpc.id == "aws_vpc.main")
        #expect(vpc.cidr?.description == "10.0.0.0/16")
        #expect(vpc.enableDnsSupport == true)
        #expect(vpc.enableDnsHostnames == true)
        #expect(vpc.name == "main-vpc")
        #expect(vpc.region == "eu-west-1")
        #expect(contents.sources.first?.format == .terraform)
        #expect(contents.sources.first?.region == "eu-west-1")
        #expect(contents.known == Set(ResourceKind.allCases))
    }

    @Test func sixSubnetsInThreeAZsWithTheCIDRsCidrsubnetGives() {
        let byID = Dictionary(uniqueKeysWithValues: contents.subnets.map { ($0.id, $0) })
        #expect(contents.subnets.count == 6)
        for (i, az) in ["a", "b", "c"].enumerated() {
            let privateSubnet = byID["aws_subnet.private[\(i)]"]
            let publicSubnet = byID["aws_subnet.public[\(i)]"]
            #expect(privateSubnet?.cidr?.description == "10.0.\(i + 1).0/24")
            #expect(publicSubnet?.cidr?.description == "10.0.\(i + 101).0/24")
            #expect(privateSubnet?.availabilityZone == "eu-west-1\(az)")
            #expect(privateSubnet?.name == "private-\(az)")
            #expect(publicSubnet?.mapPublicIPOnLaunch == true)
            #expect(privateSubnet?.vpcID == "aws_vpc.main")
        }
    }

    @Test func threeNATGatewaysInThePublicSubnets() {
        #expect(contents.natGateways.map(\.subnetID) == ["aws_subnet.public[0]", "aws_subnet.public[1]", "aws_subnet.public[2]"])
        #expect(contents.natGateways.allSatisfy { $0.connectivityType == "public" && $0.vpcID == "aws_vpc.main" })
    }

    @Test func publicAndPrivateRouteTables() throws {
        let publicTable = try #require(inventory.routeTable(forSubnet: "aws_subnet.public[1]"))
        #expect(publicTable.id == "aws_route_table.public")
        #expect(publicTable.routes.contains { $0.destination == .cidr(.anywhere) && $0.target == .internetGateway("aws_internet_gateway.main") })
        #expect(publicTable.routes.contains { $0.target == .local })
        for i in 0..<3 {
            let table = try #require(inventory.routeTable(forSubnet: "aws_subnet.private[\(i)]"))
            #expect(table.id == "aws_route_table.private[\(i)]")
            #expect(table.routes.contains { $0.destination == .cidr(.anywhere) && $0.target == .natGateway("aws_nat_gateway.main[\(i)]") })
        }
        let main = try #require(inventory.mainRouteTable["aws_vpc.main"].map { contents.routeTables[$0] })
        #expect(main.id == "aws_vpc.main (main route table)")
        #expect(inventory.internetGateways(in: "aws_vpc.main").count == 1)
    }

    @Test func gatewayEndpointsOnTheThreePrivateRouteTables() throws {
        for service in ["s3", "dynamodb"] {
            let endpoint = try #require(contents.endpoints.first { $0.service == service })
            #expect(endpoint.id == "module.vpc_endpoints.aws_vpc_endpoint.\(service)[0]")
            #expect(endpoint.kind == .gateway)
            #expect(endpoint.serviceName == "com.amazonaws.eu-west-1.\(service)")
            #expect(endpoint.routeTableIDs == (0..<3).map { "aws_route_table.private[\($0)]" })
            let prefixList = try #require(contents.prefixLists.first { $0.name == endpoint.serviceName })
            #expect(prefixList.service == service)
            for i in 0..<3 {
                let table = try #require(inventory.routeTable("aws_route_table.private[\(i)]"))
                #expect(table.routes.contains { $0.destination == .prefixList(prefixList.id) && $0.target == .vpcEndpoint(endpoint.id) })
            }
            #expect(inventory.routeTable("aws_route_table.public")?.routes.contains { $0.target == .vpcEndpoint(endpoint.id) } == false)
        }
    }

    @Test func sevenInterfaceEndpointsInTheThreePrivateSubnets() throws {
        let interfaces = contents.endpoints.filter { $0.kind == .interface }
        #expect(interfaces.map(\.service).sorted() == ["ec2messages", "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages"])
        let kms = #"module.vpc_endpoints.aws_vpc_endpoint.interface["ecr.api"]"#
        #expect(interfaces.contains { $0.id == kms })
        for endpoint in interfaces {
            #expect(endpoint.privateDNSEnabled)
            #expect(endpoint.subnetIDs == (0..<3).map { "aws_subnet.private[\($0)]" })
            #expect(endpoint.securityGroupIDs == ["module.vpc_endpoints.aws_security_group.vpc_endpoints"])
            #expect(endpoint.networkInterfaceIDs.count == 3)
            let azs = endpoint.networkInterfaceIDs.compactMap { inventory.networkInterface($0)?.availabilityZone }
            #expect(azs == ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
            #expect(endpoint.policyDocument == nil)
        }
        let eni = try #require(contents.networkInterfaces.first)
        #expect(eni.privateIP == nil)
        #expect(inventory.unknown(eni.id, "privateIP") != nil)
    }

    @Test func endpointSecurityGroupAllowsHTTPSFromTheVPC() throws {
        let group = try #require(inventory.securityGroup("module.vpc_endpoints.aws_security_group.vpc_endpoints"))
        #expect(group.name == "vpc-endpoints")
        #expect(group.vpcID == "aws_vpc.main")
        #expect(group.ingress.count == 1)
        let rule = try #require(group.ingress.first)
        #expect(rule.coversTCP(port: 443))
        #expect(!rule.coversTCP(port: 80))
        #expect(rule.cidrs == [IPv4CIDR("10.0.0.0/16")!])
        #expect(rule.description == "HTTPS from VPC")
    }

    @Test func variablesChangeTheNetwork() throws {
        let changed = try TerraformLoader.load(path: TerraformFixtures.path("terraform/seed-module"),
                                               variables: ["vpc_cidr": "172.16.0.0/16", "azs": #"["us-east-1a", "us-east-1b"]"#,
                                                           "aws_region": "us-east-1"])
        #expect(changed.vpcs.first?.cidr?.description == "172.16.0.0/16")
        #expect(changed.subnets.count == 4)
        #expect(changed.subnets.first?.cidr?.description == "172.16.1.0/24")
        #expect(changed.endpoints.first { $0.service == "s3" }?.serviceName == "com.amazonaws.us-east-1.s3")
        #expect(changed.endpoints.filter { $0.kind == .interface }.allSatisfy { $0.networkInterfaceIDs.count == 2 })
    }
}
