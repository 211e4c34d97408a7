import Foundation
import Model
import Testing
@testable import Loaders

/// A root written the way the community VPC module is used: the module from the registry (installed
/// under `.terraform/modules`, found through `modules.json`), AZs from `aws_availability_zones`, the
/// endpoints submodule reading `aws_vpc_endpoint_service`, a security group round-tripping through the
/// module, an override file and a `.tf.json` file. What `terraform plan` would create is what loads.
@Suite struct TerraformCommunityTests {
    static let root = TerraformFixtures.path("terraform/community")
    let contents: InventoryContents
    let inventory: Inventory

    init() throws {
        contents = try TerraformLoader.load(path: Self.root)
        inventory = Inventory(contents)
    }

    @Test func oneVPCWithSubnetsInEachZoneTheDataSourceGives() throws {
        #expect(inventory.vpcs.count == 1)
        let vpc = try #require(inventory.vpcs.first)
        #expect(vpc.id == "module.vpc.aws_vpc.this[0]")
        #expect(vpc.cidr?.description == "10.0.0.0/16")
        #expect(vpc.region == "eu-west-1")
        let subnets = inventory.subnets(in: vpc.id)
        #expect(subnets.count == 6)
        #expect(Set(subnets.compactMap(\.availabilityZone)) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        #expect(inventory.subnet("module.vpc.aws_subnet.private[\"eu-west-1b\"]")?.cidr?.description == "10.0.1.0/24")
        #expect(inventory.subnet("module.vpc.aws_subnet.public[\"eu-west-1c\"]")?.cidr?.description == "10.0.50.0/24")
    }

    @Test func theOverrideFileMakesTheNATGatewaySingle() {
        #expect(inventory.natGateways.map(\.id) == ["module.vpc.aws_nat_gateway.this[\"eu-west-1a\"]"])
        // One private route table (one per NAT gateway), the public one, and the VPC's main one.
        #expect(inventory.routeTables.count == 3)
        let privateTable = inventory.routeTable("module.vpc.aws_route_table.private[\"eu-west-1a\"]")
        #expect(privateTable?.associations.compactMap(\.subnetID).count == 3)
    }

    @Test func endpointsByTypeWithServiceNamesFromTheDataSource() throws {
        let gateways = inventory.endpoints.filter { $0.kind == .gateway }.map(\.serviceName).sorted()
        let interfaces = inventory.endpoints.filter { $0.kind == .interface }.map(\.serviceName).sorted()
        #expect(gateways == ["com.amazonaws.eu-west-1.dynamodb", "com.amazonaws.eu-west-1.s3"])
        #expect(interfaces == ["com.amazonaws.eu-west-1.ecr.api", "com.amazonaws.eu-west-1.ecr.dkr", "com.amazonaws.eu-west-1.sts"])
        let s3 = try #require(inventory.endpoint("module.vpc_endpoints.aws_vpc_endpoint.this[\"s3\"]"))
        #expect(Set(s3.routeTableIDs) == ["module.vpc.aws_route_table.private[\"eu-west-1a\"]", "module.vpc.aws_route_table.public[0]"])
        let ecr = try #require(inventory.endpoint("module.vpc_endpoints.aws_vpc_endpoint.this[\"ecr_api\"]"))
        #expect(ecr.securityGroupIDs == ["aws_security_group.endpoints"])
        #expect(ecr.subnetIDs.count == 3)
    }

    @Test func thePolicyDocumentIsEvaluatedIntoTheEndpointPolicy() throws {
        let ecr = try #require(inventory.endpoint("module.vpc_endpoints.aws_vpc_endpoint.this[\"ecr_api\"]"))
        let policy = try #require(ecr.policyDocument)
        #expect(policy.contains("\"aws:PrincipalAccount\":\"123456789012\""))
        #expect(policy.contains("\"Sid\":\"OnlyThisAccount\""))
        #expect(policy.contains("\"Version\":\"2012-10-17\""))
    }

    @Test func theSecurityGroupThatRoundTripsThroughTheModuleAllowsHTTPS() throws {
        let group = try #require(inventory.securityGroup("aws_security_group.endpoints"))
        #expect(group.vpcID == "module.vpc.aws_vpc.this[0]")
        #expect(group.ingress.first?.cidrs.map(\.description) == ["10.0.0.0/16"])
        #expect(group.ingress.first?.fromPort == 443 && group.ingress.first?.toPort == 443)
    }

    @Test func everyAssumptionIsListed() {
        #expect(contents.assumptions.contains {
            $0.hasPrefix("data.aws_availability_zones.available:") && $0.contains("eu-west-1a, eu-west-1b, eu-west-1c")
        })
        #expect(contents.assumptions.contains { $0.contains("placeholder account") })
        #expect(contents.assumptions.contains {
            $0.hasPrefix("module.vpc_endpoints.data.aws_vpc_endpoint_service.this[\"s3\"]") && $0.contains("Gateway")
        })
        #expect(contents.sources.first?.gaps == [])
    }

    @Test func zonesOnTheCommandLineOverrideTheRegionsZones() throws {
        let two = Inventory(try TerraformLoader.load(path: Self.root, zones: ["2"]))
        #expect(two.subnets.count == 4)
        let named = try TerraformLoader.load(path: Self.root, zones: ["b", "c"])
        #expect(Set(named.subnets.compactMap(\.availabilityZone)) == ["eu-west-1b", "eu-west-1c"])
        #expect(named.assumptions.contains { $0.contains("the zones given by --azs") })
    }

    @Test func aModuleNotInstalledIsAGapNamingItNeverASilentlyEmptyNetwork() throws {
        let copy = try TerraformFixtures.directory([
            "main.tf": try String(contentsOfFile: Self.root + "/main.tf", encoding: .utf8),
        ])
        let loaded = try TerraformLoader.load(path: copy)
        let gaps = loaded.sources.first?.gaps ?? []
        #expect(gaps.contains { $0.hasPrefix("module.vpc (example-org/vpc/aws) is not installed") && $0.contains("terraform init") })
        #expect(gaps.contains { $0.hasPrefix("module.vpc_endpoints (example-org/vpc/aws//modules/vpc-endpoints)") })
        #expect(loaded.vpcs.isEmpty)
    }

    @Test func anErrorInsideAModuleNamesTheModuleInstanceAndItsFile() throws {
        let dir = try TerraformFixtures.directory([
            "main.tf": "module \"vpc_issue_46\" {\n  source = \"./modules/vpc\"\n}\n",
            "modules/vpc/main.tf": "resource \"aws_vpc\" \"this\" {\n  cidr_block = \"10.0.0.0/33\"\n}\n",
        ])
        #expect {
            try TerraformLoader.load(path: dir)
        } throws: { error in
            let text = (error as? LoadError)?.description ?? ""
            return text.contains("modules/vpc/main.tf:2:3: error:") && text.contains("not an IPv4 CIDR block")
                && text.contains("(in module.vpc_issue_46)")
        }
    }
}

