import Analysis
import Canvas
import Model

extension DetailContent {
    /// An endpoint: type, service, state, private DNS, subnets and AZs, ENIs with private IPs,
    /// security groups and their 443 rules, DNS names, route tables, policy summary.
    static func endpointLines(_ endpoint: VPCEndpoint, _ inventory: Inventory, _ glyphs: BoxGlyphs) -> [StyledLine] {
        let kindStyle = Style(endpoint.kind == .gateway ? .gatewayEndpoint : .interfaceEndpoint, bold: true)
        var lines = [StyledLine([Span("Endpoint ", heading), Span(endpoint.service, heading),
                                 Span("  [\(endpoint.kind.rawValue.lowercased())]", kindStyle)]), ""]
        lines.append(field("ID", endpoint.id, id))
        if let name = endpoint.name { lines.append(field("Name", name)) }
        lines.append(field("Service", endpoint.serviceName))
        lines.append(field("VPC", inventory.displayName(endpoint.vpcID)))
        lines.append(field("State", endpoint.state, endpoint.isAvailable ? Style(.ok) : Style(.severityError, bold: true)))
        if !endpoint.isAvailable {
            lines.append(StyledLine("  Not available: traffic does not use it. If stuck in pending, check free IPs in the subnets,", Style(.severityError)))
            lines.append(StyledLine("  that the security group exists, and that the service exists in this region.", Style(.severityError)))
        }
        switch endpoint.kind {
        case .gateway:
            lines.append(field("Cost", "free (no hourly or data charge)", Style(.costSaving)))
            lines.append("")
            lines.append(StyledLine("Route tables (prefix-list route to this endpoint)", heading))
            let tables = inventory.routeTables(in: endpoint.vpcID)
            for table in tables {
                let carries = endpoint.routeTableIDs.contains(table.id)
                    || table.routes.contains { $0.target == .vpcEndpoint(endpoint.id) }
                let subnets = inventory.subnets(in: endpoint.vpcID).filter { inventory.routeTable(forSubnet: $0.id)?.id == table.id }
                let uses = subnets.map { $0.name ?? $0.id }.joined(separator: ", ")
                // Not carrying is a problem only where the traffic would pay NAT instead; a table whose
                // way out is an internet gateway reaches the service free.
                var throughNAT = false
                if let route = inventory.defaultRoute(in: table), !route.isBlackhole, case .natGateway = route.target { throughNAT = true }
                let mark = carries ? String(glyphs.check) : throughNAT ? String(glyphs.crossMark) : String(glyphs.bullet)
                lines.append(StyledLine([Span("  \(mark) ", carries ? Style(.ok) : throughNAT ? Style(.severityWarning) : dim),
                                         Span(table.name ?? table.id, value),
                                         Span(uses.isEmpty ? "" : "  (\(uses))", dim),
                                         Span(carries || !throughNAT ? "" : "  not on this table: its traffic pays NAT", Style(.severityWarning))]))
            }
        case .interface, .gatewayLoadBalancer, .resource, .serviceNetwork, .other:
            let dnsOn = endpoint.privateDNSEnabled
            lines.append(field("Private DNS", dnsOn ? "enabled" : "disabled: the SDK's default hostname resolves to public IPs",
                               dnsOn ? Style(.ok) : Style(.severityWarning, bold: true)))
            if let vpc = inventory.vpc(endpoint.vpcID), dnsOn, vpc.enableDnsSupport != true || vpc.enableDnsHostnames != true {
                lines.append(StyledLine("  …but the VPC's DNS support/hostnames are not both on: private DNS does not work.",
                                        Style(.severityError)))
            }
            // IPv4 is the default: shown only when the endpoint says something else.
            if let type = endpoint.ipAddressType, type != "ipv4" { lines.append(field("IP address type", type)) }
            if let record = endpoint.dnsRecordIPType, record != "ipv4" { lines.append(field("DNS record IP type", record)) }
            if endpoint.privateDNSOnlyForInboundResolverEndpoint == true {
                lines.append(field("Private DNS", "only for the inbound Resolver endpoint: in-VPC callers use the gateway endpoint"))
            }
            let zones = inventory.availabilityZones(of: endpoint)
            lines.append(field("AZs", zones.isEmpty ? "none" : "\(zones.count): " + zones.joined(separator: ", ")))
            let prices = PriceTable.listPrices
            let hourly = prices.interfaceEndpointHourly * prices.hoursPerMonth * Double(zones.count)
            lines.append(field("Cost", CostFormat.money(hourly) + "/month before data ("
                               + CostFormat.money(prices.interfaceEndpointHourly) + " per AZ-hour)"))
            lines.append("")
            lines.append(StyledLine("Network interfaces (one per AZ)", heading))
            let enis = inventory.interfaces(of: endpoint)
            if enis.isEmpty && !endpoint.networkInterfaceIDs.isEmpty {
                for eni in endpoint.networkInterfaceIDs {
                    lines.append(StyledLine("  \(eni)  (\(inventory.whyAbsent(.networkInterfaces)): describe-network-interfaces)", Style(.unknown)))
                }
            }
            for eni in enis {
                lines.append(StyledLine([Span("  " + TextWidth.pad(eni.availabilityZone ?? "?", to: 12), label),
                                         Span(TextWidth.pad(eni.privateIP?.description ?? "ip unknown", to: 16), value),
                                         Span(eni.id, id), Span("  " + inventory.displayName(eni.subnetID), dim)]))
            }
            if enis.isEmpty && endpoint.networkInterfaceIDs.isEmpty {
                for subnet in endpoint.subnetIDs { lines.append(StyledLine("  subnet " + inventory.displayName(subnet), value)) }
            }
            lines.append("")
            lines.append(StyledLine("Security groups (HTTPS 443 in)", heading))
            if endpoint.securityGroupIDs.isEmpty { lines.append(StyledLine("  none", Style(.severityError))) }
            for groupID in endpoint.securityGroupIDs {
                guard let group = inventory.securityGroup(groupID) else {
                    lines.append(StyledLine("  \(groupID)  (unknown: not in the inventory)", Style(.unknown)))
                    continue
                }
                lines.append(StyledLine([Span("  " + (group.name.isEmpty ? group.id : group.name), value), Span("  " + group.id, id)]))
                let https = group.ingress.filter { $0.coversTCP(port: 443) }
                if https.isEmpty { lines.append(StyledLine("    no rule allows TCP 443: callers cannot connect", Style(.severityError, bold: true))) }
                for rule in https { lines.append(StyledLine("    " + rule.summary, Style(.ok))) }
            }
            if !endpoint.dnsEntries.isEmpty {
                lines.append("")
                lines.append(StyledLine("DNS names", heading))
                for entry in endpoint.dnsEntries { lines.append(StyledLine("  " + entry.name, value)) }
            }
        }
        lines.append("")
        lines += policySummary(endpoint)
        lines.append("")
        return lines + tagLines(endpoint.tags)
    }

