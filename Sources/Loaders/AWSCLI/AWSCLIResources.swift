import JSONText
import Model

/// Reads each resource of `aws ec2 describe-*` JSON into the Model, field by field as AWS spells
/// them. Fields vpcx does not use are skipped unread; optional fields may be missing; a required
/// one (the ID) missing is an error at the resource's position.
enum AWSCLIResources {
    // MARK: Shared shapes

    /// `[{"Key": …, "Value": …}]`
    static func tags(_ r: inout JSONReader) throws(JSONError) -> [Tag] {
        if try r.peekKind() == .null { try r.readNull(); return [] }
        var tags: [Tag] = []
        try r.beginArray()
        while try r.nextElement() {
            var key = "", value = ""
            try r.beginObject()
            while let k = try r.nextKey() {
                switch k {
                case "Key": key = try r.readString()
                case "Value": value = try r.readOptionalString() ?? ""
                default: try r.skipValue()
                }
            }
            tags.append(Tag(key: key, value: value))
        }
        return tags
    }

    static func strings(_ r: inout JSONReader) throws(JSONError) -> [String] {
        if try r.peekKind() == .null { try r.readNull(); return [] }
        var items: [String] = []
        try r.beginArray()
        while try r.nextElement() { items.append(try r.readString()) }
        return items
    }

    /// Reads the one string field `field` from each object of an array (`Groups[].GroupId`).
    static func field(_ field: StaticString, ofEach r: inout JSONReader) throws(JSONError) -> [String] {
        if try r.peekKind() == .null { try r.readNull(); return [] }
        var items: [String] = []
        try r.beginArray()
        while try r.nextElement() {
            try r.beginObject()
            while let k = try r.nextKey() {
                if k.equals(field), let value = try r.readOptionalString() { items.append(value) } else { try r.skipValue() }
            }
        }
        return items
    }

    /// `{"Value": true}` as describe-vpc-attribute prints it.
    static func attributeValue(_ r: inout JSONReader) throws(JSONError) -> Bool {
        var value: Bool?
        let start = r.offset
        try r.beginObject()
        while let k = try r.nextKey() {
            if k.equals("Value") { value = try r.readBool() } else { try r.skipValue() }
        }
        guard let value else { throw r.error("an attribute without \"Value\"", at: start) }
        return value
    }

    static func bool(_ r: inout JSONReader) throws(JSONError) -> Bool {
        if try r.peekKind() == .null { try r.readNull(); return false }
        return try r.readBool()
    }

    static func cidr(_ r: inout JSONReader) throws(JSONError) -> IPv4CIDR? {
        let start = r.offset
        guard let text = try r.readOptionalString() else { return nil }
        guard let block = IPv4CIDR(text) else { throw r.error("not an IPv4 CIDR block: \"\(text)\"", at: start) }
        if isNotCanonical(text, block) {
            r.warn("\"\(text)\" is not a CIDR block as AWS writes it (host bits set, or leading zeros); read as \(block)", at: start)
        }
        return block
    }

    /// `Ipv6CidrBlockAssociationSet`: the blocks whose association is not being removed.
    static func associatedIPv6Blocks(_ r: inout JSONReader) throws(JSONError) -> [String] {
        if try r.peekKind() == .null { try r.readNull(); return [] }
        var blocks: [String] = []
        try r.beginArray()
        while try r.nextElement() {
            var block: String?, state = "associated"
            try r.beginObject()
            while let a = try r.nextKey() {
                switch a {
                case "Ipv6CidrBlock": block = try r.readOptionalString()
                case "Ipv6CidrBlockState":
                    try r.beginObject()
                    while let s = try r.nextKey() {
                        if s.equals("State") { state = (try r.readOptionalString() ?? state).lowercased() } else { try r.skipValue() }
                    }
                default: try r.skipValue()
                }
            }
            if let block, state == "associated" || state == "associating" { blocks.append(block) }
        }
        return blocks
    }

