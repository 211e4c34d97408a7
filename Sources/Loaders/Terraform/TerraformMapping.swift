import Model

/// Maps resource instances (from `.tf` files or `terraform show -json`) into the model, with the AWS
/// provider's defaults and what AWS adds on its own: each VPC's main route table with its local route and
/// its default security group, the `pl-… → vpce-…` routes of gateway endpoints, and one ENI per subnet of
/// each interface endpoint.
enum TerraformMapping {
    static func mainRouteTableID(_ vpcID: String) -> String { "\(vpcID) (main route table)" }
    static func defaultSecurityGroupID(_ vpcID: String) -> String { "\(vpcID) (default security group)" }
    /// The placeholder for the AWS-managed prefix list of a gateway service (its real ID is AWS's).
    static func prefixListID(_ serviceName: String) -> String { "pl-\(serviceName)" }

    /// Attributes the provider computes that other resources commonly reference, so references resolve
    /// to the same IDs the mapping uses. Everything else not configured stays unknown (`aws_vpc.main.arn`).
    static func addComputedAttributes(type: String, address: String, values: inout [String: HCLValue], region: HCLValue?) {
        if values["id"] == nil { values["id"] = .string(address) }
        switch type {
        case "aws_vpc", "aws_default_vpc":
            values["main_route_table_id"] = values["main_route_table_id"] ?? .string(mainRouteTableID(address))
            values["default_route_table_id"] = values["default_route_table_id"] ?? .string(mainRouteTableID(address))
            values["default_security_group_id"] = values["default_security_group_id"] ?? .string(defaultSecurityGroupID(address))
            values["enable_dns_support"] = values["enable_dns_support"] ?? .bool(true)
            values["enable_dns_hostnames"] = values["enable_dns_hostnames"] ?? .bool(false)
        case "aws_route53_zone":
            values["zone_id"] = values["zone_id"] ?? values["id"]
        case "aws_ec2_transit_gateway":
            let table = HCLValue.string(defaultTGWRouteTableID(address))
            values["association_default_route_table_id"] = values["association_default_route_table_id"] ?? table
            values["propagation_default_route_table_id"] = values["propagation_default_route_table_id"] ?? table
        case "aws_vpc_endpoint":
            values["vpc_endpoint_type"] = values["vpc_endpoint_type"] ?? .string("Gateway")
            if values["vpc_endpoint_type"]?.stringValue?.lowercased() == "gateway", let service = values["service_name"]?.stringValue {
                values["prefix_list_id"] = .string(prefixListID(service))
            }
            if values["vpc_endpoint_type"]?.stringValue?.lowercased() == "interface", values["dns_entry"] == nil {
                // A record aliased to `dns_entry[0].dns_name` then names this endpoint.
                values["dns_entry"] = .list([.object(["dns_name": .string(endpointDNSName(address)),
                                                      "hosted_zone_id": .string("\(address) (hosted zone)")])])
            }
        default:
            break
        }
    }

    /// The region: the provider's, else the endpoints' service names, else the subnets' AZs.
    static func region(_ program: TerraformProgram, _ contents: InventoryContents) -> String? {
        if let r = program.region?.stringValue { return r }
        if let r = contents.endpoints.lazy.compactMap({ ServiceName.region($0.serviceName) }).first { return r }
        if let az = contents.subnets.lazy.compactMap(\.availabilityZone).first { return ServiceName.region(ofZone: az) }
        return nil
    }

    static func build(_ program: TerraformProgram) -> InventoryContents {
        let instances = program.instances.sorted { $0.order.lexicographicallyPrecedes($1.order) }
        var builder = Builder(defaultTags: program.defaultTags, region: program.region?.stringValue)
        if case .unknown(let u)? = program.region { builder.unknownRegion = u }
        return builder.build(instances, fromState: false)
    }

    /// Accumulates the model while walking the instances.
    struct Builder {
        var defaultTags: [String: HCLValue]
        var region: String?
        var unknownRegion: String?
        var c = InventoryContents()

        init(defaultTags: [String: HCLValue], region: String?) {
            self.defaultTags = defaultTags
            self.region = region
        }

        // MARK: Reading values

