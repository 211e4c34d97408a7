import JSONText
import Model

/// One `aws ec2 describe-*` answer (or several), recognised by its content, not its name. A file
/// may hold the envelope (`{"Subnets": [...]}`, several kinds in one object), a bare array of one
/// kind's items (`--query Subnets`, boto3 lists: the kind is told by the items' own ID key), an
/// array of envelopes or envelopes one after another (pages), or describe-vpc-attribute answers.
enum AWSCLIDocument {
    /// The top-level keys that identify each kind of answer.
    static let listKeys: [(key: StaticString, kind: ResourceKind)] = [
        ("Vpcs", .vpcs), ("Subnets", .subnets), ("RouteTables", .routeTables), ("VpcEndpoints", .vpcEndpoints),
        ("NetworkInterfaces", .networkInterfaces), ("SecurityGroups", .securityGroups), ("NatGateways", .natGateways),
        ("InternetGateways", .internetGateways), ("PrefixLists", .prefixLists),
    ]

    /// The key that names an item of each kind, most telling first: an ENI also has a `SubnetId`,
    /// an endpoint a `VpcId`, so the first key of this list an item has decides its kind.
    static let itemKeys: [(key: String, kind: ResourceKind)] = [
        ("NetworkInterfaceId", .networkInterfaces), ("VpcEndpointId", .vpcEndpoints), ("NatGatewayId", .natGateways),
        ("RouteTableId", .routeTables), ("InternetGatewayId", .internetGateways), ("GroupId", .securityGroups),
        ("SubnetId", .subnets), ("PrefixListId", .prefixLists),
    ]

    /// ID keys of items vpcx does not read, which also carry a `SubnetId` or `VpcId`.
    static let otherItemKeys: Set<String> = [
        "InstanceId", "ReservationId", "SecurityGroupRuleId", "NetworkAclId", "TransitGatewayAttachmentId",
        "VpcPeeringConnectionId", "LoadBalancerArn", "DBInstanceIdentifier", "FunctionArn", "AllocationId",
        "FlowLogId", "EgressOnlyInternetGatewayId", "CustomerGatewayId", "VpnGatewayId",
    ]

    /// What a JSON file turned out to be.
    enum Recognised {
        case inventory(InventoryContents)
        /// A JSON document that is none of the answers vpcx reads (its top-level keys, for the message).
        case unrecognised(keys: [String])
    }

    /// Reads one document. `regionHint` comes from the directory layout `collect` writes (REGION/…).
    /// `referencedInterfaces` are ENI IDs that endpoints and NAT gateways already read list: those are
    /// kept even when their type looks like an instance's.
    static func read(_ bytes: [UInt8], path: String, regionHint: String?,
                     referencedInterfaces: Set<String> = []) throws(LoadError) -> Recognised {
        try read(JSONInput(bytes: bytes), path: path, regionHint: regionHint, referencedInterfaces: referencedInterfaces)
    }

    /// Reads one document in place (a mapped file's pages are given back as its lists are read).
    static func read(_ input: JSONInput, path: String, regionHint: String?,
                     referencedInterfaces: Set<String> = []) throws(LoadError) -> Recognised {
        let recognised = try readAnswer(input, path: path, regionHint: regionHint, referencedInterfaces: referencedInterfaces)
        // Transit gateway, peering and Route 53 answers are cross-checked once the whole file is read
        // (route-table and zone answers take their table or zone ID from the file's name).
        guard case .inventory(var whole) = recognised, !whole.interconnect.isEmpty || !whole.interconnect.tgwRouteTables.isEmpty
                || !whole.interconnect.hostedZones.isEmpty else { return recognised }
        try AWSCLIInterconnect.finish(&whole.interconnect, path: path, regionHint: regionHint)
        return .inventory(whole)
    }

    /// The answer's resources as read, before the cross-VPC parts are checked.
    private static func readAnswer(_ input: JSONInput, path: String, regionHint: String?,
                                   referencedInterfaces: Set<String>) throws(LoadError) -> Recognised {
        var r = input.reader()
        // A repeated key (`VpcId` twice) would silently pick one of the two values.
        r.rejectsDuplicateKeys = true
        do {
            var whole = InventoryContents()
            var keys: [String] = []
            var recognised = false
            // Pages printed one after another (`{…}{…}`) are read as one answer, merged with one set
            // of indexes (one made afresh for each page made 300 pages of 1,000 subnets take 24 s).
            var indexes = InventoryContents.MergeIndexes()
            repeat {
                switch try readValue(&r, referencedInterfaces: referencedInterfaces) {
                case .inventory(let contents):
                    whole.merge(contents, indexes: &indexes)
                    recognised = true
                case .unrecognised(let more):
                    keys += more
                }
            } while !r.isAtEnd()
            guard recognised else { return .unrecognised(keys: keys) }
            if let regionHint {
                for i in whole.vpcs.indices where whole.vpcs[i].region == nil { whole.vpcs[i].region = regionHint }
            }
            whole.warnings += r.warnings.map { "\(path):\($0.line):\($0.column): warning: \($0.message)" }
            return .inventory(whole)
        } catch {
            throw LoadError(path: path, line: error.line, column: error.column, message: error.message)
        }
    }

