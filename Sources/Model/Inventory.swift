/// The kinds of resource a source can describe. A kind no source described is unknown, not empty.
public enum ResourceKind: String, CaseIterable, Hashable, Sendable {
    case vpcs, subnets, routeTables, vpcEndpoints, networkInterfaces, securityGroups
    case natGateways, internetGateways, prefixLists, vpcAttributes

    /// The `aws ec2` call that lists this kind.
    public var awsCommand: String {
        switch self {
        case .vpcs: return "describe-vpcs"
        case .subnets: return "describe-subnets"
        case .routeTables: return "describe-route-tables"
        case .vpcEndpoints: return "describe-vpc-endpoints"
        case .networkInterfaces: return "describe-network-interfaces"
        case .securityGroups: return "describe-security-groups"
        case .natGateways: return "describe-nat-gateways"
        case .internetGateways: return "describe-internet-gateways"
        case .prefixLists: return "describe-prefix-lists"
        case .vpcAttributes: return "describe-vpc-attribute"
        }
    }

    /// The kind as people say it, plural (`route tables`, `VPC DNS attributes`).
    public var title: String {
        switch self {
        case .vpcs: return "VPCs"
        case .subnets: return "subnets"
        case .routeTables: return "route tables"
        case .vpcEndpoints: return "VPC endpoints"
        case .networkInterfaces: return "network interfaces"
        case .securityGroups: return "security groups"
        case .natGateways: return "NAT gateways"
        case .internetGateways: return "internet gateways"
        case .prefixLists: return "prefix lists"
        case .vpcAttributes: return "VPC DNS attributes"
        }
    }

    /// The whole command that collects this kind into a file vpcx reads.
    public var collectCommand: String {
        switch self {
        case .vpcAttributes:
            return "aws ec2 describe-vpc-attribute --vpc-id VPC --attribute enableDnsSupport (and enableDnsHostnames)"
        default:
            return "aws ec2 \(awsCommand) --output json > \(awsCommand).json"
        }
    }

    /// `route tables not loaded (aws ec2 describe-route-tables)`: the reason an answer that needs this kind is unknown.
    public var notLoaded: String { "\(title) not loaded (aws ec2 \(awsCommand))" }
}

/// Where part of an inventory came from, for the header and for error messages.
public struct SourceInfo: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable {
        case demo, awsCLI = "aws-cli", terraform, terraformJSON = "terraform-json", spec
        /// A vpcx design file (`*.vpcx.yaml`).
        case design = "vpcx-design"
    }

    public var path: String
    public var format: Format
    /// Modification time of the file (or newest file of a directory), seconds since 1970.
    public var modified: Double?
    public var account: String?
    public var region: String?
    /// Calls that failed when the snapshot was collected (`describe-nat-gateways: AccessDenied`).
    public var gaps: [String]

    public init(path: String, format: Format, modified: Double? = nil, account: String? = nil, region: String? = nil,
                gaps: [String] = []) {
        self.path = path
        self.format = format
        self.modified = modified
        self.account = account
        self.region = region
        self.gaps = gaps
    }
}

