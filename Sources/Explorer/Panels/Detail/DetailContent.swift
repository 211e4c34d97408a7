import Analysis
import Canvas
import Model

/// The detail pane's text for each kind of node: everything a reader of the article wants to see.
public enum DetailContent {
    static let label = Style(.label)
    static let value = Style(.value)
    static let id = Style(.id)
    static let heading = Style(.title, bold: true)
    static let dim = Style(.dim)

    /// The lines for a node. `centralisation`: a region's centralise? answer, priced as the session
    /// prices it (`AppState.selectedRegionCentralisation`, which the Cost panel draws too).
    public static func lines(for node: NavigatorNode?, in inventory: Inventory, glyphs: BoxGlyphs,
                             resolver: CountedResolver? = nil, centralisation: Centralisation? = nil) -> [StyledLine] {
        guard let node else { return [StyledLine("Nothing selected.", dim)] + provenanceLines(inventory) }
        var lines = resourceLines(for: node, in: inventory, glyphs: glyphs, resolver: resolver, centralisation: centralisation)
        if let id = node.id.resourceID, inventory.contents.planned.contains(id), !lines.isEmpty {
            lines.insert(StyledLine("+ planned: the spec adds it; not yet in AWS", Style(.whatIf, bold: true)), at: 1)
        }
        if case .region = node.id { lines += provenanceLines(inventory) }
        if case .vpc = node.id { lines += provenanceLines(inventory) }
        return lines
    }

    /// What vpcx assumed and what the sources lack, under the region and VPC details.
    static func provenanceLines(_ inventory: Inventory) -> [StyledLine] {
        var lines: [StyledLine] = []
        let gaps = inventory.sources.flatMap(\.gaps)
        if !gaps.isEmpty {
            lines += ["", StyledLine("Incomplete", Style(.severityWarning, bold: true))]
            lines += gaps.map { StyledLine("  " + $0, Style(.severityWarning)) }
        }
        if !inventory.contents.assumptions.isEmpty {
            lines += ["", StyledLine("Assumed", heading)]
            lines += inventory.contents.assumptions.map { StyledLine("  " + $0, dim) }
        }
        return lines
    }

    static func resourceLines(for node: NavigatorNode, in inventory: Inventory, glyphs: BoxGlyphs,
                              resolver: CountedResolver?, centralisation: Centralisation?) -> [StyledLine] {
        switch node.id {
        case .region(let region):
            let vpcs = inventory.vpcs.filter { ($0.region ?? NavigatorTree.unknownRegion) == region }
            return regionLines(region, vpcs, inventory)
                + (centralisation.map { InterconnectDetail.centraliseLines($0, glyphs: glyphs) } ?? [])
        case .account(let account, let region):
            let vpcs = inventory.vpcs.filter { ($0.region ?? NavigatorTree.unknownRegion) == region && ($0.ownerID ?? NavigatorTree.unknownAccount) == account }
            return InterconnectDetail.accountLines(account, region, vpcs, inventory)
        case .vpc(let id):
            return inventory.vpc(id).map { vpcLines($0, inventory, glyphs) } ?? missing(id)
        case .subnet(let id):
            let paths = resolver ?? CountedResolver(PathResolver(inventory: inventory))
            return inventory.subnet(id).map { subnetLines($0, inventory, paths, glyphs) } ?? missing(id)
        case .routeTable(let id):
            return inventory.routeTable(id).map { routeTableLines($0, inventory, glyphs) } ?? missing(id)
        case .endpoint(let id):
            return inventory.endpoint(id).map { endpointLines($0, inventory, glyphs) } ?? missing(id)
        case .natGateway(let id):
            return inventory.natGateway(id).map { natLines($0, inventory, glyphs) } ?? missing(id)
        case .internetGateway(let id):
            return inventory.internetGateway(id).map { igwLines($0, inventory) } ?? missing(id)
        case .securityGroup(let id):
            return inventory.securityGroup(id).map { securityGroupLines($0, inventory) } ?? missing(id)
        case .subnets(let v), .zone(let v, _), .routeTables(let v), .endpoints(let v, _), .natGateways(let v),
             .internetGateways(let v), .securityGroups(let v):
            var lines = [StyledLine(node.label + " of " + inventory.displayName(v), heading), ""]
            lines.append(field("Count", node.detail))
            lines.append("")
            lines.append(StyledLine("Enter opens the group; select an item for its details.", dim))
            return lines
        }
    }

    static func missing(_ id: String) -> [StyledLine] { [StyledLine("\(id) is no longer in the inventory.", dim)] }

