import Model

/// Transit gateways, peering, private hosted zones and Resolver rules from Terraform resources, with
/// what AWS adds on its own: a transit gateway's default route table (associations and propagations of
/// attachments that keep the defaults), the routes propagation puts in it, and each interface endpoint's
/// regional DNS name, so a record aliased to `aws_vpc_endpoint.x.dns_entry[0].dns_name` names it.
extension TerraformMapping {
    /// The default route table AWS makes with a transit gateway (its real ID is AWS's).
    static func defaultTGWRouteTableID(_ tgwID: String) -> String { "\(tgwID) (default route table)" }
    /// The regional DNS name a configuration's interface endpoint gets (computed by AWS).
    static func endpointDNSName(_ endpointID: String) -> String { "\(endpointID) (regional DNS name)" }

    /// The types this file reads: a configuration with none of them says nothing about what lies between VPCs.
    static let interconnectTypes: Set<String> = [
        "aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_route_table",
        "aws_ec2_transit_gateway_route_table_association", "aws_ec2_transit_gateway_route_table_propagation",
        "aws_ec2_transit_gateway_route", "aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter",
        "aws_route53_zone", "aws_route53_zone_association", "aws_route53_record", "aws_route53_resolver_endpoint",
        "aws_route53_resolver_rule", "aws_route53_resolver_rule_association",
    ]
}