        func id(_ r: TerraformResourceInstance) -> String { r.values["id"]?.stringValue ?? r.address }

        /// A reference to another resource's ID; an unknown one gives its name as placeholder and is recorded.
        mutating func reference(_ value: HCLValue?, _ owner: String, _ field: String) -> String? {
            switch value {
            case .unknown(let u)?:
                c.unknowns["\(owner).\(field)"] = u
                return u
            case let v?:
                return v.stringValue
            case nil:
                return nil
            }
        }

        /// A list of IDs; unknown elements (or an unknown list) are left out and recorded.
        mutating func references(_ value: HCLValue?, _ owner: String, _ field: String) -> [String] {
            guard let value else { return [] }
            if case .unknown(let u) = value {
                c.unknowns["\(owner).\(field)"] = u
                return []
            }
            var out: [String] = []
            for item in value.elements ?? [value] {
                if case .unknown(let u) = item {
                    c.unknowns["\(owner).\(field)"] = u
                } else if let s = item.stringValue {
                    out.append(s)
                }
            }
            return out
        }

        mutating func cidr(_ value: HCLValue?, _ owner: String, _ field: String) -> IPv4CIDR? {
            guard let value else { return nil }
            if case .unknown(let u) = value {
                c.unknowns["\(owner).\(field)"] = u
                return nil
            }
            return value.stringValue.flatMap { IPv4CIDR($0) }
        }

        mutating func bool(_ value: HCLValue?, _ owner: String, _ field: String, default d: Bool) -> Bool? {
            guard let value, value != .null else { return d }
            if case .unknown(let u) = value {
                c.unknowns["\(owner).\(field)"] = u
                return nil
            }
            return value.boolValue ?? d
        }

        func string(_ value: HCLValue?) -> String? {
            guard let value, value != .null else { return nil }
            return value.stringValue
        }

        func int(_ value: HCLValue?) -> Int? {
            guard let n = value?.numberValue, n == n.rounded(), abs(n) < 1e15 else { return nil }
            return Int(n)
        }

        mutating func tags(_ r: TerraformResourceInstance) -> [Tag] {
            var merged = defaultTags
            if let all = r.values["tags_all"]?.attributes { merged.merge(all) { _, new in new } }
            if let own = r.values["tags"]?.attributes { merged.merge(own) { _, new in new } }
            return merged.keys.sorted().compactMap { key in
                guard let v = merged[key] else { return nil }
                if case .unknown(let u) = v {
                    c.unknowns["\(id(r)).tags.\(key)"] = u
                    return Tag(key: key, value: "(\(u))")
                }
                return v.stringValue.map { Tag(key: key, value: $0) }
            }
        }

        // MARK: Routes and rules

        /// A route target from the argument that names it. A real ID is classified by its prefix; an address
        /// or placeholder by the argument (`nat_gateway_id` → NAT gateway).
        mutating func routeTarget(_ route: [String: HCLValue], _ owner: String) -> RouteTarget? {
            let fields: [(String, (String) -> RouteTarget)] = [
                ("nat_gateway_id", { .natGateway($0) }), ("vpc_endpoint_id", { .vpcEndpoint($0) }),
                ("transit_gateway_id", { .transitGateway($0) }), ("vpc_peering_connection_id", { .peering($0) }),
                ("network_interface_id", { .networkInterface($0) }), ("egress_only_gateway_id", { .egressOnlyInternetGateway($0) }),
                ("instance_id", { .instance($0) }), ("gateway_id", { .internetGateway($0) }),
                ("local_gateway_id", { .other($0) }), ("carrier_gateway_id", { .other($0) }), ("core_network_arn", { .other($0) }),
            ]
            for (field, make) in fields {
                guard let value = route[field], value != .null, value != .string("") else { continue }
                guard let target = reference(value, owner, "route.\(field)") else { continue }
                if target == "local" { return .local }
                let classified = RouteTarget.classify(target)
                if case .other = classified {
                    if field == "gateway_id" && target.hasPrefix("aws_vpc_endpoint.") || target.contains(".aws_vpc_endpoint.") {
                        return .vpcEndpoint(target)
                    }
                    if field == "gateway_id" && (target.hasPrefix("aws_vpn_gateway.") || target.contains(".aws_vpn_gateway.")) {
                        return .virtualPrivateGateway(target)
                    }
                    return make(target)
                }
                return classified
            }
            return nil
        }