/// The resources of one or more sources, as plain lists: what loaders build and merge.
public struct InventoryContents: Sendable {
    public var sources: [SourceInfo] = []
    public var vpcs: [VPC] = []
    public var subnets: [Subnet] = []
    public var routeTables: [RouteTable] = []
    public var endpoints: [VPCEndpoint] = []
    public var networkInterfaces: [NetworkInterface] = []
    public var securityGroups: [SecurityGroup] = []
    public var natGateways: [NATGateway] = []
    public var internetGateways: [InternetGateway] = []
    public var prefixLists: [PrefixList] = []
    /// Transit gateways, peering, hosted zones and Resolver rules: what lies between VPCs.
    public var interconnect = InterconnectContents()
    /// The kinds some source described (possibly as an empty list).
    public var known: Set<ResourceKind> = []
    /// Kinds whose files are still being read: this is a first look at a network while the rest
    /// loads. They are unknown like a kind never collected, but "loading", not "not collected".
    public var loading: Set<ResourceKind> = []
    /// Plain instance network interfaces (InterfaceType `interface`) counted per subnet but not kept:
    /// no view needs them one by one, and an account can have hundreds of thousands. The ENIs of
    /// endpoints, NAT gateways and other AWS services are kept in `networkInterfaces`.
    public var otherInterfaceCount: [String: Int] = [:]
    /// For each kind, the regions whose sources described it; `""` stands for a source of no known
    /// region, which covers every VPC. A kind in `known` with no entry here covers every VPC too.
    public var knownRegions: [ResourceKind: Set<String>] = [:]
    /// Kinds of which some page ended with a `NextToken`: its answer had more to collect.
    public var openPages: Set<ResourceKind> = []
    /// Kinds of which some page ended without one (a whole answer, or its last page).
    public var lastPages: Set<ResourceKind> = []
    /// Kinds that may be incomplete: a page said there was more, and no last page was loaded.
    public var incomplete: Set<ResourceKind> { openPages.subtracting(lastPages) }
    /// What loading noticed without failing: a file skipped, a page that may be incomplete (`path: note`).
    public var warnings: [String] = []
    /// Values a spec could not know, by `resourceID.field` (`subnet-x.cidr`): the placeholder's name
    /// (`var.private_cidr`, `known after apply`).
    public var unknowns: [String: String] = [:]
    /// Where a spec declares each resource, by resource ID (none for AWS inventories).
    public var declarations: [String: Declaration] = [:]
    /// What a loader answered without the sources saying it, one line each, in one place for every view
    /// (`data.aws_availability_zones.available: the zones of eu-west-1: …`).
    public var assumptions: [String] = []
    /// IDs of resources a spec adds to an inventory (`vpcx INVENTORY SPEC`): planned, not yet in AWS.
    public var planned: Set<String> = []

    public init() {}

    /// Adds another source's resources. A resource already present by ID is replaced by the later
    /// one, so a newer snapshot overrides an older one; VPC attributes merge field by field.
    public mutating func merge(_ other: InventoryContents) {
        var indexes = MergeIndexes()
        merge(other, indexes: &indexes)
    }

    /// Adds another source's resources, keeping `indexes` (the positions by ID of what is merged so far)
    /// for the next call: a loader merging thousands of files (an organisation's snapshot) passes the same
    /// indexes to each, so the whole load stays linear in the number of resources instead of rebuilding
    /// (and copying) every list once per file.
    public mutating func merge(_ other: InventoryContents, indexes: inout MergeIndexes) {
        sources += other.sources
        Self.merge(into: &vpcs, other.vpcs, index: &indexes.vpcs, id: \.id) { old, new in old.merging(new) }
        Self.merge(into: &subnets, other.subnets, index: &indexes.subnets, id: \.id)
        Self.merge(into: &routeTables, other.routeTables, index: &indexes.routeTables, id: \.id)
        Self.merge(into: &endpoints, other.endpoints, index: &indexes.endpoints, id: \.id)
        Self.merge(into: &networkInterfaces, other.networkInterfaces, index: &indexes.networkInterfaces, id: \.id)
        Self.merge(into: &securityGroups, other.securityGroups, index: &indexes.securityGroups, id: \.id)
        Self.merge(into: &natGateways, other.natGateways, index: &indexes.natGateways, id: \.id)
        Self.merge(into: &internetGateways, other.internetGateways, index: &indexes.internetGateways, id: \.id)
        Self.merge(into: &prefixLists, other.prefixLists, index: &indexes.prefixLists, id: \.id)
        interconnect.merge(other.interconnect, indexes: &indexes.interconnect)
        known.formUnion(other.known)
        knownRegions.merge(other.knownRegions) { $0.union($1) }
        openPages.formUnion(other.openPages)
        lastPages.formUnion(other.lastPages)
        warnings += other.warnings
        otherInterfaceCount.merge(other.otherInterfaceCount) { _, new in new }
        unknowns.merge(other.unknowns) { _, new in new }
        declarations.merge(other.declarations) { _, new in new }
        for line in other.assumptions where !assumptions.contains(line) { assumptions.append(line) }
        planned.formUnion(other.planned)
    }

    /// Merges lists by ID, the later item replacing (or combining with) the earlier one, order kept.
    public static func merged<T>(_ old: [T], _ new: [T], id: KeyPath<T, String>,
                          combine: (T, T) -> T = { _, new in new }) -> [T] {
        var result = old
        var index = MergeIndex()
        merge(into: &result, new, index: &index, id: id, combine: combine)
        return result
    }

