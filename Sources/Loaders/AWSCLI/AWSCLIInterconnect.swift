import JSONText
import Model

/// Reads the aws CLI answers about what lies between VPCs, field by field as AWS spells them:
/// `ec2 describe-transit-gateways`, `describe-transit-gateway-attachments`,
/// `describe-transit-gateway-vpc-attachments`, `describe-transit-gateway-route-tables`,
/// `get-transit-gateway-route-table-associations` / `-propagations`, `search-transit-gateway-routes`,
/// `describe-vpc-peering-connections`; `route53 list-hosted-zones(-by-vpc)`, `get-hosted-zone`,
/// `list-resource-record-sets`; `route53resolver list-resolver-endpoints`, `list-resolver-rules`,
/// `list-resolver-rule-associations`. Recognised by their top-level keys, like the other answers.
///
/// Three answers do not name what they are about: the TGW route-table calls (associations,
/// propagations, routes) and list-resource-record-sets. Their file's path must hold the route
/// table's `tgw-rtb-…` or the zone's `Z…` ID (as `collect` names them); `finish(_:path:)` fills it in.
enum AWSCLIInterconnect {
    /// The top-level keys of the answers this file reads.
    static let topKeys: Set<String> = [
        "TransitGateways", "TransitGatewayAttachments", "TransitGatewayVpcAttachments", "TransitGatewayRouteTables",
        "Associations", "TransitGatewayRouteTablePropagations", "Routes", "VpcPeeringConnections",
        "HostedZone", "VPCs", "HostedZones", "HostedZoneSummaries", "ResourceRecordSets",
        "ResolverEndpoints", "ResolverRules", "ResolverRuleAssociations",
    ]

    /// The ID a route-table or record-set answer leaves to its file's path.
    static let pendingID = ""

    /// One object's worth: an answer split over two keys (get-hosted-zone's `HostedZone` and `VPCs`) is put together at its end.
    struct Page {
        var contents = InterconnectContents()
        var zone: HostedZone?
        var zoneVPCs: [HostedZone.Association]?
        /// `Associations` items, which only a TGW route-table answer has at the top level.
        var sawTGWAssociations = false

        mutating func finish() {
            if var zone {
                if let zoneVPCs { zone.vpcs = zoneVPCs }
                contents.hostedZones.append(zone)
                contents.known.insert(.hostedZones)
            }
            zone = nil
        }
    }

    /// Reads the value of `key` when it is one of `topKeys`; false when it is not (the caller reads it).
    static func read(_ key: String, _ r: inout JSONReader, into page: inout Page) throws(JSONError) -> Bool {
        guard topKeys.contains(key) else { return false }
        var c = page.contents
        switch key {
        case "TransitGateways":
            c.transitGateways += try list(&r, transitGateway)
            c.known.insert(.transitGateways)
        case "TransitGatewayAttachments":
            c.attachments += try list(&r) { (r: inout JSONReader) throws(JSONError) in try attachment(&r, vpcAttachment: false) }
            c.known.insert(.transitGatewayAttachments)
        case "TransitGatewayVpcAttachments":
            c.attachments += try list(&r) { (r: inout JSONReader) throws(JSONError) in try attachment(&r, vpcAttachment: true) }
            c.known.insert(.transitGatewayAttachments)
        case "TransitGatewayRouteTables":
            c.tgwRouteTables += try list(&r, tgwRouteTable)
            c.known.insert(.transitGatewayRouteTables)
        case "Associations":
            let ids = try list(&r) { (r: inout JSONReader) throws(JSONError) in try attachmentReference(&r) }.compactMap { $0 }
            c.tgwRouteTables.append(TransitGatewayRouteTable(id: pendingID, transitGatewayID: "", associations: ids))
            page.sawTGWAssociations = true
        case "TransitGatewayRouteTablePropagations":
            let ids = try list(&r) { (r: inout JSONReader) throws(JSONError) in try attachmentReference(&r) }.compactMap { $0 }
            c.tgwRouteTables.append(TransitGatewayRouteTable(id: pendingID, transitGatewayID: "", propagations: ids))
        case "Routes":
            let routes = try list(&r, tgwRoute).compactMap { $0 }
            c.tgwRouteTables.append(TransitGatewayRouteTable(id: pendingID, transitGatewayID: "", routes: routes))
        case "VpcPeeringConnections":
            c.peerings += try list(&r, peering)
            c.known.insert(.peeringConnections)
        case "HostedZone":
            page.zone = try hostedZone(&r, idKey: "Id")
        case "VPCs":
            page.zoneVPCs = try list(&r, zoneVPC).compactMap { $0 }
        case "HostedZones", "HostedZoneSummaries":
            let idKey: StaticString = key == "HostedZones" ? "Id" : "HostedZoneId"
            c.hostedZones += try list(&r) { (r: inout JSONReader) throws(JSONError) in try hostedZone(&r, idKey: idKey) }
            c.known.insert(.hostedZones)
        case "ResourceRecordSets":
            let records = try list(&r, record)
            c.hostedZones.append(HostedZone(id: pendingID, name: "", records: records))
        case "ResolverEndpoints":
            c.resolverEndpoints += try list(&r, resolverEndpoint)
            c.known.insert(.resolverEndpoints)
        case "ResolverRules":
            c.resolverRules += try list(&r, resolverRule)
            c.known.insert(.resolverRules)
        case "ResolverRuleAssociations":
            c.resolverRuleAssociations += try list(&r, ruleAssociation)
            c.known.insert(.resolverRuleAssociations)
        default:
            return false
        }
        page.contents = c
        return true
    }