        mutating func routeDestination(_ route: [String: HCLValue], _ owner: String, cidrField: String, ipv6Field: String,
                                       prefixListField: String) -> RouteDestination? {
            if let v = route[cidrField], v != .null, v != .string("") {
                if case .unknown(let u) = v {
                    c.unknowns["\(owner).route.destination"] = u
                    return .unknown(u)
                }
                return v.stringValue.flatMap { IPv4CIDR($0) }.map { .cidr($0) }
            }
            if let v = route[ipv6Field], v != .null, v != .string("") {
                if case .unknown(let u) = v { return .unknown(u) }
                return v.stringValue.map { .ipv6($0) }
            }
            if let v = route[prefixListField], v != .null, v != .string("") {
                if case .unknown(let u) = v {
                    c.unknowns["\(owner).route.destination"] = u
                    return .unknown(u)
                }
                return v.stringValue.map { .prefixList($0) }
            }
            return nil
        }

        mutating func rule(_ r: [String: HCLValue], owner: String, field: String, groupID: String) -> SecurityGroupRule {
            let cidrValues = r["cidr_blocks"]
            var cidrs: [IPv4CIDR] = []
            for text in references(cidrValues, owner, "\(field).cidrs") { if let cidr = IPv4CIDR(text) { cidrs.append(cidr) } }
            var groups = references(r["security_groups"], owner, "\(field).sourceGroupIDs")
            if r["self"]?.boolValue == true { groups.append(groupID) }
            return SecurityGroupRule(ipProtocol: string(r["protocol"]) ?? "-1", fromPort: int(r["from_port"]), toPort: int(r["to_port"]),
                                     cidrs: cidrs, ipv6CIDRs: references(r["ipv6_cidr_blocks"], owner, "\(field).ipv6CIDRs"),
                                     prefixListIDs: references(r["prefix_list_ids"], owner, "\(field).prefixListIDs"),
                                     sourceGroupIDs: groups, description: string(r["description"]))
        }

        // MARK: Building