    /// Merges `new` into `list` in place by ID (the later item replacing, or combining with, the earlier;
    /// order kept). `index` remembers the positions of `list`'s items from one call to the next and is
    /// extended to the items added since; it stays right as long as `list` only changes through here
    /// (items edited in place keep their IDs).
    public static func merge<T>(into list: inout [T], _ new: [T], index: inout MergeIndex, id: KeyPath<T, String>,
                                combine: (T, T) -> T = { _, new in new }) {
        if new.isEmpty { return }
        if list.isEmpty { list = new; index = MergeIndex(); return }
        if index.covered > list.count { index = MergeIndex() }
        while index.covered < list.count {
            index.position[list[index.covered][keyPath: id]] = index.covered
            index.covered += 1
        }
        for item in new {
            if let i = index.position[item[keyPath: id]] {
                list[i] = combine(list[i], item)
            } else {
                index.position[item[keyPath: id]] = list.count
                list.append(item)
                index.covered = list.count
            }
        }
    }
}

/// The positions by ID of one list being merged into (see `InventoryContents.merge(into:_:index:id:combine:)`).
public struct MergeIndex: Sendable {
    var position: [String: Int] = [:]
    var covered = 0
    public init() {}
}

extension InventoryContents {
    /// One `MergeIndex` per list, carried from one source's merge to the next.
    public struct MergeIndexes: Sendable {
        var vpcs = MergeIndex(), subnets = MergeIndex(), routeTables = MergeIndex(), endpoints = MergeIndex()
        var networkInterfaces = MergeIndex(), securityGroups = MergeIndex(), natGateways = MergeIndex()
        var internetGateways = MergeIndex(), prefixLists = MergeIndex()
        var interconnect = InterconnectContents.MergeIndexes()
        public init() {}
    }
}

/// An indexed, read-only network: what every analysis and view works on.
/// Build one from `InventoryContents`; to change it (what-if), edit the contents and build anew.
public struct Inventory: Sendable {
    public let contents: InventoryContents

    // Lookups built once; every analysis relies on them to stay linear in the size of the network.
    public let vpcByID: [String: Int]
    public let subnetByID: [String: Int]
    public let routeTableByID: [String: Int]
    public let endpointByID: [String: Int]
    public let networkInterfaceByID: [String: Int]
    public let securityGroupByID: [String: Int]
    public let natGatewayByID: [String: Int]
    public let internetGatewayByID: [String: Int]
    public let prefixListByID: [String: Int]
    /// Subnet ID → the route table explicitly associated with it.
    public let explicitRouteTable: [String: Int]
    /// VPC ID → its main route table.
    public let mainRouteTable: [String: Int]
    public let subnetsByVPC: [String: [Int]]
    public let routeTablesByVPC: [String: [Int]]
    public let endpointsByVPC: [String: [Int]]
    public let natGatewaysByVPC: [String: [Int]]
    public let internetGatewaysByVPC: [String: [Int]]
    public let securityGroupsByVPC: [String: [Int]]
    /// Lookups over transit gateways, peering, hosted zones and Resolver rules.
    public let interconnect: InterconnectIndex