    /// Statement by statement, one line each, from the policy analysis' own reading of the document;
    /// the Policy panel (5) shows the whole document.
    static func policySummary(_ endpoint: VPCEndpoint) -> [StyledLine] {
        var lines = [StyledLine("Policy (press 5 for the document and a request tester)", heading)]
        let document: PolicyDocument
        do {
            document = try PolicyDocument.forEndpoint(endpoint.policyDocument)
        } catch {
            lines.append(StyledLine("  malformed policy document: \(error.description)", Style(.severityError, bold: true)))
            return lines
        }
        if document.isDefault {
            lines.append(StyledLine("  default: full access (Allow * on * for *)", dim))
            return lines
        }
        for statement in document.statements {
            let deny = statement.effect == .deny
            let sid = statement.sid.map { "\"\($0)\" " } ?? ""
            let resources = statement.resource.map(patternText) ?? "*"
            lines.append(StyledLine([Span("  \(statement.index). ", dim),
                                     Span(statement.effect.rawValue, Style(deny ? .severityError : .ok, bold: true)),
                                     Span(" \(sid)", label), Span("\(patternText(statement.action)) on \(resources)", value)]))
        }
        return lines
    }

    /// `s3:GetObject, s3:PutObject +2`, or `NOT …` for NotAction / NotResource.
    static func patternText(_ list: PatternList) -> String {
        let p = list.patterns
        let text = p.count <= 2 ? p.joined(separator: ", ") : "\(p[0]), \(p[1]) +\(p.count - 2)"
        return (list.negated ? "NOT " : "") + text
    }
}