        mutating func build(_ instances: [TerraformResourceInstance], fromState: Bool) -> InventoryContents {
            var byType: [String: [TerraformResourceInstance]] = [:]
            for r in instances {
                byType[r.type, default: []].append(r)
                if let at = r.declaredAt { c.declarations[id(r)] = at }
            }
            func of(_ type: String) -> [TerraformResourceInstance] { byType[type] ?? [] }

            // VPCs, each with the main route table and default security group AWS creates with it.
            var vpcIndex: [String: Int] = [:]
            for r in of("aws_vpc") {
                let vpcID = id(r)
                var cidr = cidr(r.values["cidr_block"], vpcID, "cidr")
                if r.values["cidr_block"] == nil || r.values["cidr_block"] == .null {
                    c.unknowns["\(vpcID).cidr"] = "\(r.address).cidr_block"
                    cidr = nil
                }
                vpcIndex[vpcID] = c.vpcs.count
                c.vpcs.append(VPC(id: vpcID, ownerID: string(r.values["owner_id"]), region: region, cidr: cidr,
                                  isDefault: false, tags: tags(r),
                                  enableDnsSupport: bool(r.values["enable_dns_support"], vpcID, "enableDnsSupport", default: true),
                                  enableDnsHostnames: bool(r.values["enable_dns_hostnames"], vpcID, "enableDnsHostnames", default: false)))
                let mainID = string(r.values["main_route_table_id"]) ?? mainRouteTableID(vpcID)
                c.routeTables.append(RouteTable(id: mainID, vpcID: vpcID, routes: [], associations: [RouteTableAssociation(subnetID: nil, isMain: true)],
                                                tags: [Tag(key: "Name", value: "main route table of \(r.address)")]))
                let sgID = string(r.values["default_security_group_id"]) ?? defaultSecurityGroupID(vpcID)
                c.securityGroups.append(SecurityGroup(
                    id: sgID, name: "default", vpcID: vpcID, description: "default VPC security group",
                    ingress: [SecurityGroupRule(ipProtocol: "-1", fromPort: nil, toPort: nil, sourceGroupIDs: [sgID])],
                    egress: [SecurityGroupRule(ipProtocol: "-1", fromPort: nil, toPort: nil, cidrs: [.anywhere])]))
            }
            // The account's default VPC, when the configuration manages it: AWS made it with 172.31.0.0/16,
            // an internet gateway and a main route table that routes 0.0.0.0/0 to it.
            for r in of("aws_default_vpc") {
                let vpcID = id(r)
                let cidr = IPv4CIDR("172.31.0.0/16")
                vpcIndex[vpcID] = c.vpcs.count
                c.vpcs.append(VPC(id: vpcID, ownerID: nil, region: region, cidr: cidr, isDefault: true, tags: tags(r),
                                  enableDnsSupport: bool(r.values["enable_dns_support"], vpcID, "enableDnsSupport", default: true),
                                  enableDnsHostnames: bool(r.values["enable_dns_hostnames"], vpcID, "enableDnsHostnames", default: true)))
                c.assumptions.append("\(r.address): the default VPC AWS created, 172.31.0.0/16 with an internet gateway")
                let igwID = "\(vpcID) (default internet gateway)"
                c.internetGateways.append(InternetGateway(id: igwID, attachedVPCIDs: [vpcID], tags: []))
                let routes = [Route(destination: .cidr(.anywhere), target: .internetGateway(igwID), origin: "CreateRoute")]
                c.routeTables.append(RouteTable(id: mainRouteTableID(vpcID), vpcID: vpcID, routes: routes,
                                                associations: [RouteTableAssociation(subnetID: nil, isMain: true)],
                                                tags: [Tag(key: "Name", value: "main route table of \(r.address)")]))
                let sgID = defaultSecurityGroupID(vpcID)
                c.securityGroups.append(SecurityGroup(
                    id: sgID, name: "default", vpcID: vpcID, description: "default VPC security group",
                    ingress: [SecurityGroupRule(ipProtocol: "-1", fromPort: nil, toPort: nil, sourceGroupIDs: [sgID])],
                    egress: [SecurityGroupRule(ipProtocol: "-1", fromPort: nil, toPort: nil, cidrs: [.anywhere])]))
            }
            for r in of("aws_vpc_ipv4_cidr_block_association") {
                guard let vpcID = reference(r.values["vpc_id"], r.address, "vpcID"), let i = vpcIndex[vpcID],
                      let block = cidr(r.values["cidr_block"], r.address, "cidr") else { continue }
                c.vpcs[i].cidrs.append(block)
            }

            var subnetIndex: [String: Int] = [:]
            for r in of("aws_subnet") {
                let subnetID = id(r)
                var az = string(r.values["availability_zone"])
                if case .unknown(let u)? = r.values["availability_zone"] { c.unknowns["\(subnetID).availabilityZone"] = u; az = nil }
                if r.values["availability_zone"] == nil && r.values["availability_zone_id"] == nil {
                    c.unknowns["\(subnetID).availabilityZone"] = "\(r.address).availability_zone"
                }
                subnetIndex[subnetID] = c.subnets.count
                c.subnets.append(Subnet(id: subnetID, vpcID: reference(r.values["vpc_id"], subnetID, "vpcID") ?? "",
                                        availabilityZone: az, availabilityZoneID: string(r.values["availability_zone_id"]),
                                        cidr: cidr(r.values["cidr_block"], subnetID, "cidr"),
                                        mapPublicIPOnLaunch: bool(r.values["map_public_ip_on_launch"], subnetID, "mapPublicIPOnLaunch", default: false) ?? false,
                                        tags: tags(r)))
            }

            // Default subnets belong to the default VPC (the one the configuration manages, else AWS's), one /20 per zone.
            let defaultVPC = of("aws_default_vpc").first.map(id) ?? "the default VPC"
            for r in of("aws_default_subnet") {
                let subnetID = id(r)
                subnetIndex[subnetID] = c.subnets.count
                c.unknowns["\(subnetID).cidr"] = "\(r.address).cidr_block"
                c.subnets.append(Subnet(id: subnetID, vpcID: defaultVPC, availabilityZone: string(r.values["availability_zone"]),
                                        availabilityZoneID: nil, cidr: nil,
                                        mapPublicIPOnLaunch: bool(r.values["map_public_ip_on_launch"], subnetID, "mapPublicIPOnLaunch", default: true) ?? true,
                                        tags: tags(r)))
            }

            for r in of("aws_internet_gateway") {
                let igwID = id(r)
                let vpc = reference(r.values["vpc_id"], igwID, "attachedVPCIDs")
                c.internetGateways.append(InternetGateway(id: igwID, attachedVPCIDs: vpc.map { [$0] } ?? [], tags: tags(r)))
            }
            for r in of("aws_internet_gateway_attachment") {
                guard let igw = reference(r.values["internet_gateway_id"], r.address, "internetGatewayID"),
                      let vpc = reference(r.values["vpc_id"], r.address, "vpcID"),
                      let i = c.internetGateways.firstIndex(where: { $0.id == igw }) else { continue }
                c.internetGateways[i].attachedVPCIDs.append(vpc)
            }

            for r in of("aws_nat_gateway") {
                let natID = id(r)
                let subnetID = reference(r.values["subnet_id"], natID, "subnetID") ?? ""
                let vpcID = subnetIndex[subnetID].map { c.subnets[$0].vpcID } ?? ""
                c.natGateways.append(NATGateway(id: natID, vpcID: vpcID, subnetID: subnetID,
                                                connectivityType: string(r.values["connectivity_type"]) ?? "public",
                                                publicIPs: string(r.values["public_ip"]).map { [$0] } ?? [],
                                                privateIPs: string(r.values["private_ip"]).map { [$0] } ?? [],
                                                tags: tags(r)))
            }

            // Route tables: inline routes, then separate routes and associations.
            var tableIndex: [String: Int] = [:]
            for (i, t) in c.routeTables.enumerated() { tableIndex[t.id] = i }
            func inlineRoutes(_ value: HCLValue?, _ owner: String) -> [Route] {
                guard let items = value?.elements else {
                    if case .unknown(let u)? = value { c.unknowns["\(owner).routes"] = u }
                    return []
                }
                return items.compactMap { item -> Route? in
                    guard let route = item.attributes,
                          let destination = routeDestination(route, owner, cidrField: "cidr_block", ipv6Field: "ipv6_cidr_block",
                                                             prefixListField: "destination_prefix_list_id"),
                          let target = routeTarget(route, owner) else { return nil }
                    return Route(destination: destination, target: target, origin: "CreateRoute")
                }
            }
            for r in of("aws_route_table") {
                let tableID = id(r)
                tableIndex[tableID] = c.routeTables.count
                c.routeTables.append(RouteTable(id: tableID, vpcID: reference(r.values["vpc_id"], tableID, "vpcID") ?? "",
                                                routes: inlineRoutes(r.values["route"], tableID), associations: [], tags: tags(r)))
            }
            for r in of("aws_default_route_table") {
                guard let tableID = reference(r.values["default_route_table_id"], r.address, "routeTableID"),
                      let i = tableIndex[tableID] else { continue }
                c.routeTables[i].routes = inlineRoutes(r.values["route"], tableID)
                let own = tags(r)
                if !own.isEmpty { c.routeTables[i].tags = own }
            }
            for r in of("aws_route") {
                guard let tableID = reference(r.values["route_table_id"], r.address, "routeTableID") else { continue }
                guard let i = tableIndex[tableID] else {
                    c.unknowns["\(r.address).routeTableID"] = tableID
                    continue
                }
                guard let destination = routeDestination(r.values, tableID, cidrField: "destination_cidr_block",
                                                         ipv6Field: "destination_ipv6_cidr_block", prefixListField: "destination_prefix_list_id"),
                      let target = routeTarget(r.values, tableID) else { continue }
                c.routeTables[i].routes.append(Route(destination: destination, target: target, origin: "CreateRoute"))
            }
            for r in of("aws_route_table_association") {
                guard let tableID = reference(r.values["route_table_id"], r.address, "routeTableID"), let i = tableIndex[tableID] else { continue }
                guard let subnetID = reference(r.values["subnet_id"], r.address, "subnetID") else { continue }
                c.routeTables[i].associations.append(RouteTableAssociation(id: id(r), subnetID: subnetID, isMain: false))
            }
            for r in of("aws_main_route_table_association") {
                guard let tableID = reference(r.values["route_table_id"], r.address, "routeTableID"), let i = tableIndex[tableID] else { continue }
                let vpcID = c.routeTables[i].vpcID
                for j in c.routeTables.indices where c.routeTables[j].vpcID == vpcID {
                    c.routeTables[j].associations.removeAll { $0.isMain }
                }
                c.routeTables[i].associations.append(RouteTableAssociation(id: id(r), subnetID: nil, isMain: true))
            }
            // Every table of a VPC starts with the local route for the VPC's blocks.
            for i in c.routeTables.indices {
                guard let v = vpcIndex[c.routeTables[i].vpcID] else { continue }
                let local = c.vpcs[v].cidrs.map { Route(destination: .cidr($0), target: .local, origin: "CreateRouteTable") }
                c.routeTables[i].routes = local + c.routeTables[i].routes.filter { $0.target != .local }
            }

            // Security groups and their rules.
            var groupIndex: [String: Int] = [:]
            for (i, g) in c.securityGroups.enumerated() { groupIndex[g.id] = i }
            for r in of("aws_security_group") {
                let groupID = id(r)
                var name = string(r.values["name"])
                if name == nil {
                    name = string(r.values["name_prefix"]).map { $0 + "…" } ?? r.address
                    c.unknowns["\(groupID).name"] = "\(r.address).name"
                }
                let ingress = (r.values["ingress"]?.elements ?? []).enumerated().compactMap { i, v in
                    v.attributes.map { rule($0, owner: groupID, field: "ingress[\(i)]", groupID: groupID) }
                }
                let egress = (r.values["egress"]?.elements ?? []).enumerated().compactMap { i, v in
                    v.attributes.map { rule($0, owner: groupID, field: "egress[\(i)]", groupID: groupID) }
                }
                groupIndex[groupID] = c.securityGroups.count
                c.securityGroups.append(SecurityGroup(id: groupID, name: name ?? r.address,
                                                      vpcID: reference(r.values["vpc_id"], groupID, "vpcID") ?? "",
                                                      description: string(r.values["description"]) ?? "Managed by Terraform",
                                                      ingress: ingress, egress: egress, tags: tags(r)))
            }
            for r in of("aws_default_security_group") {
                guard let vpcID = reference(r.values["vpc_id"], r.address, "vpcID"),
                      let i = c.securityGroups.firstIndex(where: { $0.vpcID == vpcID && $0.name == "default" }) else { continue }
                let groupID = c.securityGroups[i].id
                c.securityGroups[i].ingress = (r.values["ingress"]?.elements ?? []).enumerated().compactMap { n, v in
                    v.attributes.map { rule($0, owner: groupID, field: "ingress[\(n)]", groupID: groupID) }
                }
                c.securityGroups[i].egress = (r.values["egress"]?.elements ?? []).enumerated().compactMap { n, v in
                    v.attributes.map { rule($0, owner: groupID, field: "egress[\(n)]", groupID: groupID) }
                }
            }
            for r in of("aws_security_group_rule") {
                guard let groupID = reference(r.values["security_group_id"], r.address, "securityGroupID"),
                      let i = groupIndex[groupID] else { continue }
                var values = r.values
                if let source = values["source_security_group_id"], source != .null {
                    values["security_groups"] = .list([source])
                }
                let isEgress = string(r.values["type"]) == "egress"
                let field = isEgress ? "egress[\(c.securityGroups[i].egress.count)]" : "ingress[\(c.securityGroups[i].ingress.count)]"
                let made = rule(values, owner: groupID, field: field, groupID: groupID)
                if isEgress { c.securityGroups[i].egress.append(made) } else { c.securityGroups[i].ingress.append(made) }
            }
            for type in ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"] {
                for r in of(type) {
                    guard let groupID = reference(r.values["security_group_id"], r.address, "securityGroupID"),
                          let i = groupIndex[groupID] else { continue }
                    let isEgress = type.hasSuffix("egress_rule")
                    let field = isEgress ? "egress[\(c.securityGroups[i].egress.count)]" : "ingress[\(c.securityGroups[i].ingress.count)]"
                    var values: [String: HCLValue] = ["protocol": r.values["ip_protocol"] ?? .string("-1"),
                                                      "description": r.values["description"] ?? .null]
                    values["from_port"] = r.values["from_port"]
                    values["to_port"] = r.values["to_port"]
                    if let v = r.values["cidr_ipv4"], v != .null { values["cidr_blocks"] = .list([v]) }
                    if let v = r.values["cidr_ipv6"], v != .null { values["ipv6_cidr_blocks"] = .list([v]) }
                    if let v = r.values["prefix_list_id"], v != .null { values["prefix_list_ids"] = .list([v]) }
                    if let v = r.values["referenced_security_group_id"], v != .null { values["security_groups"] = .list([v]) }
                    let made = rule(values, owner: groupID, field: field, groupID: groupID)
                    if isEgress { c.securityGroups[i].egress.append(made) } else { c.securityGroups[i].ingress.append(made) }
                }
            }