    /// Fills in the route-table or zone ID an answer left to its file's path, or says why it cannot.
    static func finish(_ contents: inout InterconnectContents, path: String, regionHint: String?) throws(LoadError) {
        for i in contents.transitGateways.indices where contents.transitGateways[i].region == nil {
            contents.transitGateways[i].region = regionHint
        }
        if contents.tgwRouteTables.contains(where: { $0.id == pendingID }) {
            guard let table = SnapshotFileName.resource(inPath: path).flatMap({ $0.hasPrefix("tgw-rtb-") ? $0 : nil }) ?? idInPath(path, prefix: "tgw-rtb-") else {
                throw LoadError(path: path, line: 1, column: 1, message: "a transit gateway route-table answer (associations, propagations or search-transit-gateway-routes) does not say which table it is about: name the file with the table's tgw-rtb-… ID")
            }
            for i in contents.tgwRouteTables.indices where contents.tgwRouteTables[i].id == pendingID {
                contents.tgwRouteTables[i].id = table
            }
            contents.tgwRouteTables = InventoryContents.merged([], contents.tgwRouteTables, id: \.id) { $0.merging($1) }
        }
        if contents.hostedZones.contains(where: { $0.id == pendingID }) {
            guard let zone = SnapshotFileName.resource(inPath: path) ?? zoneIDInPath(path) else {
                throw LoadError(path: path, line: 1, column: 1, message: "a list-resource-record-sets answer does not say which hosted zone it is about: name the file with the zone's ID (Z…)")
            }
            for i in contents.hostedZones.indices where contents.hostedZones[i].id == pendingID {
                contents.hostedZones[i].id = zone
                // The apex's SOA record names the zone.
                if let soa = contents.hostedZones[i].records?.first(where: { $0.type == "SOA" }) { contents.hostedZones[i].name = soa.name }
            }
        }
        // A list-hosted-zones-by-vpc answer is about the VPC its file names: its zones are associated with it.
        if let vpc = idInPath(path, prefix: "vpc-") {
            for i in contents.hostedZones.indices where contents.hostedZones[i].vpcs == nil && contents.hostedZones[i].id != pendingID
                && contents.hostedZones[i].isPrivate && contents.hostedZones[i].records == nil {
                contents.hostedZones[i].vpcs = [HostedZone.Association(vpcID: vpc, region: nil)]
            }
        }
    }

    /// The last `PREFIX[0-9a-f]+` in a path (`…/tgw-rtb-0abc/search-transit-gateway-routes.json`).
    static func idInPath(_ path: String, prefix: String) -> String? {
        var found: String?
        var rest = Substring(path)
        while let range = rest.range(of: prefix) {
            let tail = rest[range.upperBound...].prefix { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
            // AWS IDs carry 8 or 17 hex digits: `describe-vpc-endpoints` is no VPC ID.
            if tail.count >= 8 { found = prefix + tail }
            rest = rest[range.upperBound...]
        }
        return found
    }

    /// A Route 53 zone ID in a path: a word of `Z` and upper-case letters and digits, 8 or more long.
    static func zoneIDInPath(_ path: String) -> String? {
        let words = path.split { !($0.isLetter || $0.isNumber) }
        return words.last { $0.first == "Z" && $0.count >= 8 && $0.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber } }.map(String.init)
    }

    // MARK: Shapes