    public init(_ contents: InventoryContents) {
        self.contents = contents
        interconnect = InterconnectIndex(contents.interconnect)
        func index<T>(_ items: [T], _ id: KeyPath<T, String>) -> [String: Int] {
            var map: [String: Int] = [:]
            map.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { map[item[keyPath: id]] = i }
            return map
        }
        func group<T>(_ items: [T], _ key: KeyPath<T, String>) -> [String: [Int]] {
            var map: [String: [Int]] = [:]
            for (i, item) in items.enumerated() { map[item[keyPath: key], default: []].append(i) }
            return map
        }
        vpcByID = index(contents.vpcs, \.id)
        subnetByID = index(contents.subnets, \.id)
        routeTableByID = index(contents.routeTables, \.id)
        endpointByID = index(contents.endpoints, \.id)
        networkInterfaceByID = index(contents.networkInterfaces, \.id)
        securityGroupByID = index(contents.securityGroups, \.id)
        natGatewayByID = index(contents.natGateways, \.id)
        internetGatewayByID = index(contents.internetGateways, \.id)
        prefixListByID = index(contents.prefixLists, \.id)
        var explicit: [String: Int] = [:]
        var main: [String: Int] = [:]
        for (i, table) in contents.routeTables.enumerated() {
            for association in table.associations {
                if let subnet = association.subnetID { explicit[subnet] = i }
                if association.isMain { main[table.vpcID] = i }
            }
        }
        explicitRouteTable = explicit
        mainRouteTable = main
        subnetsByVPC = group(contents.subnets, \.vpcID)
        routeTablesByVPC = group(contents.routeTables, \.vpcID)
        endpointsByVPC = group(contents.endpoints, \.vpcID)
        natGatewaysByVPC = group(contents.natGateways, \.vpcID)
        securityGroupsByVPC = group(contents.securityGroups, \.vpcID)
        var igws: [String: [Int]] = [:]
        for (i, igw) in contents.internetGateways.enumerated() {
            for vpc in igw.attachedVPCIDs { igws[vpc, default: []].append(i) }
        }
        internetGatewaysByVPC = igws
    }

    /// An empty inventory (nothing known).
    public static let empty = Inventory(InventoryContents())

    public var sources: [SourceInfo] { contents.sources }
    public var vpcs: [VPC] { contents.vpcs }
    public var subnets: [Subnet] { contents.subnets }
    public var routeTables: [RouteTable] { contents.routeTables }
    public var endpoints: [VPCEndpoint] { contents.endpoints }
    public var networkInterfaces: [NetworkInterface] { contents.networkInterfaces }
    public var securityGroups: [SecurityGroup] { contents.securityGroups }
    public var natGateways: [NATGateway] { contents.natGateways }
    public var internetGateways: [InternetGateway] { contents.internetGateways }
    public var prefixLists: [PrefixList] { contents.prefixLists }

    /// Whether some source described this kind of resource.
    public func knows(_ kind: ResourceKind) -> Bool { contents.known.contains(kind) }

    /// Whether this kind was described for a VPC: by a source of no particular region, or of the VPC's region.
    /// "Not collected" is not "collected and empty": counts and analyses ask this before trusting an empty list.
    public func knows(_ kind: ResourceKind, in vpcID: String) -> Bool {
        guard contents.known.contains(kind) else { return false }
        // The DNS attributes are fields of the VPC: an answer for some VPCs says nothing of the others.
        if kind == .vpcAttributes, let vpc = vpc(vpcID), vpc.enableDnsSupport == nil || vpc.enableDnsHostnames == nil {
            return false
        }
        guard let regions = contents.knownRegions[kind], !regions.contains("") else { return true }
        guard let region = vpc(vpcID)?.region ?? region else { return true }
        return regions.contains(region)
    }

    /// The kinds among `kinds` not described for a VPC (every VPC when nil), in `kinds`' order.
    public func missing(_ kinds: [ResourceKind], in vpcID: String? = nil) -> [ResourceKind] {
        kinds.filter { kind in vpcID.map { !knows(kind, in: $0) } ?? !knows(kind) }
    }

    /// Kinds no source described, in the order of `ResourceKind.allCases`.
    public var missingKinds: [ResourceKind] { ResourceKind.allCases.filter { !knows($0) } }

    /// Why a resource of `kind` a network names is not in hand: its answer is still being read (a
    /// first look while the load goes on), or no source had it.
    public func whyAbsent(_ kind: ResourceKind) -> String {
        contents.loading.contains(kind) ? "still loading" : "not in the inventory"
    }

    /// The placeholder name of a value a spec could not know (`subnet-x.cidr`), if it is one.
    public func unknown(_ resourceID: String, _ field: String) -> String? { contents.unknowns["\(resourceID).\(field)"] }

    // MARK: Lookups

