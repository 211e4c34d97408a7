import Model

/// A whole network written as Terraform (`vpcx export --terraform`): VPCs, subnets, gateways, route
/// tables, security groups and endpoints, each a resource named after its Name tag and referring to the
/// others by address, so the configuration opens back in vpcx to the same network (the same paths,
/// findings and costs; only the IDs become Terraform addresses).
///
/// What AWS makes by itself is written the way Terraform manages it: a VPC's main route table as
/// `aws_default_route_table`, its default security group as `aws_default_security_group`, a gateway
/// endpoint's prefix-list routes as the endpoint's `route_table_ids`, an interface endpoint's ENIs not at
/// all. What Terraform cannot say (an ENI's address, an endpoint's state, a fact the source left unknown)
/// is a comment. Every string from the inventory goes through `HCLExpression.string`, every name through
/// `HCLName` and every comment through `HCLFile.comment`, so no Name tag can add HCL of its own.
public enum InventoryTerraform {
    /// The configuration for an inventory; `source` names what it was read from, for the header.
    public static func file(_ inventory: Inventory, source: String) -> HCLFile {
        var writer = Writer(inventory: inventory)
        return writer.write(source: source)
    }

    struct Writer {
        let inventory: Inventory
        /// Terraform addresses by inventory ID, for references.
        var address: [String: (type: String, name: String)] = [:]
        var usedNames: [String: Set<String>] = [:]
        var items: [HCLBodyItem] = []

        init(inventory: Inventory) { self.inventory = inventory }

        // MARK: Names and references

        /// A resource name from the Name tag (else the ID), unique within its type; recorded for references.
        mutating func name(_ type: String, for id: String, preferring label: String? = nil) -> String {
            let chosen = unique(type, label ?? inventory.name(of: id) ?? id)
            address[id] = (type, chosen)
            return chosen
        }

        /// A valid resource name from any text, not yet used for this type (`private-a`, `private-a_2`).
        mutating func unique(_ type: String, _ text: String) -> String {
            let base = HCLName(text).text
            var candidate = base
            var n = 2
            while usedNames[type, default: []].contains(candidate) {
                candidate = "\(base)_\(n)"
                n += 1
            }
            usedNames[type, default: []].insert(candidate)
            return candidate
        }

        /// `aws_subnet.private-a.id` for a resource this file writes, else the ID as a quoted string.
        func ref(_ id: String, _ attribute: String = "id") -> HCLExpression {
            guard let (type, name) = address[id] else { return .string(id) }
            return .reference([HCLName(type), HCLName(name), HCLName(attribute)])
        }

        func refs(_ ids: [String]) -> HCLExpression { .list(ids.map { ref($0) }) }

        /// A route table's ID as other resources give it: a main table is the VPC's `default_route_table_id`.
        func tableRef(_ id: String) -> HCLExpression {
            if let table = inventory.routeTable(id), table.isMain, let vpc = address[table.vpcID], address[id] == nil {
                return .reference([HCLName(vpc.type), HCLName(vpc.name), HCLName("default_route_table_id")])
            }
            return ref(id)
        }

        func tags(_ tags: [Tag]) -> [HCLBodyItem] {
            guard !tags.isEmpty else { return [] }
            return [.attribute("tags", .object(tags.map { HCLObjectEntry($0.key, .string($0.value)) }))]
        }

        /// A comment for each fact of a resource the source left unknown (`subnet-x.cidr` and the like).
        func unknownNotes(_ id: String) -> [HCLBodyItem] {
            let prefix = id + "."
            return inventory.contents.unknowns.keys.filter { $0.hasPrefix(prefix) }.sorted().compactMap { key in
                guard let why = inventory.contents.unknowns[key] else { return nil }
                return .comment("\(key.dropFirst(prefix.count)): unknown in the source (\(why))")
            }
        }

        mutating func resource(_ type: String, _ name: String, _ body: [HCLBodyItem]) {
            items.append(.block(HCLBlock.resource(type, name, body)))
            items.append(.blank)
        }

        // MARK: The file

