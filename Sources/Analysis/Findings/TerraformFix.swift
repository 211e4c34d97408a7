import Model
import TerraformWriter

/// Terraform snippets for findings' fixes, with the network's real IDs so they can be pasted.
/// Every snippet is built with `TerraformWriter`, so an ID cannot break out of its string. An ID that
/// is a Terraform address (a Terraform source's `aws_vpc.main`) is written as a reference to it
/// (`aws_vpc.main.id`), so the fix pastes into that configuration as it is.
enum TerraformFix {
    /// A Terraform resource name from a service or an ID (`ecr.dkr` → `ecr_dkr`): ASCII letters and
    /// digits, everything else `_` (what `HCLName` would make of any other letter anyway).
    static func name(_ service: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in service.unicodeScalars {
            let alphanumeric = (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
            scalars.append(alphanumeric ? s : "_")
        }
        return HCLName(String(scalars)).text
    }

    /// A gateway endpoint (s3, dynamodb) on the given route tables.
    static func gatewayEndpoint(service: String, vpc: String, region: String, routeTables: [String]) -> String {
        HCLBlock.resource("aws_vpc_endpoint", name(service), [
            .attribute("vpc_id", .id(vpc)),
            .attribute("service_name", .string(ServiceName.full(service, region: region))),
            .attribute("vpc_endpoint_type", .string("Gateway")),
            .attribute("route_table_ids", .list(routeTables.map(routeTable))),
        ]).rendered
    }

    /// A route table ID as a fix writes it: the Terraform loader names a VPC's implicit main route
    /// table `aws_vpc.main (main route table)`, which Terraform spells `aws_vpc.main.main_route_table_id`.
    static func routeTable(_ id: String) -> HCLExpression {
        let suffix = " (main route table)"
        if id.hasSuffix(suffix), let reference = HCLExpression.resourceReference(address: String(id.dropLast(suffix.count)),
                                                                                  attribute: "main_route_table_id") {
            return reference
        }
        return .id(id)
    }

    /// An interface endpoint in the given subnets with the given security groups.
    static func interfaceEndpoint(service: String, vpc: String, region: String, subnets: [String], securityGroups: [String]) -> String {
        let groups: HCLExpression = securityGroups.isEmpty
            ? .list([.reference("aws_security_group", "vpc_endpoints", "id")]) : .ids(securityGroups)
        return HCLBlock.resource("aws_vpc_endpoint", name(service), [
            .attribute("vpc_id", .id(vpc)),
            .attribute("service_name", .string(ServiceName.full(service, region: region))),
            .attribute("vpc_endpoint_type", .string("Interface")),
            .attribute("subnet_ids", .ids(subnets)),
            .attribute("security_group_ids", groups),
            .attribute("private_dns_enabled", .bool(true)),
        ]).rendered
    }

    /// A `#` comment line naming something from the inventory (kept on one line).
    static func comment(_ text: String) -> String { HCLFile.comment(text) }

    /// Attribute lines to paste into an existing block, indented by two spaces.
    static func attributes(_ items: [HCLBodyItem]) -> String {
        HCLBlock.renderedBody(items, indent: 1)
    }
}

/// A word for a shell command line a person pastes (`aws ec2 ... --vpc-id ID`): IDs that are not
/// plain are single-quoted, so `vpc-1; curl ... | sh` stays one argument, and a word with control
/// characters is written `$'...'` with escapes, so the command stays on one line.
enum ShellWord {
    static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "-_.:/=@%+,".unicodeScalars.contains($0)
        }
        if plain { return word }
        if !word.unicodeScalars.contains(where: HCLExpression.isUnprintable) {
            var out = "'"
            for ch in word { out += ch == "'" ? "'\\''" : String(ch) }
            return out + "'"
        }
        var out = "$'"
        for scalar in word.unicodeScalars {
            switch scalar {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if HCLExpression.isUnprintable(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" : "") + hex
                        : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }
}

/// Facts about a VPC that several rules use. A class: every rule reads each VPC's, and copying a
/// struct of them (the inventory's fields, the VPC, the lists) was 6% of an organisation's analysis
/// in retains and releases.
final class VPCFacts: Sendable {
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

    /// Every VPC of a network, plus stubs for VPC IDs only endpoints name; with `wanted`, those of them only.
    static func all(_ inventory: Inventory, only wanted: Set<String>? = nil) -> [VPCFacts] {
        var vpcs = inventory.vpcs
        var seen = Set(vpcs.map(\.id))
        for endpoint in inventory.endpoints where !seen.contains(endpoint.vpcID) {
            seen.insert(endpoint.vpcID)
            vpcs.append(VPC(id: endpoint.vpcID, cidr: nil))
        }
        guard let wanted else { return vpcs.map { VPCFacts(inventory, $0) } }
        return vpcs.filter { wanted.contains($0.id) }.map { VPCFacts(inventory, $0) }
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

    /// Whether some private subnet's default route goes to a transit gateway (centralised egress).
    var privateSubnetsUseTransitGateway: Bool {
        privateSubnets.contains { subnet in
            guard let table = inventory.routeTable(forSubnet: subnet.id), let route = inventory.defaultRoute(in: table),
                  !route.isBlackhole, case .transitGateway = route.target else { return false }
            return true
        }
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
