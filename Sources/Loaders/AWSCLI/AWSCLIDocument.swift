import JSONText
import Model

/// One `aws ec2 describe-*` answer (or a collect manifest), recognised by its content, not its name.
enum AWSCLIDocument {
    /// The top-level keys that identify each kind of answer.
    static let listKeys: [(key: StaticString, kind: ResourceKind)] = [
        ("Vpcs", .vpcs), ("Subnets", .subnets), ("RouteTables", .routeTables), ("VpcEndpoints", .vpcEndpoints),
        ("NetworkInterfaces", .networkInterfaces), ("SecurityGroups", .securityGroups), ("NatGateways", .natGateways),
        ("InternetGateways", .internetGateways), ("PrefixLists", .prefixLists),
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
        do {
            return try JSONReader.withBytes(bytes) { r throws(JSONError) -> Recognised in
                // A repeated key (`VpcId` twice) would silently pick one of the two values.
                r.rejectsDuplicateKeys = true
                let result: Recognised
                switch try r.peekKind() {
                case .array:
                    // describe-vpc-attribute answers, collected into one array (or an empty one).
                    var contents = InventoryContents()
                    try r.beginArray()
                    while try r.nextElement() {
                        try readVPCAttribute(&r, into: &contents)
                    }
                    contents.known.insert(.vpcAttributes)
                    result = .inventory(contents)
                case .object:
                    result = try readObject(&r, regionHint: regionHint, referencedInterfaces: referencedInterfaces)
                default:
                    throw r.error("expected a JSON object (the output of an `aws ec2 describe-*` call)")
                }
                try r.expectEnd()
                if case .inventory(var contents) = result, !r.warnings.isEmpty {
                    contents.warnings += r.warnings.map { "\(path):\($0.line):\($0.column): warning: \($0.message)" }
                    return .inventory(contents)
                }
                return result
            }
        } catch let error as JSONError {
            throw LoadError(path: path, line: error.line, column: error.column, message: error.message)
        } catch {
            throw LoadError(path: path, message: "\(error)")
        }
    }

    static func readObject(_ r: inout JSONReader, regionHint: String?,
                           referencedInterfaces: Set<String>) throws(JSONError) -> Recognised {
        var contents = InventoryContents()
        var keys: [String] = []
        var attributeVPC: String?
        var attributes: [(name: String, value: Bool)] = []
        var recognised = false
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "Vpcs": contents.vpcs = try readList(&r, AWSCLIResources.vpc); contents.known.insert(.vpcs)
            case "Subnets": contents.subnets = try readList(&r, AWSCLIResources.subnet); contents.known.insert(.subnets)
            case "RouteTables":
                contents.routeTables = try readList(&r, AWSCLIResources.routeTable); contents.known.insert(.routeTables)
            case "VpcEndpoints":
                contents.endpoints = try readList(&r, AWSCLIResources.endpoint); contents.known.insert(.vpcEndpoints)
            case "NetworkInterfaces":
                try AWSCLIResources.networkInterfaces(&r, into: &contents, keeping: referencedInterfaces)
                contents.known.insert(.networkInterfaces)
            case "SecurityGroups":
                contents.securityGroups = try readList(&r, AWSCLIResources.securityGroup)
                contents.known.insert(.securityGroups)
            case "NatGateways":
                contents.natGateways = try readList(&r, AWSCLIResources.natGateway); contents.known.insert(.natGateways)
            case "InternetGateways":
                contents.internetGateways = try readList(&r, AWSCLIResources.internetGateway)
                contents.known.insert(.internetGateways)
            case "PrefixLists":
                contents.prefixLists = try readList(&r, AWSCLIResources.prefixList); contents.known.insert(.prefixLists)
            case "VpcId":
                attributeVPC = try r.readString()
            case "EnableDnsSupport", "EnableDnsHostnames":
                let name = key.text
                attributes.append((name, try AWSCLIResources.attributeValue(&r)))
            default:
                keys.append(key.text)
                try r.skipValue()
                continue
            }
            recognised = true
        }
        if let vpc = attributeVPC, !attributes.isEmpty {
            contents.vpcs.append(attributeOnlyVPC(vpc, attributes))
            contents.known.insert(.vpcAttributes)
        } else if attributeVPC != nil {
            keys.append("VpcId")
        }
        if regionHint != nil {
            for i in contents.vpcs.indices where contents.vpcs[i].region == nil { contents.vpcs[i].region = regionHint }
        }
        return recognised || !contents.known.isEmpty ? .inventory(contents) : .unrecognised(keys: keys)
    }

    /// Whether a document is a describe-network-interfaces answer, from its first key: such files
    /// are read after the others, so the ENIs endpoints and NAT gateways list are known by then.
    static func isNetworkInterfacesAnswer(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(512)
        guard let key = head.firstRange(of: Array("\"NetworkInterfaces\"".utf8)) else { return false }
        return !head[head.startIndex..<key.lowerBound].contains(UInt8(ascii: ":"))
    }

    static func readList<T>(_ r: inout JSONReader, _ item: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> [T] {
        var items: [T] = []
        try r.beginArray()
        while try r.nextElement() { items.append(try item(&r)) }
        return items
    }

    static func readVPCAttribute(_ r: inout JSONReader, into contents: inout InventoryContents) throws(JSONError) {
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
        contents.vpcs = InventoryContents.merged(contents.vpcs, [attributeOnlyVPC(vpc, attributes)], id: \.id) {
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