    /// `Label   value` with the label in its role.
    static func field(_ name: String, _ text: String, _ style: Style = value) -> StyledLine {
        StyledLine([Span(TextWidth.pad(name, to: 19) + " ", label), Span(text, style)])
    }

    static func known(_ flag: Bool?) -> (String, Style) {
        switch flag {
        case true?: return ("true", Style(.ok))
        case false?: return ("false", Style(.severityWarning, bold: true))
        case nil: return ("unknown (no describe-vpc-attribute answer)", Style(.unknown))
        }
    }

    static func tagLines(_ tags: [Tag]) -> [StyledLine] {
        guard !tags.isEmpty else { return [] }
        return [StyledLine("Tags", heading)] + tags.map { StyledLine([Span("  \($0.key)", label), Span(" = "), Span($0.value, value)]) }
    }

    // MARK: Region and VPC

    static func regionLines(_ region: String, _ vpcs: [VPC], _ inventory: Inventory) -> [StyledLine] {
        var lines = [StyledLine("Region \(region)", heading), ""]
        lines.append(field("VPCs", "\(vpcs.count)"))
        let endpoints = vpcs.reduce(0) { $0 + (inventory.endpointsByVPC[$1.id]?.count ?? 0) }
        lines.append(field("Endpoints", inventory.knows(.vpcEndpoints) ? "\(endpoints)" : "unknown (not collected)"))
        lines.append(field("Subnets", inventory.knows(.subnets) ? "\(vpcs.reduce(0) { $0 + (inventory.subnetsByVPC[$1.id]?.count ?? 0) })" : "unknown (not collected)"))
        return lines
    }

    static func vpcLines(_ vpc: VPC, _ inventory: Inventory, _ glyphs: BoxGlyphs) -> [StyledLine] {
        var lines = [StyledLine([Span("VPC ", heading), Span(vpc.name ?? vpc.id, heading)]), ""]
        lines.append(field("ID", vpc.id, id))
        lines.append(field("CIDR", vpc.cidrs.isEmpty ? (inventory.unknown(vpc.id, "cidr") ?? "unknown") : vpc.cidrs.map(\.description).joined(separator: ", ")))
        if let region = vpc.region { lines.append(field("Region", region)) }
        if let owner = vpc.ownerID { lines.append(field("Account", owner)) }
        if !vpc.state.isEmpty { lines.append(field("State", vpc.state)) }
        let support = known(vpc.enableDnsSupport), hostnames = known(vpc.enableDnsHostnames)
        lines.append(field("DNS support", support.0, support.1))
        lines.append(field("DNS hostnames", hostnames.0, hostnames.1))
        if vpc.enableDnsSupport == false || vpc.enableDnsHostnames == false {
            lines.append(StyledLine("  Private DNS of interface endpoints needs both: SDK calls go to public IPs.", Style(.severityWarning)))
        }
        lines.append("")
        let subnets = inventory.subnets(in: vpc.id)
        let privateCount = subnets.filter { inventory.isPrivate($0) }.count
        // "Not collected" is not "none": a count of a kind no source described would be a wrong answer.
        let notCollected = "unknown (not collected)"
        func counted(_ kind: ResourceKind, _ text: String) -> String { inventory.knows(kind, in: vpc.id) ? text : notCollected }
        lines.append(field("Subnets", !inventory.knows(.subnets, in: vpc.id) ? notCollected
            : inventory.knows(.routeTables, in: vpc.id) ? "\(subnets.count) (\(privateCount) private, \(subnets.count - privateCount) public)"
            : "\(subnets.count) (private or public unknown: route tables not collected)"))
        lines.append(field("AZs", Array(Set(subnets.compactMap(\.availabilityZone))).sorted().joined(separator: ", ")))
        let endpoints = inventory.endpoints(in: vpc.id)
        let gateways = endpoints.filter { $0.kind == .gateway }, interfaces = endpoints.filter { $0.kind == .interface }
        lines.append(field("Gateway endpoints", counted(.vpcEndpoints, gateways.isEmpty ? "none" : gateways.map(\.service).sorted().joined(separator: ", "))))
        lines.append(field("Interface endpoints", counted(.vpcEndpoints, interfaces.isEmpty ? "none" : interfaces.map(\.service).sorted().joined(separator: ", "))))
        lines.append(field("NAT gateways", counted(.natGateways, "\(inventory.natGateways(in: vpc.id).count)")))
        lines.append(field("Internet gateway", counted(.internetGateways, inventory.internetGateways(in: vpc.id).map(\.id).joined(separator: ", ").nonEmpty ?? "none")))
        lines.append("")
        lines += InterconnectDetail.vpcLines(vpc, inventory, glyphs)
        return lines + tagLines(vpc.tags)
    }