    /// Whether a CIDR's text has host bits set (`10.0.1.7/24`) or an octet with a leading zero
    /// (`10.01.0.0/16`), without making a String of the block (a large answer has many).
    static func isNotCanonical(_ text: String, _ block: IPv4CIDR) -> Bool {
        var previous: UInt8 = UInt8(ascii: ".")
        var octetStartsWithZero = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "/") { break }
            if previous == UInt8(ascii: ".") { octetStartsWithZero = byte == UInt8(ascii: "0") }
            else if octetStartsWithZero && byte != UInt8(ascii: ".") { return true }
            previous = byte
        }
        guard let slash = text.firstIndex(of: "/"), let address = IPv4Address(text[..<slash]) else { return false }
        return address != block.network
    }

    static func required(_ value: String?, _ name: String, _ r: JSONReader, at start: Int) throws(JSONError) -> String {
        guard let value, !value.isEmpty else { throw r.error("this entry has no \(name)", at: start) }
        return value
    }

    static func regionFromARN(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 && !parts[3].isEmpty ? String(parts[3]) : nil
    }

    // MARK: Resources

    static func vpc(_ r: inout JSONReader) throws(JSONError) -> VPC {
        let start = r.offset
        var id: String?, owner: String?, state = "available", primary: IPv4CIDR?, isDefault = false
        var blocks: [IPv4CIDR] = [], tags: [Tag] = []
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "VpcId": id = try r.readString()
            case "OwnerId": owner = try r.readOptionalString()
            case "State": state = (try r.readOptionalString() ?? state).lowercased()
            case "CidrBlock": primary = try cidr(&r)
            case "IsDefault": isDefault = try bool(&r)
            case "Tags": tags = try Self.tags(&r)
            case "CidrBlockAssociationSet":
                try r.beginArray()
                while try r.nextElement() {
                    var block: IPv4CIDR?, associated = true
                    try r.beginObject()
                    while let a = try r.nextKey() {
                        switch a {
                        case "CidrBlock": block = try cidr(&r)
                        case "CidrBlockState":
                            try r.beginObject()
                            while let s = try r.nextKey() {
                                if s.equals("State") { associated = (try r.readOptionalString() ?? "associated") == "associated" }
                                else { try r.skipValue() }
                            }
                        default: try r.skipValue()
                        }
                    }
                    if let block, associated { blocks.append(block) }
                }
            default: try r.skipValue()
            }
        }
        var all = primary.map { [$0] } ?? []
        all += blocks.filter { $0 != primary }
        return VPC(id: try required(id, "VpcId", r, at: start), ownerID: owner, cidr: primary, cidrs: all,
                   isDefault: isDefault, state: state, tags: tags)
    }

    static func subnet(_ r: inout JSONReader) throws(JSONError) -> Subnet {
        let start = r.offset
        var id: String?, vpc: String?, az: String?, azID: String?, block: IPv4CIDR?, available: Int?
        var mapPublic = false, state = "available", tags: [Tag] = [], ipv6: [String] = [], ipv6Only = false
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "SubnetId": id = try r.readString()
            case "Ipv6CidrBlockAssociationSet": ipv6 = try associatedIPv6Blocks(&r)
            case "Ipv6Native": ipv6Only = try bool(&r)
            case "VpcId": vpc = try r.readString()
            case "AvailabilityZone": az = try r.readOptionalString()
            case "AvailabilityZoneId": azID = try r.readOptionalString()
            case "CidrBlock": block = try cidr(&r)
            case "AvailableIpAddressCount": available = try r.readInt()
            case "MapPublicIpOnLaunch": mapPublic = try bool(&r)
            case "State": state = (try r.readOptionalString() ?? state).lowercased()
            case "Tags": tags = try Self.tags(&r)
            default: try r.skipValue()
            }
        }
        return Subnet(id: try required(id, "SubnetId", r, at: start), vpcID: try required(vpc, "VpcId", r, at: start),
                      availabilityZone: az, availabilityZoneID: azID, cidr: block, availableIPAddressCount: available,
                      mapPublicIPOnLaunch: mapPublic, state: state, tags: tags, ipv6CIDRs: ipv6, isIPv6Only: ipv6Only)
    }

    static func routeTable(_ r: inout JSONReader) throws(JSONError) -> RouteTable {
        let start = r.offset
        var id: String?, vpc: String?, routes: [Route] = [], associations: [RouteTableAssociation] = [], tags: [Tag] = []
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "RouteTableId": id = try r.readString()
            case "VpcId": vpc = try r.readString()
            case "Tags": tags = try Self.tags(&r)
            case "Routes":
                try r.beginArray()
                while try r.nextElement() { if let route = try Self.route(&r) { routes.append(route) } }
            case "Associations":
                try r.beginArray()
                while try r.nextElement() { if let a = try association(&r) { associations.append(a) } }
            default: try r.skipValue()
            }
        }
        return RouteTable(id: try required(id, "RouteTableId", r, at: start), vpcID: try required(vpc, "VpcId", r, at: start),
                          routes: routes, associations: associations, tags: tags)
    }

    /// One association; disassociated ones (still listed for a while) and gateway edge associations are left out.
    static func association(_ r: inout JSONReader) throws(JSONError) -> RouteTableAssociation? {
        var id: String?, subnet: String?, main = false, state = "associated", gateway: String?
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "RouteTableAssociationId": id = try r.readOptionalString()
            case "SubnetId": subnet = try r.readOptionalString()
            case "GatewayId": gateway = try r.readOptionalString()
            case "Main": main = try bool(&r)
            case "AssociationState":
                try r.beginObject()
                while let s = try r.nextKey() {
                    if s.equals("State") { state = (try r.readOptionalString() ?? state).lowercased() } else { try r.skipValue() }
                }
            default: try r.skipValue()
            }
        }
        guard state == "associated" || state == "associating" else { return nil }
        if gateway != nil && subnet == nil && !main { return nil }
        return RouteTableAssociation(id: id, subnetID: subnet, isMain: main)
    }

    static func route(_ r: inout JSONReader) throws(JSONError) -> Route? {
        let start = r.offset
        var destination: RouteDestination?
        var targets: [String: String] = [:]
        var state = "active", origin: String?
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "DestinationCidrBlock":
                let at = r.offset
                if let text = try r.readOptionalString() {
                    guard let block = IPv4CIDR(text) else { throw r.error("not an IPv4 CIDR block: \"\(text)\"", at: at) }
                    destination = .cidr(block)
                }
            case "DestinationPrefixListId":
                if let id = try r.readOptionalString() { destination = .prefixList(id) }
            case "DestinationIpv6CidrBlock":
                if let text = try r.readOptionalString() { destination = .ipv6(text) }
            case "State": state = (try r.readOptionalString() ?? state).lowercased()
            case "Origin": origin = try r.readOptionalString()
            case "GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId", "NetworkInterfaceId",
                 "InstanceId", "EgressOnlyInternetGatewayId", "LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn", "GatewayLoadBalancerEndpointId":
                let name = k.text
                if let value = try r.readOptionalString() { targets[name] = value }
            default: try r.skipValue()
            }
        }
        guard let destination else { throw r.error("a route without a destination", at: start) }
        // One target per route; an instance route lists both the instance and its ENI.
        let target: RouteTarget
        if let id = targets["NatGatewayId"] { target = .natGateway(id) }
        else if let id = targets["TransitGatewayId"] { target = .transitGateway(id) }
        else if let id = targets["VpcPeeringConnectionId"] { target = .peering(id) }
        else if let id = targets["GatewayId"] { target = RouteTarget.classify(id) }
        else if let id = targets["EgressOnlyInternetGatewayId"] { target = .egressOnlyInternetGateway(id) }
        else if let id = targets["InstanceId"] { target = .instance(id) }
        else if let id = targets["NetworkInterfaceId"] { target = .networkInterface(id) }
        else if let id = targets["LocalGatewayId"] ?? targets["CarrierGatewayId"] ?? targets["CoreNetworkArn"] { target = .other(id) }
        else if let id = targets["GatewayLoadBalancerEndpointId"] { target = .vpcEndpoint(id) }
        else { target = .other("(no target)"); state = "blackhole" }
        return Route(destination: destination, target: target, state: state, origin: origin)
    }

    static func endpoint(_ r: inout JSONReader) throws(JSONError) -> VPCEndpoint { try endpointAndGaps(&r).endpoint }

    /// An endpoint, and the deciding fields its answer left out (`privateDNSEnabled`, `state`): a
    /// `--query` that picks fields, or a hand-made list, must not read as "private DNS off" or "available".
    static func endpointAndGaps(_ r: inout JSONReader) throws(JSONError) -> (endpoint: VPCEndpoint, unstated: [String]) {
        let start = r.offset
        var sawPrivateDNS = false, sawState = false
        var id: String?, vpc: String?, kind = VPCEndpoint.Kind.gateway, service: String?, state = "available"
        var policy: String?, routeTables: [String] = [], subnets: [String] = [], groups: [String] = []
        var privateDNS = false, enis: [String] = [], dns: [DNSEntry] = [], tags: [Tag] = []
        var owner: String?, created: String?, ipType: String?, recordType: String?, inboundOnly: Bool?
        var resourceARN: String?, networkARN: String?
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "VpcEndpointId": id = try r.readString()
            case "ResourceConfigurationArn": resourceARN = try r.readOptionalString()
            case "ServiceNetworkArn": networkARN = try r.readOptionalString()
            case "IpAddressType": ipType = try r.readOptionalString()
            case "DnsOptions":
                if try r.peekKind() == .null { try r.readNull(); continue }
                try r.beginObject()
                while let d = try r.nextKey() {
                    switch d {
                    case "DnsRecordIpType": recordType = try r.readOptionalString()
                    case "PrivateDnsOnlyForInboundResolverEndpoint":
                        if try r.peekKind() == .null { try r.readNull() } else { inboundOnly = try r.readBool() }
                    default: try r.skipValue()
                    }
                }
            case "VpcId": vpc = try r.readString()
            case "VpcEndpointType": kind = VPCEndpoint.Kind(parsing: try r.readString())
            case "ServiceName": service = try r.readOptionalString()
            case "State": sawState = true; state = try r.readOptionalString() ?? state
            case "PolicyDocument": policy = try r.readOptionalString()
            case "RouteTableIds": routeTables = try strings(&r)
            case "SubnetIds": subnets = try strings(&r)
            case "Groups": groups = try field("GroupId", ofEach: &r)
            case "PrivateDnsEnabled": sawPrivateDNS = true; privateDNS = try bool(&r)
            case "NetworkInterfaceIds": enis = try strings(&r)
            case "Tags": tags = try Self.tags(&r)
            case "OwnerId": owner = try r.readOptionalString()
            case "CreationTimestamp": created = try r.readOptionalString()
            case "DnsEntries":
                try r.beginArray()
                while try r.nextElement() {
                    var name: String?, zone: String?
                    try r.beginObject()
                    while let d = try r.nextKey() {
                        switch d {
                        case "DnsName": name = try r.readOptionalString()
                        case "HostedZoneId": zone = try r.readOptionalString()
                        default: try r.skipValue()
                        }
                    }
                    if let name { dns.append(DNSEntry(name: name, hostedZoneID: zone)) }
                }
            default: try r.skipValue()
            }
        }
        // Resource and service-network endpoints (VPC Lattice) name an ARN instead of a service.
        let serviceName: String
        switch kind {
        case .resource, .serviceNetwork, .other:
            serviceName = service ?? resourceARN ?? networkARN ?? "(\(kind.rawValue) endpoint, no service name)"
        case .gateway, .interface, .gatewayLoadBalancer:
            serviceName = try required(service, "ServiceName", r, at: start)
        }
        var endpoint = VPCEndpoint(id: try required(id, "VpcEndpointId", r, at: start), vpcID: try required(vpc, "VpcId", r, at: start),
                                   kind: kind, serviceName: serviceName, state: state,
                                   policyDocument: policy, routeTableIDs: routeTables, subnetIDs: subnets, securityGroupIDs: groups,
                                   privateDNSEnabled: privateDNS, networkInterfaceIDs: enis, dnsEntries: dns, tags: tags,
                                   ownerID: owner, created: created)
        endpoint.ipAddressType = ipType
        endpoint.dnsRecordIPType = recordType
        endpoint.privateDNSOnlyForInboundResolverEndpoint = inboundOnly
        var unstated: [String] = []
        if !sawState { unstated.append("state") }
        if !sawPrivateDNS && kind == .interface { unstated.append("privateDNSEnabled") }
        return (endpoint, unstated)
    }

    /// Reads describe-network-interfaces. Fields are first taken as raw slices; an instance ENI is
    /// only counted for its subnet, the rest become model values (see `otherInterfaceCount`). A long
    /// list is read on every core in parts (`JSONReader.readItemsInParallel`), merged in order.
    /// (`parts`, `minimumPartBytes`: how many cores, and the shortest stretch worth one; tests choose.)
    static func networkInterfaces(_ r: inout JSONReader, into contents: inout InventoryContents,
                                  keeping referenced: Set<String>, parts: Int = JSONReader.processorCount,
                                  minimumPartBytes: Int = 8 << 20) throws(JSONError) {
        let wanted = Set(referenced.map { JSONKey.rawHash(of: $0) })
        try r.beginArray()
        let parts = try r.readItemsInParallel(parts: parts, minimumPartBytes: minimumPartBytes, makePart: { InterfacesPart() }) { (r: inout JSONReader, part: inout InterfacesPart) throws(JSONError) in
            try networkInterface(&r, into: &part, wanted: wanted)
        }
        // Instance ENIs counted by their subnet's bytes: the first part to see a subnet names it.
        var counts: [UInt64: (subnet: String, count: Int)] = [:]
        for part in parts {
            contents.networkInterfaces += part.interfaces
            for (key, entry) in part.counts {
                if let seen = counts[key] { counts[key] = (seen.subnet, seen.count + entry.count) } else { counts[key] = entry }
            }
        }
        for (_, entry) in counts where !entry.subnet.isEmpty {
            contents.otherInterfaceCount[entry.subnet, default: 0] += entry.count
        }
    }

    /// What a stretch of the ENI list gave: the ENIs kept as model values, and instance ENIs counted
    /// by the `rawHash` of their subnet ID.
    struct InterfacesPart: Sendable {
        var interfaces: [NetworkInterface] = []
        var counts: [UInt64: (subnet: String, count: Int)] = [:]
    }

    /// One item of describe-network-interfaces.
    static func networkInterface(_ r: inout JSONReader, into part: inout InterfacesPart, wanted: Set<UInt64>) throws(JSONError) {
        let start = r.offset
        var id: JSONKey?, vpc: JSONKey?, subnet: JSONKey?, az: JSONKey?, ip: JSONKey?, type: JSONKey?, description: JSONKey?
        var status: JSONKey?, groupsAt: Int?, tagsAt: Int?, ipv6At: Int?, requesterManaged = false, requester: JSONKey?
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "NetworkInterfaceId": id = try r.readStringSlice()
            case "VpcId": vpc = try optionalSlice(&r)
            case "SubnetId": subnet = try optionalSlice(&r)
            case "AvailabilityZone": az = try optionalSlice(&r)
            case "PrivateIpAddress": ip = try optionalSlice(&r)
            case "InterfaceType": type = try optionalSlice(&r)
            case "Description": description = try optionalSlice(&r)
            case "Status": status = try optionalSlice(&r)
            case "Groups": groupsAt = r.offset; try r.skipValue()
            case "TagSet", "Tags": tagsAt = r.offset; try r.skipValue()
            case "Ipv6Addresses": ipv6At = r.offset; try r.skipValue()
            case "RequesterManaged": requesterManaged = try bool(&r)
            case "RequesterId": requester = try optionalSlice(&r)
            default: try r.skipValue()
            }
        }
        guard let id else { throw r.error("this entry has no NetworkInterfaceId", at: start) }
        // An instance's own ENI: type `interface`, created by no AWS service, listed by no endpoint or NAT.
        let isInstanceENI = (type?.equals("interface") ?? true) && !requesterManaged
            && !(description.map { $0.text.hasPrefix("VPC Endpoint Interface") || $0.text.hasPrefix("Interface for NAT Gateway") } ?? false)
            && (wanted.isEmpty || !wanted.contains(id.rawHash))
        if isInstanceENI {
            let key = subnet?.rawHash ?? 0
            if let entry = part.counts[key] { part.counts[key] = (entry.subnet, entry.count + 1) }
            else { part.counts[key] = (subnet?.text ?? "", 1) }
            return
        }
        let end = r.offset
        var groups: [String] = [], tags: [Tag] = [], ipv6: [String] = []
        if let groupsAt { r.seek(to: groupsAt); groups = try field("GroupId", ofEach: &r) }
        if let tagsAt { r.seek(to: tagsAt); tags = try Self.tags(&r) }
        if let ipv6At { r.seek(to: ipv6At); ipv6 = try field("Ipv6Address", ofEach: &r) }
        r.seek(to: end)
        var eni = NetworkInterface(
            id: id.text, vpcID: vpc?.text ?? "", subnetID: subnet?.text ?? "", availabilityZone: az?.text,
            privateIP: ip.flatMap { IPv4Address(utf8: $0.bytes) }, interfaceType: type?.text ?? "interface",
            description: description?.text ?? "", securityGroupIDs: groups, status: status?.text ?? "", tags: tags)
        eni.ipv6Addresses = ipv6
        eni.requesterManaged = requesterManaged
        eni.requesterID = requester?.text
        part.interfaces.append(eni)
    }

    static func optionalSlice(_ r: inout JSONReader) throws(JSONError) -> JSONKey? {
        if try r.peekKind() == .null { try r.readNull(); return nil }
        return try r.readStringSlice()
    }

    static func securityGroup(_ r: inout JSONReader) throws(JSONError) -> SecurityGroup {
        let start = r.offset
        var id: String?, name = "", vpc = "", description = "", ingress: [SecurityGroupRule] = []
        var egress: [SecurityGroupRule] = [], tags: [Tag] = []
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "GroupId": id = try r.readString()
            case "GroupName": name = try r.readOptionalString() ?? ""
            case "VpcId": vpc = try r.readOptionalString() ?? ""
            case "Description": description = try r.readOptionalString() ?? ""
            case "IpPermissions": ingress = try readList(&r, permission)
            case "IpPermissionsEgress": egress = try readList(&r, permission)
            case "Tags": tags = try Self.tags(&r)
            default: try r.skipValue()
            }
        }
        return SecurityGroup(id: try required(id, "GroupId", r, at: start), name: name, vpcID: vpc,
                             description: description, ingress: ingress, egress: egress, tags: tags)
    }

    static func readList<T>(_ r: inout JSONReader, _ item: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> [T] {
        try AWSCLIDocument.readList(&r, item)
    }

    static func permission(_ r: inout JSONReader) throws(JSONError) -> SecurityGroupRule {
        var proto = "-1", from: Int?, to: Int?, cidrs: [IPv4CIDR] = [], v6: [String] = [], lists: [String] = []
        var groups: [String] = [], descriptions: [String] = []
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "IpProtocol": proto = try r.readString()
            case "FromPort": from = try r.readInt()
            case "ToPort": to = try r.readInt()
            case "IpRanges":
                try r.beginArray()
                while try r.nextElement() {
                    try r.beginObject()
                    while let c = try r.nextKey() {
                        switch c {
                        case "CidrIp": if let block = try cidr(&r) { cidrs.append(block) }
                        case "Description": if let d = try r.readOptionalString() { descriptions.append(d) }
                        default: try r.skipValue()
                        }
                    }
                }
            case "Ipv6Ranges": v6 = try field("CidrIpv6", ofEach: &r)
            case "PrefixListIds": lists = try field("PrefixListId", ofEach: &r)
            case "UserIdGroupPairs": groups = try field("GroupId", ofEach: &r)
            default: try r.skipValue()
            }
        }
        return SecurityGroupRule(ipProtocol: proto, fromPort: from, toPort: to, cidrs: cidrs, ipv6CIDRs: v6,
                                 prefixListIDs: lists, sourceGroupIDs: groups,
                                 description: descriptions.isEmpty ? nil : descriptions.joined(separator: "; "))
    }

    static func natGateway(_ r: inout JSONReader) throws(JSONError) -> NATGateway {
        let start = r.offset
        var id: String?, vpc: String?, subnet: String?, state = "available", connectivity = "public"
        var publicIPs: [String] = [], privateIPs: [String] = [], enis: [String] = [], tags: [Tag] = []
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "NatGatewayId": id = try r.readString()
            case "VpcId": vpc = try r.readString()
            case "SubnetId": subnet = try r.readString()
            case "State": state = (try r.readOptionalString() ?? state).lowercased()
            case "ConnectivityType": connectivity = (try r.readOptionalString() ?? connectivity).lowercased()
            case "Tags": tags = try Self.tags(&r)
            case "NatGatewayAddresses":
                try r.beginArray()
                while try r.nextElement() {
                    try r.beginObject()
                    while let a = try r.nextKey() {
                        switch a {
                        case "PublicIp": if let ip = try r.readOptionalString() { publicIPs.append(ip) }
                        case "PrivateIp": if let ip = try r.readOptionalString() { privateIPs.append(ip) }
                        case "NetworkInterfaceId": if let eni = try r.readOptionalString() { enis.append(eni) }
                        default: try r.skipValue()
                        }
                    }
                }
            default: try r.skipValue()
            }
        }
        return NATGateway(id: try required(id, "NatGatewayId", r, at: start), vpcID: try required(vpc, "VpcId", r, at: start),
                          subnetID: try required(subnet, "SubnetId", r, at: start), state: state,
                          connectivityType: connectivity, publicIPs: publicIPs, privateIPs: privateIPs,
                          networkInterfaceIDs: enis, tags: tags)
    }

    static func internetGateway(_ r: inout JSONReader) throws(JSONError) -> InternetGateway {
        let start = r.offset
        var id: String?, vpcs: [String] = [], tags: [Tag] = []
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "InternetGatewayId": id = try r.readString()
            case "Tags": tags = try Self.tags(&r)
            case "Attachments":
                try r.beginArray()
                while try r.nextElement() {
                    var vpc: String?, state = "available"
                    try r.beginObject()
                    while let a = try r.nextKey() {
                        switch a {
                        case "VpcId": vpc = try r.readOptionalString()
                        case "State": state = (try r.readOptionalString() ?? state).lowercased()
                        default: try r.skipValue()
                        }
                    }
                    if let vpc, state == "available" || state == "attached" { vpcs.append(vpc) }
                }
            default: try r.skipValue()
            }
        }
        return InternetGateway(id: try required(id, "InternetGatewayId", r, at: start), attachedVPCIDs: vpcs, tags: tags)
    }

    static func prefixList(_ r: inout JSONReader) throws(JSONError) -> PrefixList {
        let start = r.offset
        var id: String?, name = ""
        try r.beginObject()
        while let k = try r.nextKey() {
            switch k {
            case "PrefixListId": id = try r.readString()
            case "PrefixListName": name = try r.readOptionalString() ?? ""
            default: try r.skipValue()
            }
        }
        return PrefixList(id: try required(id, "PrefixListId", r, at: start), name: name)
    }
}