        mutating func write(source: String) -> HCLFile {
            let c = inventory.contents
            // Names first, so any resource can refer to any other whatever the order.
            for v in c.vpcs { _ = name("aws_vpc", for: v.id) }
            for s in c.subnets { _ = name("aws_subnet", for: s.id) }
            for g in c.internetGateways { _ = name("aws_internet_gateway", for: g.id) }
            for n in c.natGateways { _ = name("aws_nat_gateway", for: n.id) }
            for t in c.routeTables where !(t.isMain && inventory.vpc(t.vpcID) != nil) { _ = name("aws_route_table", for: t.id) }
            for g in c.securityGroups where !isDefaultGroup(g) { _ = name("aws_security_group", for: g.id, preferring: g.tags.name ?? g.name) }
            for e in c.endpoints { _ = name("aws_vpc_endpoint", for: e.id) }

            items.append(.comment("Written by vpcx export --terraform from \(source)."))
            items.append(.comment("Resources are named after their Name tags; what Terraform cannot say (ENI addresses, states, facts"))
            items.append(.comment("the source left unknown) is a comment where it applies."))
            if !inventory.missingKinds.isEmpty {
                items.append(.comment("The source did not describe \(inventory.missingKinds.map(\.title).joined(separator: ", ")): this configuration"))
                items.append(.comment("has none, so what was unknown there is none here."))
            }
            items.append(.blank)
            items.append(.block(HCLBlock("terraform", [], [
                .block(HCLBlock("required_providers", [], [
                    .attribute("aws", .object([HCLObjectEntry("source", .string("hashicorp/aws"))])),
                ])),
            ])))
            items.append(.blank)
            if let region = inventory.region {
                items.append(.block(HCLBlock("provider", ["aws"], [.attribute("region", .string(region))])))
                items.append(.blank)
            }
            for v in c.vpcs { writeVPC(v) }
            for s in c.subnets { writeSubnet(s) }
            for g in c.internetGateways { writeInternetGateway(g) }
            for n in c.natGateways { writeNATGateway(n) }
            for t in c.routeTables { writeRouteTable(t) }
            for g in c.securityGroups { writeSecurityGroup(g) }
            for e in c.endpoints { writeEndpoint(e) }
            if case .blank? = items.last { items.removeLast() }
            return HCLFile(items)
        }

        // MARK: Resources

        mutating func writeVPC(_ v: VPC) {
            guard let (_, name) = address[v.id] else { return }
            var body: [HCLBodyItem] = []
            if let cidr = v.cidr { body.append(.attribute("cidr_block", .string(cidr.description))) }
            // Terraform's defaults (support on, hostnames off) stand in for what the source did not say.
            if let support = v.enableDnsSupport { body.append(.attribute("enable_dns_support", .bool(support))) }
            if let hostnames = v.enableDnsHostnames { body.append(.attribute("enable_dns_hostnames", .bool(hostnames))) }
            body += tags(v.tags)
            body += unknownNotes(v.id)
            if v.enableDnsSupport == nil || v.enableDnsHostnames == nil, inventory.unknown(v.id, "enableDnsSupport") == nil,
               inventory.unknown(v.id, "enableDnsHostnames") == nil {
                body.append(.comment("the source did not give the DNS attributes; Terraform's defaults apply"))
            }
            if v.isDefault { body.insert(.comment("the source's default VPC (\(v.id)), written as a new one"), at: 0) }
            resource("aws_vpc", name, body)
            for (i, block) in v.cidrs.dropFirst().enumerated() {
                resource("aws_vpc_ipv4_cidr_block_association", unique("aws_vpc_ipv4_cidr_block_association", "\(name)_\(i + 2)"), [
                    .attribute("vpc_id", ref(v.id)), .attribute("cidr_block", .string(block.description)),
                ])
            }
        }

        mutating func writeSubnet(_ s: Subnet) {
            guard let (_, name) = address[s.id] else { return }
            var body: [HCLBodyItem] = [.attribute("vpc_id", ref(s.vpcID))]
            if let cidr = s.cidr { body.append(.attribute("cidr_block", .string(cidr.description))) }
            if let az = s.availabilityZone {
                body.append(.attribute("availability_zone", .string(az)))
            } else if let azID = s.availabilityZoneID {
                body.append(.attribute("availability_zone_id", .string(azID)))
            }
            if s.mapPublicIPOnLaunch { body.append(.attribute("map_public_ip_on_launch", .bool(true))) }
            if let block = s.ipv6CIDRs.first { body.append(.attribute("ipv6_cidr_block", .string(block))) }
            if s.isIPv6Only { body.append(.attribute("ipv6_native", .bool(true))) }
            body += tags(s.tags)
            body += unknownNotes(s.id)
            resource("aws_subnet", name, body)
        }

        mutating func writeInternetGateway(_ g: InternetGateway) {
            guard let (_, name) = address[g.id] else { return }
            var body: [HCLBodyItem] = []
            let attached = g.attachedVPCIDs
            if let first = attached.first { body.append(.attribute("vpc_id", ref(first))) }
            body += tags(g.tags)
            resource("aws_internet_gateway", name, body)
            for (i, vpc) in attached.dropFirst().enumerated() {
                resource("aws_internet_gateway_attachment", unique("aws_internet_gateway_attachment", "\(name)_\(i + 2)"), [
                    .attribute("internet_gateway_id", ref(g.id)), .attribute("vpc_id", ref(vpc)),
                ])
            }
        }

