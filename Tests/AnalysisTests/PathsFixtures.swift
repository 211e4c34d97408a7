import Analysis
import Foundation
import Loaders
import Model

/// Inventories for path tests: the copied AWS CLI fixtures, and small networks built in code.
enum PathsFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/aws-cli").path

    static func blog() throws -> Inventory { try SourceLoader.load([root + "/blog-eu-west-1"]) }
    static func broken() throws -> Inventory { try SourceLoader.load([root + "/broken-us-east-1"]) }

    static func cidr(_ text: String) -> IPv4CIDR { IPv4CIDR(text) ?? .anywhere }
    static func ip(_ text: String) -> IPv4Address? { IPv4Address(text) }

    /// One VPC (10.1.0.0/16, DNS on) with a private subnet in AZ a (10.1.1.0/24, explicit table
    /// rtb-private → nat-1) and b (10.1.2.0/24, on the main table rtb-main, local only), a public
    /// subnet (10.1.100.0/24, rtb-public → igw-1), NAT nat-1 in the public subnet, and every kind known.
    static func small() -> InventoryContents {
        var c = InventoryContents()
        c.known = Set(ResourceKind.allCases)
        c.vpcs = [VPC(id: "vpc-1", region: "eu-west-1", cidr: cidr("10.1.0.0/16"), enableDnsSupport: true, enableDnsHostnames: true)]
        c.subnets = [
            Subnet(id: "subnet-a", vpcID: "vpc-1", availabilityZone: "eu-west-1a", cidr: cidr("10.1.1.0/24"), tags: [Tag(key: "Name", value: "app-a")]),
            Subnet(id: "subnet-b", vpcID: "vpc-1", availabilityZone: "eu-west-1b", cidr: cidr("10.1.2.0/24"), tags: [Tag(key: "Name", value: "app-b")]),
            Subnet(id: "subnet-pub", vpcID: "vpc-1", availabilityZone: "eu-west-1a", cidr: cidr("10.1.100.0/24"), mapPublicIPOnLaunch: true),
        ]
        let local = Route(destination: .cidr(cidr("10.1.0.0/16")), target: .local)
        c.routeTables = [
            RouteTable(id: "rtb-main", vpcID: "vpc-1", routes: [local], associations: [RouteTableAssociation(subnetID: nil, isMain: true)]),
            RouteTable(id: "rtb-private", vpcID: "vpc-1",
                       routes: [local, Route(destination: .cidr(.anywhere), target: .natGateway("nat-1"))],
                       associations: [RouteTableAssociation(subnetID: "subnet-a", isMain: false)]),
            RouteTable(id: "rtb-public", vpcID: "vpc-1",
                       routes: [local, Route(destination: .cidr(.anywhere), target: .internetGateway("igw-1"))],
                       associations: [RouteTableAssociation(subnetID: "subnet-pub", isMain: false)]),
        ]
        c.natGateways = [NATGateway(id: "nat-1", vpcID: "vpc-1", subnetID: "subnet-pub")]
        c.internetGateways = [InternetGateway(id: "igw-1", attachedVPCIDs: ["vpc-1"])]
        c.securityGroups = [SecurityGroup(id: "sg-ep", name: "endpoints", vpcID: "vpc-1",
                                          ingress: [SecurityGroupRule(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: [cidr("10.1.0.0/16")])])]
        c.prefixLists = [PrefixList(id: "pl-s3", name: "com.amazonaws.eu-west-1.s3")]
        return c
    }

    /// An interface endpoint for `service` with an ENI in each given AZ (subnet-a for a, subnet-b for b).
    static func interfaceEndpoint(_ service: String, id: String = "vpce-if", zones: [String] = ["a", "b"], state: String = "available",
                                  privateDNS: Bool = true, groups: [String] = ["sg-ep"], into c: inout InventoryContents) {
        var enis: [String] = []
        for (i, zone) in zones.enumerated() {
            let eni = "eni-\(id)-\(zone)"
            c.networkInterfaces.append(NetworkInterface(id: eni, vpcID: "vpc-1", subnetID: "subnet-\(zone)",
                                                        availabilityZone: "eu-west-1\(zone)", privateIP: ip("10.1.\(zone == "a" ? 1 : 2).\(50 + i)"),
                                                        interfaceType: "vpc_endpoint"))
            enis.append(eni)
        }
        c.endpoints.append(VPCEndpoint(id: id, vpcID: "vpc-1", kind: .interface, serviceName: "com.amazonaws.eu-west-1.\(service)",
                                       state: state, subnetIDs: zones.map { "subnet-\($0)" }, securityGroupIDs: groups,
                                       privateDNSEnabled: privateDNS, networkInterfaceIDs: enis))
    }
}