extension TerraformMapping.Builder {
    mutating func buildInterconnect(_ of: (String) -> [TerraformResourceInstance], types: Set<String>) {
        guard !types.isDisjoint(with: TerraformMapping.interconnectTypes) else { return }
        var net = InterconnectContents()
        // The name a record's alias to `dns_entry[0].dns_name` resolves to (see `addComputedAttributes`).
        for i in c.endpoints.indices where c.endpoints[i].kind == .interface && c.endpoints[i].dnsEntries.isEmpty {
            c.endpoints[i].dnsEntries = [DNSEntry(name: TerraformMapping.endpointDNSName(c.endpoints[i].id))]
        }
        let vpcBlocks = Dictionary(c.vpcs.map { ($0.id, $0.cidrs) }, uniquingKeysWith: { a, _ in a })

        // Transit gateways, each with its default route table unless the configuration turns it off.
        var defaults: [String: (association: Bool, propagation: Bool)] = [:]
        for r in of("aws_ec2_transit_gateway") {
            let tgw = id(r)
            let association = string(r.values["default_route_table_association"])?.lowercased() != "disable"
            let propagation = string(r.values["default_route_table_propagation"])?.lowercased() != "disable"
            defaults[tgw] = (association, propagation)
            let table = TerraformMapping.defaultTGWRouteTableID(tgw)
            net.transitGateways.append(TransitGateway(id: tgw, ownerID: string(r.values["owner_id"]), region: region,
                                                      defaultAssociationRouteTableID: association ? table : nil,
                                                      defaultPropagationRouteTableID: propagation ? table : nil, tags: tags(r)))
            if association || propagation {
                net.tgwRouteTables.append(TransitGatewayRouteTable(id: table, transitGatewayID: tgw,
                                                                   tags: [Tag(key: "Name", value: "default route table of \(r.address)")],
                                                                   propagations: [], routes: [], associations: []))
            }
        }
        for r in of("aws_ec2_transit_gateway_route_table") {
            net.tgwRouteTables.append(TransitGatewayRouteTable(id: id(r), transitGatewayID: reference(r.values["transit_gateway_id"], id(r), "transitGatewayID") ?? "",
                                                               tags: tags(r), propagations: [], routes: [], associations: []))
        }
        func tableIndex(_ tableID: String) -> Int? { net.tgwRouteTables.firstIndex { $0.id == tableID } }
        var associated: [String: String] = [:]
        for r in of("aws_ec2_transit_gateway_vpc_attachment") {
            let attachment = id(r)
            let tgw = reference(r.values["transit_gateway_id"], attachment, "transitGatewayID") ?? ""
            let vpc = reference(r.values["vpc_id"], attachment, "vpcID") ?? ""
            net.attachments.append(TransitGatewayAttachment(
                id: attachment, transitGatewayID: tgw, resourceType: .vpc, resourceID: vpc,
                subnetIDs: references(r.values["subnet_ids"], attachment, "subnetIDs"), tags: tags(r)))
            let table = TerraformMapping.defaultTGWRouteTableID(tgw)
            if r.values["transit_gateway_default_route_table_association"]?.boolValue ?? true, defaults[tgw]?.association == true {
                associated[attachment] = table
            }
            if r.values["transit_gateway_default_route_table_propagation"]?.boolValue ?? true, defaults[tgw]?.propagation == true,
               let t = tableIndex(table) {
                net.tgwRouteTables[t].propagations?.append(attachment)
            }
        }
        for r in of("aws_ec2_transit_gateway_route_table_association") {
            guard let attachment = reference(r.values["transit_gateway_attachment_id"], id(r), "attachment"),
                  let table = reference(r.values["transit_gateway_route_table_id"], id(r), "routeTable") else { continue }
            associated[attachment] = table
        }
        for (attachment, table) in associated {
            if let a = net.attachments.firstIndex(where: { $0.id == attachment }) { net.attachments[a].associatedRouteTableID = table }
            if let t = tableIndex(table) { net.tgwRouteTables[t].associations?.append(attachment) }
        }
        for r in of("aws_ec2_transit_gateway_route_table_propagation") {
            guard let attachment = reference(r.values["transit_gateway_attachment_id"], id(r), "attachment"),
                  let table = reference(r.values["transit_gateway_route_table_id"], id(r), "routeTable"),
                  let t = tableIndex(table) else { continue }
            net.tgwRouteTables[t].propagations?.append(attachment)
        }
        // Propagation puts each attached VPC's blocks in the table.
        for t in net.tgwRouteTables.indices {
            for attachment in net.tgwRouteTables[t].propagations ?? [] {
                guard let vpc = net.attachments.first(where: { $0.id == attachment })?.resourceID else { continue }
                for block in vpcBlocks[vpc] ?? [] {
                    net.tgwRouteTables[t].routes?.append(TransitGatewayRoute(destination: block, attachmentIDs: [attachment], type: "propagated"))
                }
            }
        }
        for r in of("aws_ec2_transit_gateway_route") {
            guard let table = reference(r.values["transit_gateway_route_table_id"], id(r), "routeTable"), let t = tableIndex(table),
                  let block = cidr(r.values["destination_cidr_block"], id(r), "destination") else { continue }
            let blackhole = r.values["blackhole"]?.boolValue ?? false
            let attachment = blackhole ? nil : reference(r.values["transit_gateway_attachment_id"], id(r), "attachment")
            // A static route replaces a propagated one for the same block.
            net.tgwRouteTables[t].routes?.removeAll { $0.destination == block }
            net.tgwRouteTables[t].routes?.append(TransitGatewayRoute(destination: block, attachmentIDs: attachment.map { [$0] } ?? [],
                                                                     type: "static", state: blackhole ? "blackhole" : "active"))
        }

        // Peering: active once accepted (auto_accept in one account, or an accepter resource).
        let accepted = Set(of("aws_vpc_peering_connection_accepter").compactMap { reference($0.values["vpc_peering_connection_id"], id($0), "peering") })
        for r in of("aws_vpc_peering_connection") {
            let pcx = id(r)
            func side(_ vpc: String?, _ owner: String?, _ region: String?, _ block: String) -> VPCPeeringConnection.Side {
                let options = r.values[block]?.elements?.first?.attributes
                return VPCPeeringConnection.Side(vpcID: vpc ?? "", ownerID: owner, region: region ?? self.region,
                                                 cidrs: vpc.flatMap { vpcBlocks[$0] } ?? [],
                                                 allowsDNSResolutionFromRemote: options?["allow_remote_vpc_dns_resolution"]?.boolValue ?? false)
            }
            let requester = side(reference(r.values["vpc_id"], pcx, "requester"), string(r.values["owner_id"]), region, "requester")
            let accepter = side(reference(r.values["peer_vpc_id"], pcx, "accepter"), string(r.values["peer_owner_id"]),
                                string(r.values["peer_region"]), "accepter")
            let active = (r.values["auto_accept"]?.boolValue ?? false) || accepted.contains(pcx)
            net.peerings.append(VPCPeeringConnection(id: pcx, requester: requester, accepter: accepter,
                                                     status: active ? "active" : "pending-acceptance", tags: tags(r)))
        }

        // Hosted zones: private with `vpc` blocks or associations; records and Resolver rules.
        for r in of("aws_route53_zone") {
            let zone = id(r)
            let vpcs = (r.values["vpc"]?.elements ?? []).compactMap { block -> HostedZone.Association? in
                guard let attributes = block.attributes, let vpc = reference(attributes["vpc_id"], zone, "vpc") else { return nil }
                return HostedZone.Association(vpcID: vpc, region: string(attributes["vpc_region"]) ?? region)
            }
            net.hostedZones.append(HostedZone(id: zone, name: string(r.values["name"]) ?? zone, isPrivate: !vpcs.isEmpty,
                                              vpcs: vpcs, records: [], comment: string(r.values["comment"])))
        }
        for r in of("aws_route53_zone_association") {
            guard let zone = reference(r.values["zone_id"], id(r), "zone"), let vpc = reference(r.values["vpc_id"], id(r), "vpc"),
                  let z = net.hostedZones.firstIndex(where: { $0.id == zone }) else { continue }
            net.hostedZones[z].isPrivate = true
            net.hostedZones[z].vpcs = (net.hostedZones[z].vpcs ?? []) + [HostedZone.Association(vpcID: vpc, region: string(r.values["vpc_region"]) ?? region)]
        }
        for r in of("aws_route53_record") {
            guard let zone = reference(r.values["zone_id"], id(r), "zone"), let z = net.hostedZones.firstIndex(where: { $0.id == zone }) else { continue }
            var name = string(r.values["name"]) ?? ""
            // A relative name is under the zone's.
            if !name.isEmpty, !DNSName.isWithin(DNSName.normalised(name), net.hostedZones[z].name) { name += "." + net.hostedZones[z].name }
            if name.isEmpty { name = net.hostedZones[z].name }
            let alias = r.values["alias"]?.elements?.first?.attributes.flatMap { string($0["name"]) }
            let values = (r.values["records"]?.elements ?? []).compactMap { string($0) }
            net.hostedZones[z].records?.append(DNSRecord(name: name, type: string(r.values["type"]) ?? "A", values: values, aliasTarget: alias))
        }
        for r in of("aws_route53_resolver_endpoint") {
            let subnets = (r.values["ip_address"]?.elements ?? []).compactMap { $0.attributes.flatMap { string($0["subnet_id"]) } }
            let known = c.subnets
            let vpc = subnets.compactMap { subnet in known.first { $0.id == subnet }?.vpcID }.first ?? ""
            net.resolverEndpoints.append(ResolverEndpoint(id: id(r), direction: string(r.values["direction"]) ?? "", vpcID: vpc,
                                                          securityGroupIDs: references(r.values["security_group_ids"], id(r), "securityGroupIDs"),
                                                          name: string(r.values["name"])))
        }
        for r in of("aws_route53_resolver_rule") {
            let targets = (r.values["target_ip"]?.elements ?? []).compactMap { $0.attributes.flatMap { string($0["ip"]) }.flatMap { IPv4Address($0) } }
            net.resolverRules.append(ResolverRule(id: id(r), domainName: string(r.values["domain_name"]) ?? "", ruleType: string(r.values["rule_type"]) ?? "FORWARD",
                                                  targetIPs: targets, resolverEndpointID: string(r.values["resolver_endpoint_id"]),
                                                  name: string(r.values["name"])))
        }
        for r in of("aws_route53_resolver_rule_association") {
            guard let rule = reference(r.values["resolver_rule_id"], id(r), "rule"), let vpc = reference(r.values["vpc_id"], id(r), "vpc") else { continue }
            net.resolverRuleAssociations.append(ResolverRuleAssociation(id: id(r), ruleID: rule, vpcID: vpc))
        }
        // A configuration declares all of these it manages: what it declares none of stays unknown.
        if !types.isDisjoint(with: ["aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment"]) {
            net.known.formUnion([.transitGateways, .transitGatewayAttachments, .transitGatewayRouteTables])
        }
        if types.contains("aws_vpc_peering_connection") { net.known.insert(.peeringConnections) }
        if types.contains("aws_route53_zone") { net.known.insert(.hostedZones) }
        if types.contains("aws_route53_resolver_endpoint") { net.known.insert(.resolverEndpoints) }
        if !types.isDisjoint(with: ["aws_route53_resolver_rule", "aws_route53_resolver_rule_association"]) {
            net.known.formUnion([.resolverRules, .resolverRuleAssociations])
        }
        c.interconnect = net
    }
}