            // Endpoints, their associations, policies, ENIs and prefix-list routes.
            var endpointIndex: [String: Int] = [:]
            for r in of("aws_vpc_endpoint") {
                let endpointID = id(r)
                let kind = VPCEndpoint.Kind(parsing: string(r.values["vpc_endpoint_type"]) ?? "Gateway")
                var serviceName = string(r.values["service_name"]) ?? ""
                if case .unknown(let u)? = r.values["service_name"] {
                    c.unknowns["\(endpointID).serviceName"] = u
                    serviceName = u
                }
                var policy: String?
                switch r.values["policy"] {
                case .unknown(let u)?: c.unknowns["\(endpointID).policyDocument"] = u
                case let v?: policy = string(v).flatMap { $0.isEmpty ? nil : $0 }
                case nil: break
                }
                endpointIndex[endpointID] = c.endpoints.count
                c.endpoints.append(VPCEndpoint(
                    id: endpointID, vpcID: reference(r.values["vpc_id"], endpointID, "vpcID") ?? "", kind: kind,
                    serviceName: serviceName, state: fromState ? (string(r.values["state"]) ?? "available") : "available",
                    policyDocument: policy,
                    routeTableIDs: references(r.values["route_table_ids"], endpointID, "routeTableIDs"),
                    subnetIDs: references(r.values["subnet_ids"], endpointID, "subnetIDs"),
                    securityGroupIDs: references(r.values["security_group_ids"], endpointID, "securityGroupIDs"),
                    privateDNSEnabled: bool(r.values["private_dns_enabled"], endpointID, "privateDNSEnabled", default: false) ?? false,
                    tags: tags(r), ownerID: string(r.values["owner_id"])))
                if let prefixList = string(r.values["prefix_list_id"]), kind == .gateway {
                    c.prefixLists.append(PrefixList(id: prefixList, name: serviceName))
                }
            }
            func endpoint(_ r: TerraformResourceInstance) -> Int? {
                reference(r.values["vpc_endpoint_id"], r.address, "vpcEndpointID").flatMap { endpointIndex[$0] }
            }
            for r in of("aws_vpc_endpoint_subnet_association") {
                guard let i = endpoint(r), let s = reference(r.values["subnet_id"], r.address, "subnetID") else { continue }
                c.endpoints[i].subnetIDs.append(s)
            }
            for r in of("aws_vpc_endpoint_route_table_association") {
                guard let i = endpoint(r), let t = reference(r.values["route_table_id"], r.address, "routeTableID") else { continue }
                c.endpoints[i].routeTableIDs.append(t)
            }
            for r in of("aws_vpc_endpoint_security_group_association") {
                guard let i = endpoint(r), let g = reference(r.values["security_group_id"], r.address, "securityGroupID") else { continue }
                c.endpoints[i].securityGroupIDs.append(g)
            }
            for r in of("aws_vpc_endpoint_policy") {
                guard let i = endpoint(r) else { continue }
                if case .unknown(let u)? = r.values["policy"] {
                    c.unknowns["\(c.endpoints[i].id).policyDocument"] = u
                } else {
                    c.endpoints[i].policyDocument = string(r.values["policy"])
                }
            }
            for i in c.endpoints.indices {
                let e = c.endpoints[i]
                switch e.kind {
                case .gateway:
                    let prefixList = c.prefixLists.first { $0.name == e.serviceName }?.id ?? prefixListID(e.serviceName)
                    if !c.prefixLists.contains(where: { $0.id == prefixList }) {
                        c.prefixLists.append(PrefixList(id: prefixList, name: e.serviceName))
                    }
                    for tableID in e.routeTableIDs {
                        guard let t = tableIndex[tableID] else { continue }
                        let route = Route(destination: .prefixList(prefixList), target: .vpcEndpoint(e.id), origin: "CreateRoute")
                        if !c.routeTables[t].routes.contains(route) { c.routeTables[t].routes.append(route) }
                    }
                case .interface, .gatewayLoadBalancer, .resource, .serviceNetwork, .other:
                    var groups = e.securityGroupIDs
                    if groups.isEmpty && e.kind == .interface && c.unknowns["\(e.id).securityGroupIDs"] == nil,
                       let v = vpcIndex[e.vpcID] {
                        // With no security group given, AWS attaches the VPC's default one.
                        groups = [c.securityGroups.first { $0.vpcID == c.vpcs[v].id && $0.name == "default" }?.id ?? defaultSecurityGroupID(e.vpcID)]
                        c.endpoints[i].securityGroupIDs = groups
                    }
                    var eniIDs: [String] = []
                    for subnetID in e.subnetIDs {
                        let subnet = subnetIndex[subnetID].map { c.subnets[$0] }
                        let eniID = "\(e.id) eni \(subnet?.availabilityZone ?? subnetID)"
                        eniIDs.append(eniID)
                        c.networkInterfaces.append(NetworkInterface(
                            id: eniID, vpcID: e.vpcID, subnetID: subnetID, availabilityZone: subnet?.availabilityZone, privateIP: nil,
                            interfaceType: e.kind == .interface ? "vpc_endpoint" : "gateway_load_balancer_endpoint",
                            description: "VPC Endpoint Interface \(e.id)", securityGroupIDs: groups))
                        c.unknowns["\(eniID).privateIP"] = "\(e.id).network_interface_ids"
                    }
                    c.endpoints[i].networkInterfaceIDs = eniIDs
                }
            }
            for p in c.prefixLists where p.id.hasPrefix("pl-com.") {
                c.unknowns["\(p.id).id"] = "the AWS-managed prefix list of \(p.name)"
            }
            if let unknownRegion {
                for v in c.vpcs { c.unknowns["\(v.id).region"] = unknownRegion }
            }