    /// One top-level value: an envelope, or an array of items, envelopes or attribute answers.
    static func readValue(_ r: inout JSONReader, referencedInterfaces: Set<String>) throws(JSONError) -> Recognised {
        switch try r.peekKind() {
        case .object:
            return try readObject(&r, referencedInterfaces: referencedInterfaces)
        case .array:
            return try readArray(&r, referencedInterfaces: referencedInterfaces)
        default:
            throw r.error("expected a JSON object (the output of an `aws ec2 describe-*` call)")
        }
    }

    /// What the items of a top-level array are, from the keys of the first one.
    enum ArrayShape {
        case empty
        case items(ResourceKind)
        case envelopes
        case vpcAttributes
        case vpcs
        case unrecognised([String])
    }

    static func arrayShape(_ r: inout JSONReader) throws(JSONError) -> ArrayShape {
        let start = r.offset
        defer { r.seek(to: start) }
        try r.beginArray()
        guard try r.nextElement() else { return .empty }
        guard try r.peekKind() == .object else { return .unrecognised([]) }
        var keys: [String] = []
        try r.beginObject()
        while let key = try r.nextKey() {
            keys.append(key.text)
            try r.skipValue()
        }
        // Other services' items carry the IDs vpcx reads too (an instance its SubnetId, a network ACL
        // its VpcId): their own ID key says they are something else.
        if keys.contains(where: { otherItemKeys.contains($0) }) { return .unrecognised(keys) }
        if let kind = itemKeys.first(where: { keys.contains($0.key) })?.kind { return .items(kind) }
        if keys.contains(where: { key in listKeys.contains { "\($0.key)" == key } }) { return .envelopes }
        if keys.contains("VpcId") {
            if keys.contains("EnableDnsSupport") || keys.contains("EnableDnsHostnames") { return .vpcAttributes }
            if keys.contains("CidrBlock") || keys.contains("CidrBlockAssociationSet") { return .vpcs }
        }
        return .unrecognised(keys)
    }

    static func readArray(_ r: inout JSONReader, referencedInterfaces: Set<String>) throws(JSONError) -> Recognised {
        var contents = InventoryContents()
        switch try arrayShape(&r) {
        case .empty:
            // `collect` writes the describe-vpc-attribute answers of a region with no VPC as `[]`.
            try r.skipValue()
            contents.known.insert(.vpcAttributes)
        case .vpcAttributes:
            try readVPCAttributes(&r, into: &contents)
            contents.known.insert(.vpcAttributes)
        case .vpcs:
            try readList(of: .vpcs, &r, into: &contents, referencedInterfaces: referencedInterfaces)
        case .items(let kind):
            try readList(of: kind, &r, into: &contents, referencedInterfaces: referencedInterfaces)
        case .envelopes:
            // A list of pages (`[{…},{…}]`): merged as `{…}{…}` are, with one set of indexes.
            var indexes = InventoryContents.MergeIndexes()
            try r.beginArray()
            while try r.nextElement() {
                guard case .inventory(let page) = try readValue(&r, referencedInterfaces: referencedInterfaces) else { continue }
                contents.merge(page, indexes: &indexes)
            }
        case .unrecognised(let keys):
            try r.skipValue()
            return .unrecognised(keys: keys)
        }
        return .inventory(contents)
    }

    /// Reads the list of one kind (an envelope's value or a bare array) into `contents`, merging by ID
    /// with what an earlier page of the same document gave.
    static func readList(of kind: ResourceKind, _ r: inout JSONReader, into contents: inout InventoryContents,
                         referencedInterfaces: Set<String>) throws(JSONError) {
        var page = InventoryContents()
        switch kind {
        case .vpcs: page.vpcs = try readList(&r, AWSCLIResources.vpc)
        case .subnets: page.subnets = try readList(&r, AWSCLIResources.subnet)
        case .routeTables: page.routeTables = try readList(&r, AWSCLIResources.routeTable)
        case .vpcEndpoints:
            for (endpoint, unstated) in try readList(&r, AWSCLIResources.endpointAndGaps) {
                page.endpoints.append(endpoint)
                for field in unstated { page.unknowns["\(endpoint.id).\(field)"] = "not in the describe-vpc-endpoints answer" }
            }
        case .networkInterfaces:
            if try r.peekKind() == .null { try r.readNull() }
            else { try AWSCLIResources.networkInterfaces(&r, into: &page, keeping: referencedInterfaces) }
        case .securityGroups: page.securityGroups = try readList(&r, AWSCLIResources.securityGroup)
        case .natGateways: page.natGateways = try readList(&r, AWSCLIResources.natGateway)
        case .internetGateways: page.internetGateways = try readList(&r, AWSCLIResources.internetGateway)
        case .prefixLists: page.prefixLists = try readList(&r, AWSCLIResources.prefixList)
        case .vpcAttributes:
            try readVPCAttributes(&r, into: &page)
        }
        page.known.insert(kind)
        contents.merge(page)
    }

