import Foundation
import Model

/// Small networks built in code for the cost and findings tests: one VPC (`vpc-t`, 10.0.0.0/16) with
/// private subnets in the AZs asked for, each routed to one NAT gateway, and the endpoints given.
struct TestNetwork {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/aws-cli").path
    static let blog = fixtures + "/blog-eu-west-1"
    static let broken = fixtures + "/broken-us-east-1"

    var contents = InventoryContents()
    let region = "us-east-1"

    init(azs: [String] = ["a", "b", "c"], nat: Bool = true, dnsSupport: Bool? = true, dnsHostnames: Bool? = true) {
        contents.known = Set(ResourceKind.allCases)
        contents.vpcs = [VPC(id: "vpc-t", region: region, cidr: IPv4CIDR("10.0.0.0/16"), tags: [Tag(key: "Name", value: "test")],
                             enableDnsSupport: dnsSupport, enableDnsHostnames: dnsHostnames)]
        contents.internetGateways = [InternetGateway(id: "igw-t", attachedVPCIDs: ["vpc-t"])]
        contents.subnets.append(Subnet(id: "subnet-pub", vpcID: "vpc-t", availabilityZone: "us-east-1a", cidr: IPv4CIDR("10.0.100.0/24")))
        contents.routeTables.append(RouteTable(id: "rtb-pub", vpcID: "vpc-t", routes: [
            Route(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), target: .local),
            Route(destination: .cidr(.anywhere), target: .internetGateway("igw-t")),
        ], associations: [RouteTableAssociation(subnetID: "subnet-pub", isMain: false)]))
        if nat { contents.natGateways = [NATGateway(id: "nat-t", vpcID: "vpc-t", subnetID: "subnet-pub")] }
        for (i, az) in azs.enumerated() {
            let id = "subnet-\(az)"
            contents.subnets.append(Subnet(id: id, vpcID: "vpc-t", availabilityZone: "us-east-1\(az)",
                                           cidr: IPv4CIDR("10.0.\(i + 1).0/24"), tags: [Tag(key: "Name", value: "app-\(az)")]))
            var routes = [Route(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), target: .local)]
            if nat { routes.append(Route(destination: .cidr(.anywhere), target: .natGateway("nat-t"))) }
            contents.routeTables.append(RouteTable(id: "rtb-\(az)", vpcID: "vpc-t", routes: routes,
                                                   associations: [RouteTableAssociation(subnetID: id, isMain: false)]))
        }
        contents.securityGroups = [
            SecurityGroup(id: "sg-ok", name: "endpoints", vpcID: "vpc-t",
                          ingress: [SecurityGroupRule(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: [IPv4CIDR("10.0.0.0/16")!])]),
            SecurityGroup(id: "sg-wrong", name: "wrong", vpcID: "vpc-t",
                          ingress: [SecurityGroupRule(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrs: [IPv4CIDR("10.99.0.0/16")!])]),
        ]
    }

    /// An interface endpoint with an ENI in each AZ asked for.
    mutating func interface(_ service: String, azs: [String] = ["a", "b", "c"], state: String = "available",
                            privateDNS: Bool = true, groups: [String] = ["sg-ok"]) {
        let id = "vpce-\(service.replacingOccurrences(of: ".", with: "-"))"
        var enis: [String] = []
        for az in azs {
            let eni = "eni-\(id)-\(az)"
            enis.append(eni)
            contents.networkInterfaces.append(NetworkInterface(id: eni, vpcID: "vpc-t", subnetID: "subnet-\(az)",
                                                               availabilityZone: "us-east-1\(az)", privateIP: nil,
                                                               interfaceType: "vpc_endpoint"))
        }
        contents.endpoints.append(VPCEndpoint(id: id, vpcID: "vpc-t", kind: .interface, serviceName: "com.amazonaws.\(region).\(service)",
                                              state: state, subnetIDs: azs.map { "subnet-\($0)" }, securityGroupIDs: groups,
                                              privateDNSEnabled: privateDNS, networkInterfaceIDs: enis))
    }

    /// A gateway endpoint on the route tables of the AZs asked for (with its prefix-list routes).
    mutating func gateway(_ service: String, tables: [String] = ["a", "b", "c"]) {
        let id = "vpce-\(service)"
        let list = "pl-\(service)"
        contents.prefixLists.append(PrefixList(id: list, name: "com.amazonaws.\(region).\(service)"))
        contents.endpoints.append(VPCEndpoint(id: id, vpcID: "vpc-t", kind: .gateway, serviceName: "com.amazonaws.\(region).\(service)",
                                              routeTableIDs: tables.map { "rtb-\($0)" }))
        for az in tables {
            if let i = contents.routeTables.firstIndex(where: { $0.id == "rtb-\(az)" }) {
                contents.routeTables[i].routes.append(Route(destination: .prefixList(list), target: .vpcEndpoint(id)))
            }
        }
    }

    var inventory: Inventory { Inventory(contents) }
}
