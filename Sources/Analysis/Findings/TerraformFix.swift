import Model

/// Terraform snippets for findings' fixes, with the network's real IDs so they can be pasted.
enum TerraformFix {
    /// A Terraform resource name from a service (`ecr.dkr` → `ecr_dkr`).
    static func name(_ service: String) -> String {
        String(service.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    static func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }

    /// A gateway endpoint (s3, dynamodb) on the given route tables.
    static func gatewayEndpoint(service: String, vpc: String, region: String, routeTables: [String]) -> String {
        """
        resource "aws_vpc_endpoint" "\(name(service))" {
          vpc_id            = "\(vpc)"
          service_name      = "\(ServiceName.full(service, region: region))"
          vpc_endpoint_type = "Gateway"
          route_table_ids   = \(list(routeTables))
        }
        """
    }

    /// An interface endpoint in the given subnets with the given security groups.
    static func interfaceEndpoint(service: String, vpc: String, region: String, subnets: [String], securityGroups: [String]) -> String {
        let groups = securityGroups.isEmpty ? "[aws_security_group.vpc_endpoints.id]" : list(securityGroups)
        return """
        resource "aws_vpc_endpoint" "\(name(service))" {
          vpc_id              = "\(vpc)"
          service_name        = "\(ServiceName.full(service, region: region))"
          vpc_endpoint_type   = "Interface"
          subnet_ids          = \(list(subnets))
          security_group_ids  = \(groups)
          private_dns_enabled = true
        }
        """
    }
}

/// Facts about a VPC that several rules use.
struct VPCFacts {
    let inventory: Inventory
    let vpc: VPC
    let region: String
    /// Endpoints that exist (not deleted), in inventory order.
    let endpoints: [VPCEndpoint]
    let privateSubnets: [Subnet]

    init(_ inventory: Inventory, _ vpc: VPC) {
        self.inventory = inventory
        self.vpc = vpc
        endpoints = inventory.endpoints(in: vpc.id).filter { !["deleted", "deleting"].contains($0.state) }
        privateSubnets = inventory.privateSubnets(in: vpc.id)
        region = vpc.region ?? inventory.region ?? endpoints.lazy.compactMap { ServiceName.region($0.serviceName) }.first ?? "REGION"
    }

    /// Every VPC of a network, plus stubs for VPC IDs only endpoints name.
    static func all(_ inventory: Inventory) -> [VPCFacts] {
        var vpcs = inventory.vpcs
        var seen = Set(vpcs.map(\.id))
        for endpoint in inventory.endpoints where !seen.contains(endpoint.vpcID) {
            seen.insert(endpoint.vpcID)
            vpcs.append(VPC(id: endpoint.vpcID, cidr: nil))
        }
        return vpcs.map { VPCFacts(inventory, $0) }
    }

    func endpoints(for service: String) -> [VPCEndpoint] { endpoints.filter { $0.service == service } }
    func has(_ service: String) -> Bool { endpoints.contains { $0.service == service } }

    /// Route tables the private subnets use, in first-use order.
    var privateRouteTables: [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for subnet in privateSubnets {
            if let table = inventory.routeTable(forSubnet: subnet.id), seen.insert(table.id).inserted { result.append(table.id) }
        }
        return result
    }

    /// Whether some private subnet's default route goes to a NAT gateway.
    var privateSubnetsUseNAT: Bool {
        privateSubnets.contains { subnet in
            guard let table = inventory.routeTable(forSubnet: subnet.id), let route = inventory.defaultRoute(in: table),
                  !route.isBlackhole, case .natGateway = route.target else { return false }
            return true
        }
    }

    /// One private subnet per AZ (the first of each), for a fix that spreads an endpoint over AZs.
    var onePrivateSubnetPerAZ: [Subnet] {
        var seen: Set<String> = []
        return privateSubnets.filter { subnet in
            guard let az = subnet.availabilityZone else { return false }
            return seen.insert(az).inserted
        }.sorted { ($0.availabilityZone ?? "") < ($1.availabilityZone ?? "") }
    }

    /// A person's label for a subnet: its Name tag, else its ID.
    func label(_ subnet: Subnet) -> String { subnet.name ?? subnet.id }

    /// The subnets and security groups to copy for a sibling endpoint (ecr.dkr next to ecr.api).
    func placement(like service: [String]) -> (subnets: [String], groups: [String]) {
        if let sibling = endpoints.first(where: { service.contains($0.service) && $0.kind == .interface }) {
            return (sibling.subnetIDs, sibling.securityGroupIDs)
        }
        return (onePrivateSubnetPerAZ.map(\.id), [])
    }
}