    static func readObject(_ r: inout JSONReader, referencedInterfaces: Set<String>) throws(JSONError) -> Recognised {
        var contents = InventoryContents()
        var keys: [String] = []
        var attributeVPC: String?
        var attributes: [(name: String, value: Bool)] = []
        var recognised = false
        var nextToken = false
        var kinds: [ResourceKind] = []
        var between = AWSCLIInterconnect.Page()
        try r.beginObject()
        nextKey: while let key = try r.nextKey() {
            for entry in listKeys where key.equals(entry.key) {
                try readList(of: entry.kind, &r, into: &contents, referencedInterfaces: referencedInterfaces)
                kinds.append(entry.kind)
                recognised = true
                continue nextKey
            }
            switch key {
            case "VpcId":
                attributeVPC = try r.readOptionalString()
            case "EnableDnsSupport", "EnableDnsHostnames":
                let name = key.text
                attributes.append((name, try AWSCLIResources.attributeValue(&r)))
            case "NextToken":
                // `--max-items` leaves the token of the next page: what follows it was not collected.
                nextToken = try r.readOptionalString().map { !$0.isEmpty } ?? false
            default:
                if try AWSCLIInterconnect.read(key.text, &r, into: &between) { recognised = true; continue nextKey }
                keys.append(key.text)
                try r.skipValue()
            }
        }
        between.finish()
        contents.interconnect.merge(between.contents)
        if let vpc = attributeVPC, !attributes.isEmpty {
            contents.vpcs.append(attributeOnlyVPC(vpc, attributes))
            contents.known.insert(.vpcAttributes)
            recognised = true
        } else if attributeVPC != nil {
            keys.append("VpcId")
        }
        for kind in kinds {
            if nextToken { contents.openPages.insert(kind) } else { contents.lastPages.insert(kind) }
        }
        return recognised ? .inventory(contents) : .unrecognised(keys: keys)
    }

    /// Whether a document is a describe-network-interfaces answer, from its first bytes: such files
    /// are read after the others, so the ENIs endpoints and NAT gateways list are known by then.
    static func isNetworkInterfacesAnswer(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let head = UnsafeBufferPointer(rebasing: bytes.prefix(512))
        if let key = ByteSearch.firstOffset(of: "\"NetworkInterfaces\"", in: head) {
            return !head[..<key].contains(UInt8(ascii: ":"))
        }
        // A bare array of ENIs (`--query NetworkInterfaces`): its items name their own ID early on.
        guard head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "["),
              let item = ByteSearch.firstOffset(of: "\"NetworkInterfaceId\"", in: UnsafeBufferPointer(rebasing: bytes.prefix(4096)))
        else { return false }
        let before = UnsafeBufferPointer(rebasing: bytes[..<item])
        return !ByteSearch.contains("\"VpcEndpointId\"", in: before) && !ByteSearch.contains("\"NatGatewayId\"", in: before)
    }

    static func readList<T>(_ r: inout JSONReader, _ item: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> [T] {
        var items: [T] = []
        if try r.peekKind() == .null { try r.readNull(); return items }
        try r.beginArray()
        while try r.nextElement() { items.append(try item(&r)) }
        return items
    }

    /// A list of describe-vpc-attribute answers, two or more for each VPC, merged by VPC with one index
    /// for the whole list: an index made afresh for each answer made a region of 1,200 VPCs quadratic
    /// (2.9 million insertions, a third of the load of an organisation collected into one account).
    static func readVPCAttributes(_ r: inout JSONReader, into contents: inout InventoryContents) throws(JSONError) {
        var index = MergeIndex()
        try r.beginArray()
        while try r.nextElement() { try readVPCAttribute(&r, into: &contents, index: &index) }
    }

    static func readVPCAttribute(_ r: inout JSONReader, into contents: inout InventoryContents, index: inout MergeIndex) throws(JSONError) {
        let start = r.offset
        var vpc: String?
        var attributes: [(name: String, value: Bool)] = []
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "VpcId": vpc = try r.readString()
            case "EnableDnsSupport", "EnableDnsHostnames":
                let name = key.text
                attributes.append((name, try AWSCLIResources.attributeValue(&r)))
            default: try r.skipValue()
            }
        }
        guard let vpc else { throw r.error("a describe-vpc-attribute answer without VpcId", at: start) }
        InventoryContents.merge(into: &contents.vpcs, [attributeOnlyVPC(vpc, attributes)], index: &index, id: \.id) {
            $0.merging($1)
        }
    }

    /// A VPC known only by its DNS attributes; merging with describe-vpcs fills in the rest.
    static func attributeOnlyVPC(_ id: String, _ attributes: [(name: String, value: Bool)]) -> VPC {
        VPC.attributesOnly(id: id,
                           enableDnsSupport: attributes.last(where: { $0.name == "EnableDnsSupport" })?.value,
                           enableDnsHostnames: attributes.last(where: { $0.name == "EnableDnsHostnames" })?.value)
    }
}