    static func list<T>(_ r: inout JSONReader, _ item: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> [T] {
        try AWSCLIDocument.readList(&r, item)
    }

    static func string(_ r: inout JSONReader) throws(JSONError) -> String? {
        if try r.peekKind() == .null { try r.readNull(); return nil }
        if try r.peekKind() != .string { try r.skipValue(); return nil }
        return try r.readString()
    }

    /// Reads an object calling `field` for each key; unknown keys are skipped.
    static func object(_ r: inout JSONReader, _ field: (JSONKey, inout JSONReader) throws(JSONError) -> Bool) throws(JSONError) {
        if try r.peekKind() == .null { try r.readNull(); return }
        try r.beginObject()
        while let k = try r.nextKey() {
            if try !field(k, &r) { try r.skipValue() }
        }
    }

    static func transitGateway(_ r: inout JSONReader) throws(JSONError) -> TransitGateway {
        let start = r.offset
        var id: String?, owner: String?, state = "available", association: String?, propagation: String?, tags: [Tag] = []
        var arn: String?
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "TransitGatewayId": id = try string(&r)
            case "TransitGatewayArn": arn = try string(&r)
            case "OwnerId": owner = try string(&r)
            case "State": state = try string(&r) ?? state
            case "Tags": tags = try AWSCLIResources.tags(&r)
            case "Options":
                try object(&r) { o, r throws(JSONError) in
                    switch o {
                    case "AssociationDefaultRouteTableId": association = try string(&r)
                    case "PropagationDefaultRouteTableId": propagation = try string(&r)
                    default: return false
                    }
                    return true
                }
            default: return false
            }
            return true
        }
        return TransitGateway(id: try AWSCLIResources.required(id, "TransitGatewayId", r, at: start), ownerID: owner,
                              region: arn.flatMap(AWSCLIResources.regionFromARN), state: state,
                              defaultAssociationRouteTableID: association, defaultPropagationRouteTableID: propagation, tags: tags)
    }

    static func attachment(_ r: inout JSONReader, vpcAttachment: Bool) throws(JSONError) -> TransitGatewayAttachment {
        let start = r.offset
        var id: String?, tgw: String?, type = vpcAttachment ? "vpc" : "", resource: String?, owner: String?
        var state = "available", table: String?, tableState = "associated", subnets: [String] = [], tags: [Tag] = []
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "TransitGatewayAttachmentId": id = try string(&r)
            case "TransitGatewayId": tgw = try string(&r)
            case "ResourceType": type = try string(&r) ?? type
            case "ResourceId", "VpcId": resource = try string(&r)
            case "ResourceOwnerId", "VpcOwnerId": owner = try string(&r)
            case "State": state = try string(&r) ?? state
            case "SubnetIds": subnets = try AWSCLIResources.strings(&r)
            case "Tags": tags = try AWSCLIResources.tags(&r)
            case "Association":
                try object(&r) { a, r throws(JSONError) in
                    switch a {
                    case "TransitGatewayRouteTableId": table = try string(&r)
                    case "State": tableState = try string(&r) ?? tableState
                    default: return false
                    }
                    return true
                }
            default: return false
            }
            return true
        }
        // An association being removed no longer routes the attachment's traffic.
        if !["associated", "associating"].contains(tableState.lowercased()) { table = nil }
        return TransitGatewayAttachment(
            id: try AWSCLIResources.required(id, "TransitGatewayAttachmentId", r, at: start),
            transitGatewayID: try AWSCLIResources.required(tgw, "TransitGatewayId", r, at: start),
            resourceType: .init(parsing: type), resourceID: resource ?? "", resourceOwnerID: owner, state: state,
            // describe-transit-gateway-attachments leaves `Association` out when there is none; the VPC
            // attachments answer never says.
            associatedRouteTableID: table, associationKnown: !vpcAttachment, subnetIDs: subnets, tags: tags)
    }

    static func tgwRouteTable(_ r: inout JSONReader) throws(JSONError) -> TransitGatewayRouteTable {
        let start = r.offset
        var id: String?, tgw: String?, tags: [Tag] = []
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "TransitGatewayRouteTableId": id = try string(&r)
            case "TransitGatewayId": tgw = try string(&r)
            case "Tags": tags = try AWSCLIResources.tags(&r)
            default: return false
            }
            return true
        }
        return TransitGatewayRouteTable(id: try AWSCLIResources.required(id, "TransitGatewayRouteTableId", r, at: start),
                                        transitGatewayID: tgw ?? "", tags: tags)
    }

    /// An association or propagation item: its attachment, when its state is in effect.
    static func attachmentReference(_ r: inout JSONReader) throws(JSONError) -> String? {
        var id: String?, state = "enabled"
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "TransitGatewayAttachmentId": id = try string(&r)
            case "State": state = (try string(&r) ?? state).lowercased()
            default: return false
            }
            return true
        }
        return ["enabled", "enabling", "associated", "associating"].contains(state) ? id : nil
    }

    static func tgwRoute(_ r: inout JSONReader) throws(JSONError) -> TransitGatewayRoute? {
        var destination: IPv4CIDR?, attachments: [String] = [], type = "static", state = "active"
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "DestinationCidrBlock": destination = try AWSCLIResources.cidr(&r)
            case "TransitGatewayAttachments": attachments = try AWSCLIResources.field("TransitGatewayAttachmentId", ofEach: &r)
            case "Type": type = try string(&r) ?? type
            case "State": state = try string(&r) ?? state
            default: return false
            }
            return true
        }
        // Prefix-list and IPv6 routes carry no IPv4 destination vpcx compares; deleted ones route nothing.
        guard let destination, !["deleted", "deleting"].contains(state.lowercased()) else { return nil }
        return TransitGatewayRoute(destination: destination, attachmentIDs: attachments, type: type, state: state)
    }

    static func peering(_ r: inout JSONReader) throws(JSONError) -> VPCPeeringConnection {
        let start = r.offset
        var id: String?, status = "active", tags: [Tag] = []
        var requester: VPCPeeringConnection.Side?, accepter: VPCPeeringConnection.Side?
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "VpcPeeringConnectionId": id = try string(&r)
            case "RequesterVpcInfo": requester = try peeringSide(&r)
            case "AccepterVpcInfo": accepter = try peeringSide(&r)
            case "Tags": tags = try AWSCLIResources.tags(&r)
            case "Status":
                try object(&r) { s, r throws(JSONError) in
                    guard s.equals("Code") else { return false }
                    status = try string(&r) ?? status
                    return true
                }
            default: return false
            }
            return true
        }
        let pcx = try AWSCLIResources.required(id, "VpcPeeringConnectionId", r, at: start)
        guard let requester, !requester.vpcID.isEmpty else { throw r.error("peering connection \(pcx) has no RequesterVpcInfo.VpcId", at: start) }
        guard let accepter, !accepter.vpcID.isEmpty else { throw r.error("peering connection \(pcx) has no AccepterVpcInfo.VpcId", at: start) }
        return VPCPeeringConnection(id: pcx, requester: requester, accepter: accepter, status: status, tags: tags)
    }

    static func peeringSide(_ r: inout JSONReader) throws(JSONError) -> VPCPeeringConnection.Side {
        var side = VPCPeeringConnection.Side(vpcID: "")
        var primary: IPv4CIDR?, blocks: [IPv4CIDR] = []
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "VpcId": side.vpcID = try string(&r) ?? ""
            case "OwnerId": side.ownerID = try string(&r)
            case "Region": side.region = try string(&r)
            case "CidrBlock": primary = try AWSCLIResources.cidr(&r)
            case "CidrBlockSet":
                if try r.peekKind() == .null { try r.readNull(); return true }
                try r.beginArray()
                while try r.nextElement() {
                    try object(&r) { c, r throws(JSONError) in
                        guard c.equals("CidrBlock") else { return false }
                        if let block = try AWSCLIResources.cidr(&r) { blocks.append(block) }
                        return true
                    }
                }
            case "PeeringOptions":
                try object(&r) { o, r throws(JSONError) in
                    guard o.equals("AllowDnsResolutionFromRemoteVpc") else { return false }
                    if try r.peekKind() == .null { try r.readNull() } else { side.allowsDNSResolutionFromRemote = try r.readBool() }
                    return true
                }
            default: return false
            }
            return true
        }
        side.cidrs = (primary.map { [$0] } ?? []) + blocks.filter { $0 != primary }
        return side
    }

    static func hostedZone(_ r: inout JSONReader, idKey: StaticString) throws(JSONError) -> HostedZone {
        let start = r.offset
        var id: String?, name = "", isPrivate: Bool?, owner: String?, comment: String?
        try object(&r) { k, r throws(JSONError) in
            if k.equals(idKey) { id = try string(&r); return true }
            switch k {
            case "Name": name = try string(&r) ?? ""
            case "Config":
                try object(&r) { c, r throws(JSONError) in
                    switch c {
                    case "PrivateZone": isPrivate = try AWSCLIResources.bool(&r)
                    case "Comment": comment = try string(&r)
                    default: return false
                    }
                    return true
                }
            case "Owner":
                try object(&r) { o, r throws(JSONError) in
                    guard o.equals("OwningAccount") else { return false }
                    owner = try string(&r)
                    return true
                }
            default: return false
            }
            return true
        }
        // list-hosted-zones-by-vpc lists only private zones (it has no Config).
        return HostedZone(id: try AWSCLIResources.required(id, "\(idKey)", r, at: start), name: name, isPrivate: isPrivate ?? true,
                          ownerID: owner, comment: comment)
    }

    static func zoneVPC(_ r: inout JSONReader) throws(JSONError) -> HostedZone.Association? {
        var vpc: String?, region: String?
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "VPCId": vpc = try string(&r)
            case "VPCRegion": region = try string(&r)
            default: return false
            }
            return true
        }
        return vpc.map { HostedZone.Association(vpcID: $0, region: region) }
    }

    static func record(_ r: inout JSONReader) throws(JSONError) -> DNSRecord {
        let start = r.offset
        var name: String?, type = "", values: [String] = [], alias: String?
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "Name": name = try string(&r)
            case "Type": type = try string(&r) ?? ""
            case "ResourceRecords": values = try AWSCLIResources.field("Value", ofEach: &r)
            case "AliasTarget":
                try object(&r) { a, r throws(JSONError) in
                    guard a.equals("DNSName") else { return false }
                    alias = try string(&r)
                    return true
                }
            default: return false
            }
            return true
        }
        return DNSRecord(name: try AWSCLIResources.required(name, "Name", r, at: start), type: type, values: values, aliasTarget: alias)
    }

    static func resolverEndpoint(_ r: inout JSONReader) throws(JSONError) -> ResolverEndpoint {
        let start = r.offset
        var id: String?, direction = "", vpc: String?, groups: [String] = [], status = "OPERATIONAL", name: String?
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "Id": id = try string(&r)
            case "Direction": direction = try string(&r) ?? ""
            case "HostVPCId": vpc = try string(&r)
            case "SecurityGroupIds": groups = try AWSCLIResources.strings(&r)
            case "Status": status = try string(&r) ?? status
            case "Name": name = try string(&r)
            default: return false
            }
            return true
        }
        return ResolverEndpoint(id: try AWSCLIResources.required(id, "Id", r, at: start), direction: direction,
                                vpcID: try AWSCLIResources.required(vpc, "HostVPCId", r, at: start), securityGroupIDs: groups,
                                status: status, name: name)
    }

    static func resolverRule(_ r: inout JSONReader) throws(JSONError) -> ResolverRule {
        let start = r.offset
        var id: String?, domain: String?, type = "", targets: [IPv4Address] = [], endpoint: String?, owner: String?
        var status = "COMPLETE", name: String?
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "Id": id = try string(&r)
            case "DomainName": domain = try string(&r)
            case "RuleType": type = try string(&r) ?? ""
            case "ResolverEndpointId": endpoint = try string(&r)
            case "OwnerId": owner = try string(&r)
            case "Status": status = try string(&r) ?? status
            case "Name": name = try string(&r)
            case "TargetIps":
                let at = r.offset
                for text in try AWSCLIResources.field("Ip", ofEach: &r) {
                    guard let ip = IPv4Address(text) else { throw r.error("not an IPv4 address: \"\(text)\"", at: at) }
                    targets.append(ip)
                }
            default: return false
            }
            return true
        }
        return ResolverRule(id: try AWSCLIResources.required(id, "Id", r, at: start),
                            domainName: try AWSCLIResources.required(domain, "DomainName", r, at: start), ruleType: type,
                            targetIPs: targets, resolverEndpointID: endpoint, ownerID: owner, status: status, name: name)
    }

    static func ruleAssociation(_ r: inout JSONReader) throws(JSONError) -> ResolverRuleAssociation {
        let start = r.offset
        var id: String?, rule: String?, vpc: String?, status = "COMPLETE"
        try object(&r) { k, r throws(JSONError) in
            switch k {
            case "Id": id = try string(&r)
            case "ResolverRuleId": rule = try string(&r)
            case "VPCId": vpc = try string(&r)
            case "Status": status = try string(&r) ?? status
            default: return false
            }
            return true
        }
        return ResolverRuleAssociation(id: try AWSCLIResources.required(id, "Id", r, at: start),
                                       ruleID: try AWSCLIResources.required(rule, "ResolverRuleId", r, at: start),
                                       vpcID: try AWSCLIResources.required(vpc, "VPCId", r, at: start), status: status)
    }
}