    // MARK: Subnet

    static func subnetLines(_ subnet: Subnet, _ inventory: Inventory, _ resolver: CountedResolver, _ glyphs: BoxGlyphs) -> [StyledLine] {
        let isPrivate = inventory.isPrivate(subnet)
        var lines = [StyledLine([Span("Subnet ", heading), Span(subnet.name ?? subnet.id, heading),
                                 Span(isPrivate ? "  [private]" : "  [public]", Style(isPrivate ? .privateSubnet : .publicSubnet, bold: true))]), ""]
        lines.append(field("ID", subnet.id, id))
        lines.append(field("VPC", inventory.displayName(subnet.vpcID)))
        lines.append(field("CIDR", subnet.cidr?.description ?? (inventory.unknown(subnet.id, "cidr") ?? "unknown")))
        lines.append(field("AZ", [subnet.availabilityZone, subnet.availabilityZoneID.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ").nonEmpty ?? "unknown"))
        if let free = subnet.availableIPAddressCount { lines.append(field("Free IPs", "\(free)")) }
        if !subnet.ipv6CIDRs.isEmpty {
            lines.append(field("IPv6", subnet.ipv6CIDRs.joined(separator: ", ") + (subnet.isIPv6Only ? " (IPv6-only)" : " (dual-stack)")))
        }
        if let others = inventory.contents.otherInterfaceCount[subnet.id] {
            lines.append(field("Instance ENIs", "\(others)"))
        } else if !inventory.knows(.networkInterfaces, in: subnet.vpcID) {
            lines.append(field("Instance ENIs", "unknown (not collected)"))
        }
        // Endpoint and NAT ENIs have their own panels; the others (Lambda, EFS, RDS, ...) are said here.
        let managed = Dictionary(grouping: inventory.networkInterfaces.filter { $0.subnetID == subnet.id }.compactMap(\.managedBy)
            .filter { $0 != "VPC endpoint" && $0 != "NAT gateway" }) { $0 }
        if !managed.isEmpty {
            lines.append(field("AWS-managed ENIs", managed.keys.sorted().map { "\($0) \(managed[$0]?.count ?? 0)" }.joined(separator: ", ")))
        }
        lines.append(field("Public IP launch", subnet.mapPublicIPOnLaunch ? "yes" : "no"))
        lines.append("")
        if let table = inventory.routeTable(forSubnet: subnet.id) {
            let how = inventory.hasExplicitRouteTable(subnet.id) ? "explicit association" : "the VPC's main table"
            lines.append(StyledLine([Span("Route table ", heading), Span(inventory.displayName(table.id), heading), Span("  (\(how))", dim)]))
            lines += routeLines(table, inventory, glyphs)
        } else {
            lines.append(StyledLine("Route table: unknown (no describe-route-tables, or no main table)", Style(.unknown)))
        }
        lines.append("")
        lines.append(StyledLine("What it reaches (press 2 for the diagrams)", heading))
        lines += ReachSummary.lines(for: subnet, in: inventory, resolver: resolver, glyphs: glyphs)
        lines.append("")
        return lines + tagLines(subnet.tags)
    }

    /// A route per line: destination → target, with names and services resolved.
    static func routeLines(_ table: RouteTable, _ inventory: Inventory, _ glyphs: BoxGlyphs) -> [StyledLine] {
        table.routes.map { route in
            var destination = route.destination.description
            if case .prefixList(let pl) = route.destination, let service = inventory.service(ofPrefixList: pl, target: route.target) {
                destination += " (\(service))"
            }
            let target = route.target == .local ? "local" : inventory.displayName(route.target.id)
            let arrow = " \(glyphs.arrowRight) "
            var spans = [Span("  " + TextWidth.pad(destination, to: 28)), Span(arrow, dim), Span(target, targetStyle(route.target))]
            if route.isBlackhole { spans.append(Span("  BLACKHOLE", Style(.pathBlocked, bold: true))) }
            return StyledLine(spans)
        }
    }

    static func targetStyle(_ target: RouteTarget) -> Style {
        switch target {
        case .natGateway: return Style(.pathNAT)
        case .internetGateway: return Style(.pathInternet)
        case .vpcEndpoint: return Style(.pathEndpoint)
        default: return value
        }
    }

    // MARK: Route table, NAT, IGW, security group

    static func routeTableLines(_ table: RouteTable, _ inventory: Inventory, _ glyphs: BoxGlyphs) -> [StyledLine] {
        var lines = [StyledLine([Span("Route table ", heading), Span(table.name ?? table.id, heading),
                                 Span(table.isMain ? "  [main]" : "", Style(.label, bold: true))]), ""]
        lines.append(field("ID", table.id, id))
        lines.append(field("VPC", inventory.displayName(table.vpcID)))
        let subnets = table.subnetIDs.map { inventory.displayName($0) }
        lines.append(field("Subnets", subnets.isEmpty ? (table.isMain ? "every subnet without its own table" : "none") : subnets[0]))
        for s in subnets.dropFirst() { lines.append(field("", s)) }
        lines.append("")
        lines.append(StyledLine("Routes", heading))
        lines += routeLines(table, inventory, glyphs)
        lines.append("")
        return lines + tagLines(table.tags)
    }

    static func natLines(_ nat: NATGateway, _ inventory: Inventory, _ glyphs: BoxGlyphs) -> [StyledLine] {
        var lines = [StyledLine([Span("NAT gateway ", heading), Span(nat.name ?? nat.id, heading)]), ""]
        lines.append(field("ID", nat.id, id))
        lines.append(field("State", nat.state, nat.isAvailable ? value : Style(.severityError, bold: true)))
        lines.append(field("Connectivity", nat.connectivityType))
        lines.append(field("Subnet", inventory.displayName(nat.subnetID)))
        if let az = inventory.subnet(nat.subnetID)?.availabilityZone { lines.append(field("AZ", az)) }
        if !nat.publicIPs.isEmpty { lines.append(field("Public IPs", nat.publicIPs.joined(separator: ", "))) }
        if !nat.privateIPs.isEmpty { lines.append(field("Private IPs", nat.privateIPs.joined(separator: ", "))) }
        let users = inventory.routeTables(in: nat.vpcID).filter { t in t.routes.contains { $0.target == .natGateway(nat.id) } }
        lines.append(field("Used by tables", users.isEmpty ? "none" : users.map { $0.name ?? $0.id }.joined(separator: ", ")))
        if let own = inventory.routeTable(forSubnet: nat.subnetID), let route = inventory.defaultRoute(in: own) {
            lines.append(field("Its own route", glyphs.displayed("0.0.0.0/0 -> \(inventory.displayName(route.target.id))")))
        }
        lines.append("")
        let prices = PriceTable.listPrices
        lines.append(StyledLine("Costs \(CostFormat.money(prices.natGatewayHourly, decimals: 3))/hour and "
                                + "\(CostFormat.money(prices.natGatewayPerGB, decimals: 3)) per GB it processes (list price).", dim))
        lines.append("")
        return lines + tagLines(nat.tags)
    }

    static func igwLines(_ igw: InternetGateway, _ inventory: Inventory) -> [StyledLine] {
        var lines = [StyledLine([Span("Internet gateway ", heading), Span(igw.name ?? igw.id, heading)]), ""]
        lines.append(field("ID", igw.id, id))
        lines.append(field("Attached to", igw.attachedVPCIDs.map { inventory.displayName($0) }.joined(separator: ", ").nonEmpty ?? "nothing"))
        lines.append("")
        return lines + tagLines(igw.tags)
    }

    static func securityGroupLines(_ group: SecurityGroup, _ inventory: Inventory) -> [StyledLine] {
        var lines = [StyledLine([Span("Security group ", heading), Span(group.name.isEmpty ? group.id : group.name, heading)]), ""]
        lines.append(field("ID", group.id, id))
        lines.append(field("VPC", inventory.displayName(group.vpcID)))
        if !group.description.isEmpty { lines.append(field("Description", group.description)) }
        lines.append("")
        lines.append(StyledLine("Inbound", heading))
        if group.ingress.isEmpty { lines.append(StyledLine("  nothing is allowed in", Style(.severityWarning))) }
        for rule in group.ingress {
            let https = rule.coversTCP(port: 443)
            lines.append(StyledLine([Span("  " + rule.summary, https ? Style(.ok) : value), Span(https ? "  (HTTPS)" : "", dim)]))
        }
        lines.append(StyledLine("Outbound", heading))
        for rule in group.egress { lines.append(StyledLine("  " + rule.summary, value)) }
        let users = inventory.endpoints(in: group.vpcID).filter { $0.securityGroupIDs.contains(group.id) }
        if !users.isEmpty {
            lines.append("")
            lines.append(field("Endpoints", users.map(\.service).sorted().joined(separator: ", ")))
        }
        lines.append("")
        return lines + tagLines(group.tags)
    }
}

extension String {
    /// nil for the empty string, so `?? "none"` reads naturally.
    var nonEmpty: String? { isEmpty ? nil : self }
}