        mutating func writeNATGateway(_ n: NATGateway) {
            guard let (_, name) = address[n.id] else { return }
            var body: [HCLBodyItem] = []
            if n.connectivityType == "private" {
                body.append(.attribute("connectivity_type", .string("private")))
            } else {
                // A public NAT gateway needs an Elastic IP of its own.
                let eip = unique("aws_eip", name)
                resource("aws_eip", eip, [.attribute("domain", .string("vpc"))] + tags(n.tags))
                body.append(.attribute("allocation_id", .reference([HCLName("aws_eip"), HCLName(eip), HCLName("id")])))
            }
            body.append(.attribute("subnet_id", ref(n.subnetID)))
            body += tags(n.tags)
            if !n.isAvailable { body.append(.comment("state in the source: \(n.state)")) }
            resource("aws_nat_gateway", name, body)
        }

        /// The routes Terraform writes in a table's `route` blocks: not the local ones (AWS's) nor the
        /// prefix-list routes of gateway endpoints (the endpoint's `route_table_ids` make them).
        func routeBlocks(_ t: RouteTable) -> [HCLBodyItem] {
            var out: [HCLBodyItem] = []
            for route in t.routes {
                if route.target == .local { continue }
                if case .prefixList = route.destination, case .vpcEndpoint(let id) = route.target,
                   inventory.endpoint(id)?.kind == .gateway { continue }
                var body: [HCLBodyItem] = []
                switch route.destination {
                case .cidr(let block): body.append(.attribute("cidr_block", .string(block.description)))
                case .ipv6(let block): body.append(.attribute("ipv6_cidr_block", .string(block)))
                case .prefixList(let id): body.append(.attribute("destination_prefix_list_id", ref(id)))
                case .unknown(let why):
                    out.append(.comment("a route whose destination the source did not know (\(why)) to \(route.target.id)"))
                    continue
                }
                let field: String
                switch route.target {
                case .local: continue
                case .internetGateway, .virtualPrivateGateway: field = "gateway_id"
                case .natGateway: field = "nat_gateway_id"
                case .vpcEndpoint: field = "vpc_endpoint_id"
                case .transitGateway: field = "transit_gateway_id"
                case .peering: field = "vpc_peering_connection_id"
                case .networkInterface: field = "network_interface_id"
                case .instance: field = "instance_id"
                case .egressOnlyInternetGateway: field = "egress_only_gateway_id"
                case .other(let id):
                    field = id.hasPrefix("lgw-") ? "local_gateway_id" : id.hasPrefix("cagw-") ? "carrier_gateway_id"
                        : id.hasPrefix("arn:") ? "core_network_arn" : "gateway_id"
                }
                body.append(.attribute(field, ref(route.target.id)))
                if route.isBlackhole { body.append(.comment("blackhole in the source: its target is gone")) }
                out.append(.block(HCLBlock("route", [], body)))
            }
            return out
        }

        mutating func writeRouteTable(_ t: RouteTable) {
            var associations = t.associations.compactMap(\.subnetID)
            if let (_, name) = address[t.id] {
                resource("aws_route_table", name, [.attribute("vpc_id", ref(t.vpcID))] + routeBlocks(t) + tags(t.tags) + unknownNotes(t.id))
                if t.isMain {
                    resource("aws_main_route_table_association", name, [
                        .attribute("vpc_id", ref(t.vpcID)), .attribute("route_table_id", ref(t.id)),
                    ])
                }
            } else if let vpc = address[t.vpcID] {
                // The main table AWS made with the VPC: Terraform adopts it rather than creating one.
                let name = unique("aws_default_route_table", "\(vpc.name)_main")
                resource("aws_default_route_table", name, [.attribute("default_route_table_id", tableRef(t.id))]
                         + routeBlocks(t) + tags(t.tags) + unknownNotes(t.id))
            } else {
                associations = []
            }
            for subnet in associations {
                let label = unique("aws_route_table_association", address[subnet]?.name ?? subnet)
                resource("aws_route_table_association", label, [
                    .attribute("subnet_id", ref(subnet)), .attribute("route_table_id", tableRef(t.id)),
                ])
            }
        }

        func isDefaultGroup(_ g: SecurityGroup) -> Bool { g.name == "default" && address[g.vpcID] != nil }