    public func vpc(_ id: String) -> VPC? { vpcByID[id].map { contents.vpcs[$0] } }
    public func subnet(_ id: String) -> Subnet? { subnetByID[id].map { contents.subnets[$0] } }
    public func routeTable(_ id: String) -> RouteTable? { routeTableByID[id].map { contents.routeTables[$0] } }
    public func endpoint(_ id: String) -> VPCEndpoint? { endpointByID[id].map { contents.endpoints[$0] } }
    public func networkInterface(_ id: String) -> NetworkInterface? {
        networkInterfaceByID[id].map { contents.networkInterfaces[$0] }
    }
    public func securityGroup(_ id: String) -> SecurityGroup? { securityGroupByID[id].map { contents.securityGroups[$0] } }
    public func natGateway(_ id: String) -> NATGateway? { natGatewayByID[id].map { contents.natGateways[$0] } }
    public func internetGateway(_ id: String) -> InternetGateway? {
        internetGatewayByID[id].map { contents.internetGateways[$0] }
    }
    public func prefixList(_ id: String) -> PrefixList? { prefixListByID[id].map { contents.prefixLists[$0] } }

    public func subnets(in vpcID: String) -> [Subnet] { (subnetsByVPC[vpcID] ?? []).map { contents.subnets[$0] } }
    /// The index in `subnets` of the VPC's subnet whose block holds the address (a return route's
    /// start): asked for every path across a transit gateway, so no subnet is copied to find it.
    public func subnetIndex(in vpcID: String, holding address: IPv4Address) -> Int? {
        (subnetsByVPC[vpcID] ?? []).first { contents.subnets[$0].cidr?.contains(address) == true }
    }
    public func routeTables(in vpcID: String) -> [RouteTable] {
        (routeTablesByVPC[vpcID] ?? []).map { contents.routeTables[$0] }
    }
    public func endpoints(in vpcID: String) -> [VPCEndpoint] { (endpointsByVPC[vpcID] ?? []).map { contents.endpoints[$0] } }
    public func natGateways(in vpcID: String) -> [NATGateway] {
        (natGatewaysByVPC[vpcID] ?? []).map { contents.natGateways[$0] }
    }
    public func internetGateways(in vpcID: String) -> [InternetGateway] {
        (internetGatewaysByVPC[vpcID] ?? []).map { contents.internetGateways[$0] }
    }
    public func securityGroups(in vpcID: String) -> [SecurityGroup] {
        (securityGroupsByVPC[vpcID] ?? []).map { contents.securityGroups[$0] }
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    public func routeTable(forSubnet subnetID: String) -> RouteTable? {
        if let i = explicitRouteTable[subnetID] { return contents.routeTables[i] }
        guard let subnet = subnet(subnetID), let i = mainRouteTable[subnet.vpcID] else { return nil }
        return contents.routeTables[i]
    }

    /// Whether a subnet uses its route table by explicit association (false: the main table).
    public func hasExplicitRouteTable(_ subnetID: String) -> Bool { explicitRouteTable[subnetID] != nil }

    /// The region of the network: the sources' word, else the VPCs', else the endpoints' service names.
    public var region: String? {
        if let r = contents.sources.lazy.compactMap(\.region).first { return r }
        if let r = contents.vpcs.lazy.compactMap(\.region).first { return r }
        if let r = contents.endpoints.lazy.compactMap({ ServiceName.region($0.serviceName) }).first { return r }
        if let az = contents.subnets.lazy.compactMap(\.availabilityZone).first { return ServiceName.region(ofZone: az) }
        return nil
    }

    /// The account that owns the network, where a source says.
    public var account: String? {
        contents.sources.lazy.compactMap(\.account).first ?? contents.vpcs.lazy.compactMap(\.ownerID).first
    }

    /// A person's label for any resource ID: `Name (id)` when it has a Name tag.
    public func displayName(_ id: String) -> String {
        guard let name = name(of: id), name != id else { return id }
        return "\(name) (\(id))"
    }

    /// The Name tag (or group name) of any resource ID, if it has one.
    public func name(of id: String) -> String? {
        if let x = vpc(id) { return x.name }
        if let x = subnet(id) { return x.name }
        if let x = routeTable(id) { return x.name }
        if let x = endpoint(id) { return x.name }
        if let x = natGateway(id) { return x.name }
        if let x = internetGateway(id) { return x.name }
        if let x = securityGroup(id) { return x.tags.name ?? x.name }
        if let x = networkInterface(id) { return x.name }
        if let x = prefixList(id) { return x.name }
        return nil
    }
}
