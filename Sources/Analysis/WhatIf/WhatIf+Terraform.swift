import Model
import TerraformWriter

extension WhatIf {
    /// `WhatIf(changes).terraform(in:)`, for callers holding a bare list.
    public static func terraform(for changes: [WhatIfChange], in inventory: Inventory) -> String {
        WhatIf(changes).terraform(in: inventory)
    }

    /// The additions as Terraform `aws_vpc_endpoint` resources with the real IDs as literals, and the
    /// removals as comments: what `W` writes for a pull request. Written with `TerraformWriter`, so
    /// IDs from the inventory stay inside their strings and comments stay on one line.
    public func terraform(in inventory: Inventory) -> String {
        var items: [HCLBodyItem] = [.comment("Written by vpcx from \(changes.count) what-if change\(changes.count == 1 ? "" : "s").")]
        var newGroups: [String: SecurityGroup] = [:]
        for (position, change) in changes.enumerated() {
            guard case .addEndpoint(let service, let vpc, let kind, let subnetIDs, let routeTableIDs) = change else { continue }
            let region = inventory.vpc(vpc)?.region ?? inventory.region ?? "REGION"
            var body: [HCLBodyItem] = [
                .attribute("vpc_id", .id(vpc)),
                .attribute("service_name", .string(ServiceName.full(service, region: region))),
            ]
            if kind == .gateway {
                body.append(.attribute("vpc_endpoint_type", .string("Gateway")))
                body.append(.attribute("route_table_ids", .list(routeTableIDs.map(TerraformFix.routeTable))))
            } else {
                let group = Self.endpointSecurityGroup(vpc: vpc, in: inventory)
                let groupRef: HCLExpression
                if inventory.securityGroup(group.id) != nil {
                    groupRef = .id(group.id)
                } else {
                    newGroups[vpc] = group
                    groupRef = .reference([HCLName("aws_security_group"), HCLName(Self.groupResourceName(vpc)), HCLName("id")])
                }
                let subnets = subnetIDs.filter { inventory.subnet($0)?.vpcID == vpc }
                body.append(.attribute("vpc_endpoint_type", .string("Interface")))
                body.append(.attribute("subnet_ids", .ids(subnets)))
                body.append(.attribute("security_group_ids", .list([groupRef])))
                body.append(.attribute("private_dns_enabled", .bool(true)))
            }
            body.append(.blank)
            body.append(.attribute("tags", .object([HCLObjectEntry("Name", .string("\(service)-endpoint"))])))
            items.append(.blank)
            items.append(.comment("what-if \(position + 1): \(change.summary)"))
            items.append(.block(.resource("aws_vpc_endpoint", Self.resourceName(service, vpc: vpc), body)))
        }
        for (vpc, group) in newGroups.sorted(by: { $0.key < $1.key }) {
            let cidrs = group.ingress.first?.cidrs.map(\.description) ?? []
            items.append(.blank)
            items.append(.block(.resource("aws_security_group", Self.groupResourceName(vpc), [
                .attribute("name_prefix", .string("vpc-endpoints-")),
                .attribute("description", .string("HTTPS from the VPC to its interface endpoints")),
                .attribute("vpc_id", .id(vpc)),
                .blank,
                .block(HCLBlock("ingress", [], [
                    .attribute("description", .string("HTTPS from the VPC")),
                    .attribute("from_port", .number(443)),
                    .attribute("to_port", .number(443)),
                    .attribute("protocol", .string("tcp")),
                    .attribute("cidr_blocks", .strings(cidrs)),
                ])),
            ])))
        }
        for id in disabledEndpoints {
            let service = inventory.endpoint(id)?.service ?? "unknown service"
            items.append(.blank)
            items.append(.comment("what-if: \(id) (\(service)) removed. Delete the aws_vpc_endpoint resource that manages it."))
        }
        for change in changes {
            guard case .removeNATGateway(let id) = change else { continue }
            items.append(.blank)
            items.append(.comment("what-if: \(id) removed. Delete its aws_nat_gateway and the aws_route resources that target it; those routes would become blackholes."))
        }
        return HCLFile(items).rendered
    }

    /// A Terraform-safe resource name: `s3_vpc_24a5f259`.
    static func resourceName(_ service: String, vpc: String) -> String {
        let safeService = String(service.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return HCLName("\(safeService)_\(String(vpc.map { $0 == "-" ? "_" : $0 }).prefix(12))").text
    }

    static func groupResourceName(_ vpc: String) -> String {
        HCLName("vpc_endpoints_\(String(vpc.map { $0 == "-" ? "_" : $0 }).prefix(12))").text
    }
}