            c.known = knownKinds(Set(byType.keys), c)
            buildInterconnect(of, types: Set(byType.keys))
            return c
        }

        /// A configuration with a VPC builds the whole network, so every kind is known (possibly empty);
        /// without one, only the kinds it declares (and what they imply) are.
        func knownKinds(_ types: Set<String>, _ c: InventoryContents) -> Set<ResourceKind> {
            if types.contains("aws_vpc") || types.contains("aws_default_vpc") { return Set(ResourceKind.allCases) }
            var known: Set<ResourceKind> = []
            if types.contains("aws_subnet") { known.insert(.subnets) }
            if !types.isDisjoint(with: ["aws_route_table", "aws_default_route_table"]) { known.insert(.routeTables) }
            if types.contains("aws_vpc_endpoint") { known.insert(.vpcEndpoints) }
            if c.endpoints.contains(where: { $0.kind == .interface }) { known.insert(.networkInterfaces) }
            if c.endpoints.contains(where: { $0.kind == .gateway }) { known.insert(.prefixLists) }
            if types.contains("aws_security_group") { known.insert(.securityGroups) }
            if types.contains("aws_nat_gateway") { known.insert(.natGateways) }
            if types.contains("aws_internet_gateway") { known.insert(.internetGateways) }
            return known
        }
    }
}