        func rules(_ kind: String, _ rules: [SecurityGroupRule], group: SecurityGroup) -> [HCLBodyItem] {
            rules.map { rule in
                let all = rule.ipProtocol == "-1"
                var body: [HCLBodyItem] = [
                    .attribute("protocol", .string(rule.ipProtocol)),
                    .attribute("from_port", .number(all ? 0 : rule.fromPort ?? 0)),
                    .attribute("to_port", .number(all ? 0 : rule.toPort ?? 65535)),
                ]
                if !rule.cidrs.isEmpty { body.append(.attribute("cidr_blocks", .strings(rule.cidrs.map(\.description)))) }
                if !rule.ipv6CIDRs.isEmpty { body.append(.attribute("ipv6_cidr_blocks", .strings(rule.ipv6CIDRs))) }
                if !rule.prefixListIDs.isEmpty { body.append(.attribute("prefix_list_ids", refs(rule.prefixListIDs))) }
                let others = rule.sourceGroupIDs.filter { $0 != group.id }
                if !others.isEmpty { body.append(.attribute("security_groups", refs(others))) }
                if rule.sourceGroupIDs.contains(group.id) { body.append(.attribute("self", .bool(true))) }
                if let description = rule.description { body.append(.attribute("description", .string(description))) }
                return .block(HCLBlock(kind, [], body))
            }
        }

        mutating func writeSecurityGroup(_ g: SecurityGroup) {
            let body = rules("ingress", g.ingress, group: g) + rules("egress", g.egress, group: g) + unknownNotes(g.id)
            if isDefaultGroup(g), let vpc = address[g.vpcID] {
                resource("aws_default_security_group", unique("aws_default_security_group", "\(vpc.name)_default"),
                         [.attribute("vpc_id", ref(g.vpcID))] + body + tags(g.tags))
                return
            }
            guard let (_, name) = address[g.id] else { return }
            resource("aws_security_group", name, [
                .attribute("name", .string(g.name)),
                .attribute("description", .string(g.description)),
                .attribute("vpc_id", ref(g.vpcID)),
            ] + body + tags(g.tags))
        }

        mutating func writeEndpoint(_ e: VPCEndpoint) {
            guard let (_, name) = address[e.id] else { return }
            var body: [HCLBodyItem] = [
                .attribute("vpc_id", ref(e.vpcID)),
                .attribute("service_name", .string(e.serviceName)),
                .attribute("vpc_endpoint_type", .string(e.kind.rawValue)),
            ]
            switch e.kind {
            case .gateway:
                // The tables the endpoint lists, and any whose prefix-list route leads to it.
                var tables = e.routeTableIDs
                for t in inventory.routeTables where !tables.contains(t.id)
                    && t.routes.contains(where: { $0.target == .vpcEndpoint(e.id) }) { tables.append(t.id) }
                body.append(.attribute("route_table_ids", .list(tables.map(tableRef))))
            default:
                if !e.subnetIDs.isEmpty { body.append(.attribute("subnet_ids", refs(e.subnetIDs))) }
                if !e.securityGroupIDs.isEmpty {
                    body.append(.attribute("security_group_ids", .list(e.securityGroupIDs.map(groupRef))))
                }
                if e.kind == .interface && inventory.unknown(e.id, "privateDNSEnabled") == nil {
                    body.append(.attribute("private_dns_enabled", .bool(e.privateDNSEnabled)))
                }
                if let type = e.ipAddressType { body.append(.attribute("ip_address_type", .string(type))) }
                var dns: [HCLBodyItem] = []
                if let type = e.dnsRecordIPType { dns.append(.attribute("dns_record_ip_type", .string(type))) }
                if let inbound = e.privateDNSOnlyForInboundResolverEndpoint {
                    dns.append(.attribute("private_dns_only_for_inbound_resolver_endpoint", .bool(inbound)))
                }
                if !dns.isEmpty { body.append(.block(HCLBlock("dns_options", [], dns))) }
            }
            if let policy = e.policyDocument { body.append(.attribute("policy", .string(policy))) }
            body += tags(e.tags)
            body += unknownNotes(e.id)
            if !e.isAvailable { body.append(.comment("state in the source: \(e.state)")) }
            resource("aws_vpc_endpoint", name, body)
        }

        /// A security group as an endpoint names it: the VPC's default group is `default_security_group_id`.
        func groupRef(_ id: String) -> HCLExpression {
            if let g = inventory.securityGroup(id), isDefaultGroup(g), let vpc = address[g.vpcID] {
                return .reference([HCLName(vpc.type), HCLName(vpc.name), HCLName("default_security_group_id")])
            }
            return ref(id)
        }
    }
}
