import Foundation
import JSONText
import Model
import Yams

/// A vpcx design file (`*.vpcx.yaml`): a network sketched the way people draw it on a whiteboard,
/// read into the same `InventoryContents` every other source gives.
///
/// ```yaml
/// region: eu-west-1
/// vpcs:
///   - name: main-vpc
///     cidr: 10.0.0.0/16
///     azs: 3
///     nat: per_az
///     subnets:
///       public:  { public: true, newbits: 8, netnum_from: 101 }
///       private: { cidrs: [10.0.1.0/24, 10.0.2.0/24, 10.0.3.0/24] }
///     endpoints:
///       - { service: s3, route_tables: [private] }
///       - { service: ssm, subnets: private, private_dns: true, security_groups: [vpc-endpoints] }
/// ```
///
/// The README's "Design files" section and `schema/vpcx-design.schema.json` document every key.
/// IDs are made from the names (stable across loads, shaped like AWS's); the Name tags are the names
/// the file gives. What the file does not say where it matters (DNS attributes, private DNS, an
/// endpoint's security groups, a group's rules) is recorded as unknown, not taken as none.
public enum DesignLoader {
    /// Whether a path names a design file by its name (`network.vpcx.yaml`, `x.vpcx.yml`).
    public static func isDesignFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        return name.hasSuffix(".vpcx.yaml") || name.hasSuffix(".vpcx.yml")
    }

    /// Reads a design file; errors are `file:line:col` at the mistake.
    public static func load(path: String) throws(LoadError) -> InventoryContents {
        let bytes = TextEncoding.utf8(try FileBytes.read(path: path))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LoadError(path: path, line: 1, column: 1, message: "a design file is UTF-8 text (YAML)")
        }
        var contents = try parse(text, path: path)
        if let i = contents.sources.indices.last { contents.sources[i].modified = FileBytes.modificationTime(path: path) }
        return contents
    }

    /// Parses a design's text; `path` names it in errors and in the inventory's sources.
    public static func parse(_ text: String, path: String) throws(LoadError) -> InventoryContents {
        guard let root = try PricingLoader.compose(text, path: path) else {
            throw LoadError(path: path, line: 1, column: 1, message: "empty design file: give region and vpcs")
        }
        var builder = DesignBuilder(reader: DesignReader(path: path))
        return try builder.build(root)
    }

    /// The keys each object of a design takes, in the order the README lists them; the JSON Schema
    /// (`schema/vpcx-design.schema.json`) is checked against these by a test.
    public static let keys: [String: [String]] = [
        "design": ["region", "account", "vpcs"],
        "vpc": ["name", "cidr", "tags", "dns", "azs", "internet_gateway", "nat", "subnets", "security_groups", "endpoints"],
        "dns": ["support", "hostnames"],
        "tier": ["public", "route", "cidrs", "newbits", "netnum_from", "tags"],
        "security_group": ["name", "description", "ingress", "egress", "tags"],
        "rule": ["protocol", "ports", "cidrs", "description"],
        "endpoint": ["service", "type", "name", "route_tables", "subnets", "private_dns", "security_groups", "policy", "tags"],
    ]

    /// `nat:` choices.
    public static let natChoices = ["per_az", "single", "none"]
    /// A tier's `route:` choices (a public tier routes to the internet gateway).
    public static let routeChoices = ["nat", "none"]
    public static let endpointTypes = ["gateway", "interface"]
    public static let protocols = ["tcp", "udp", "icmp", "all"]
}

/// Walks a design's nodes into an inventory, one VPC at a time.
struct DesignBuilder {
    var reader: DesignReader
    var c = InventoryContents()
    var region = ""
    var account: String?
    var vpcNames: Set<String> = []

    init(reader: DesignReader) { self.reader = reader }

    // MARK: IDs and bookkeeping

    /// An AWS-shaped ID from what names the resource in the design (`subnet-` and 17 hex digits):
    /// the same file gives the same IDs on every load, and renaming a resource gives it a new one.
    func id(_ prefix: String, _ parts: String...) -> String {
        let key = ([prefix, region] + parts).joined(separator: "\u{1F}")
        func fnv(_ text: String, _ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100000001b3
            }
            // splitmix64's finaliser: names that differ in one letter get unrelated IDs.
            hash = (hash ^ (hash >> 30)) &* 0xbf58476d1ce4e5b9
            hash = (hash ^ (hash >> 27)) &* 0x94d049bb133111eb
            return hash ^ (hash >> 31)
        }
        let high = String(fnv(key, 0xcbf29ce484222325), radix: 16)
        let low = String(fnv(key, 0x84222325cbf29ce4) & 0xf, radix: 16)
        return prefix + "-" + String(repeating: "0", count: 16 - high.count) + high + low
    }

    mutating func declare(_ id: String, at node: Node) {
        c.declarations[id] = Declaration(path: reader.path, line: node.mark?.line ?? 1)
    }

    // MARK: The document

    mutating func build(_ root: Node) throws(LoadError) -> InventoryContents {
        let top = try reader.fields(root, "the design", keys: DesignLoader.keys["design"] ?? [])
        let regionNode = try top.required("region", "the design", reader, hint: "such as eu-west-1")
        region = try reader.string(regionNode, "region")
        guard ServiceName.isRegion(region) else {
            throw reader.fail(regionNode, "region '\(TextSafety.shown(region))' is not a region code such as eu-west-1")
        }
        if let node = top["account"] {
            let text = try reader.string(node, "account")
            guard text.count == 12, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
                throw reader.fail(node, "account is a 12-digit AWS account ID (quote it: \"123456789012\")")
            }
            account = text
        }
        let vpcsNode = try top.required("vpcs", "the design", reader, hint: "a list of VPCs")
        for vpcNode in try reader.list(vpcsNode, "vpcs") {
            try buildVPC(vpcNode)
        }
        c.sources.append(SourceInfo(path: reader.path, format: .design, account: account, region: region))
        c.known = Set(ResourceKind.allCases)
        for kind in ResourceKind.allCases { c.knownRegions[kind] = [region] }
        for p in c.prefixLists {
            c.unknowns["\(p.id).id"] = "the AWS-managed prefix list of \(p.name) (a design has no AWS IDs)"
        }
        return c
    }

    // MARK: A VPC

    /// What one tier of subnets resolved to.
    struct Tier {
        var name: String
        var node: Node
        var isPublic: Bool
        /// `nat` or `none` for a private tier; nil for a public one.
        var route: String?
        var subnets: [Subnet]
    }

    mutating func buildVPC(_ node: Node) throws(LoadError) {
        let f = try reader.fields(node, DesignReader.peek(node, "name").map { "VPC \($0)" } ?? "a VPC", keys: DesignLoader.keys["vpc"] ?? [])
        let name = try reader.name(try f.required("name", "a VPC", reader), "a VPC's name")
        let context = "VPC \(TextSafety.shown(name))"
        guard vpcNames.insert(name).inserted else { throw reader.fail(f.keyNodes["name"] ?? node, "\(context) is given twice (VPC names are unique)") }
        let cidrNode = try f.required("cidr", context, reader, hint: "its IPv4 block, such as 10.0.0.0/16")
        let cidr = try reader.cidr(cidrNode, "\(context): cidr")
        guard (16...28).contains(cidr.prefixLength) else {
            throw reader.fail(cidrNode, "\(context): a VPC's block is from /16 to /28, not /\(cidr.prefixLength)")
        }
        let vpcID = id("vpc", name)
        var dnsSupport: Bool?, dnsHostnames: Bool?
        if let dns = f["dns"] {
            if case .scalar = dns {
                let both = try reader.bool(dns, "\(context): dns")
                dnsSupport = both
                dnsHostnames = both
            } else {
                let d = try reader.fields(dns, "\(context): dns", keys: DesignLoader.keys["dns"] ?? [])
                if let n = d["support"] { dnsSupport = try reader.bool(n, "\(context): dns.support") }
                if let n = d["hostnames"] { dnsHostnames = try reader.bool(n, "\(context): dns.hostnames") }
            }
        }
        for (field, value) in [("enableDnsSupport", dnsSupport), ("enableDnsHostnames", dnsHostnames)] where value == nil {
            c.unknowns["\(vpcID).\(field)"] = "the design does not say (dns: in \(reader.path))"
        }
        let tags = try f["tags"].map { n throws(LoadError) in try reader.tags(n, "\(context): tags") } ?? []
        c.vpcs.append(VPC(id: vpcID, ownerID: account, region: region, cidr: cidr, tags: [Model.Tag(key: "Name", value: name)] + tags,
                          enableDnsSupport: dnsSupport, enableDnsHostnames: dnsHostnames))
        declare(vpcID, at: node)

        let zones = try f["azs"].map { n throws(LoadError) in try self.zones(n, context) } ?? []
        let nat = try f["nat"].map { n throws(LoadError) in try reader.word(n, "\(context): nat", DesignLoader.natChoices) } ?? "none"

        // Subnets, tier by tier, each checked against the VPC's block and the subnets before it.
        var tiers: [Tier] = []
        if let subnetsNode = f["subnets"] {
            guard case .mapping(let mapping) = subnetsNode else {
                throw reader.fail(subnetsNode, "\(context): subnets maps a tier name (public, private, ...) to its subnets, found \(DesignReader.kind(subnetsNode))")
            }
            guard !zones.isEmpty else {
                throw reader.fail(f.keyNodes["subnets"] ?? subnetsNode, "\(context): subnets need azs (a count such as 3, or zones such as [a, b, c])")
            }
            try reader.spend(subnetsNode, mapping.count)
            for (keyNode, tierNode) in mapping {
                let tierName = try reader.name(keyNode, "a tier's name")
                guard !tiers.contains(where: { $0.name == tierName }) else { throw reader.fail(keyNode, "\(context): tier '\(tierName)' is given twice") }
                tiers.append(try tier(tierName, tierNode, vpcID: vpcID, vpcName: name, vpcCIDR: cidr, zones: zones, nat: nat, context: context,
                                      existing: tiers.flatMap(\.subnets)))
            }
        }
        for tier in tiers { c.subnets += tier.subnets }

        // The internet gateway: asked for, or implied by a public tier.
        let wantsIGW = try f["internet_gateway"].map { n throws(LoadError) in try reader.bool(n, "\(context): internet_gateway") }
        let publicTiers = tiers.filter(\.isPublic)
        var igwID: String?
        if wantsIGW ?? !publicTiers.isEmpty {
            let igw = id("igw", name)
            c.internetGateways.append(InternetGateway(id: igw, attachedVPCIDs: [vpcID], tags: [Model.Tag(key: "Name", value: "\(name)-igw")]))
            declare(igw, at: f.keyNodes["internet_gateway"] ?? node)
            igwID = igw
        } else if let first = publicTiers.first {
            throw reader.fail(first.node, "\(context): tier '\(first.name)' is public, but internet_gateway is false: its subnets would route to nothing")
        }

        // NAT gateways live in a public subnet: one per AZ, or one for the VPC.
        var natByZone: [String: String] = [:]
        var singleNAT: String?
        if nat != "none" {
            guard let publicSubnets = publicTiers.first?.subnets, !publicSubnets.isEmpty else {
                throw reader.fail(f.keyNodes["nat"] ?? node, "\(context): nat \(nat) needs a public tier for the NAT gateways to live in (public: true)")
            }
            let homes: [Subnet]
            if nat == "per_az" {
                var seen = Set<String>()
                homes = publicTiers.flatMap(\.subnets).filter { seen.insert($0.availabilityZone ?? "").inserted }
            } else {
                homes = [publicSubnets[0]]
            }
            for home in homes {
                let zone = home.availabilityZone ?? ""
                let natName = nat == "per_az" ? "nat-\(letter(zone))" : "nat"
                let natID = id("nat", name, natName)
                c.natGateways.append(NATGateway(id: natID, vpcID: vpcID, subnetID: home.id, tags: [Model.Tag(key: "Name", value: natName)]))
                c.unknowns["\(natID).publicIPs"] = "the Elastic IP AWS allocates (a design has none)"
                declare(natID, at: f.keyNodes["nat"] ?? node)
                natByZone[zone] = natID
                singleNAT = singleNAT ?? natID
            }
        }

        // Route tables: the main one (the local route only), one for each public tier, and for a private
        // tier one per subnet with per-AZ NAT (its own AZ's NAT), else one for the tier.
        let local = Route(destination: .cidr(cidr), target: .local, origin: "CreateRouteTable")
        c.routeTables.append(RouteTable(id: id("rtb", name, "(main)"), vpcID: vpcID, routes: [local],
                                        associations: [RouteTableAssociation(subnetID: nil, isMain: true)]))
        var tablesByName: [String: [String]] = [:]
        var tableNames = Set<String>()
        func add(_ tableName: String, tier: String, routes: [Route], subnets: [Subnet], at node: Node) throws(LoadError) {
            // A tier's table and a subnet's table could share a name (tier p-a beside tier p's p-a).
            guard tableNames.insert(tableName).inserted else {
                throw reader.fail(node, "\(context): two route tables would be named '\(TextSafety.shown(tableName))'; rename the tier")
            }
            let tableID = id("rtb", name, tableName)
            c.routeTables.append(RouteTable(id: tableID, vpcID: vpcID, routes: [local] + routes,
                                            associations: subnets.map { RouteTableAssociation(subnetID: $0.id, isMain: false) },
                                            tags: [Model.Tag(key: "Name", value: tableName)]))
            declare(tableID, at: node)
            tablesByName[tableName, default: []].append(tableID)
            if tableName != tier { tablesByName[tier, default: []].append(tableID) }
        }
        for tier in tiers {
            if tier.isPublic, let igwID {
                try add(tier.name, tier: tier.name, routes: [Route(destination: .cidr(.anywhere), target: .internetGateway(igwID), origin: "CreateRoute")],
                    subnets: tier.subnets, at: tier.node)
            } else if tier.route == "nat" && nat == "per_az" {
                for subnet in tier.subnets {
                    let natID = natByZone[subnet.availabilityZone ?? ""]
                    try add(subnet.name ?? subnet.id, tier: tier.name,
                        routes: natID.map { [Route(destination: .cidr(.anywhere), target: .natGateway($0), origin: "CreateRoute")] } ?? [],
                        subnets: [subnet], at: tier.node)
                    if natID == nil {
                        c.warnings.append("\(reader.path): \(context): \(subnet.name ?? subnet.id) has no public subnet in its AZ for a NAT gateway: no default route")
                    }
                }
            } else if tier.route == "nat", let singleNAT {
                try add(tier.name, tier: tier.name, routes: [Route(destination: .cidr(.anywhere), target: .natGateway(singleNAT), origin: "CreateRoute")],
                    subnets: tier.subnets, at: tier.node)
            } else {
                try add(tier.name, tier: tier.name, routes: [], subnets: tier.subnets, at: tier.node)
            }
        }

        // Security groups: the default one AWS makes with every VPC, then the design's.
        let defaultGroup = id("sg", name, "default")
        c.securityGroups.append(SecurityGroup(
            id: defaultGroup, name: "default", vpcID: vpcID, description: "default VPC security group",
            ingress: [SecurityGroupRule(ipProtocol: "-1", fromPort: nil, toPort: nil, sourceGroupIDs: [defaultGroup])],
            egress: [SecurityGroupRule(ipProtocol: "-1", fromPort: nil, toPort: nil, cidrs: [.anywhere])]))
        var groupsByName: [String: String] = ["default": defaultGroup]
        if let groupsNode = f["security_groups"] {
            for groupNode in try reader.list(groupsNode, "\(context): security_groups") {
                let group = try securityGroup(groupNode, vpcID: vpcID, vpcName: name, vpcCIDR: cidr, context: context)
                guard groupsByName[group.name] == nil else {
                    throw reader.fail(groupNode, "\(context): security group '\(TextSafety.shown(group.name))' is given twice")
                }
                groupsByName[group.name] = group.id
                c.securityGroups.append(group)
                declare(group.id, at: groupNode)
            }
        }

        if let endpointsNode = f["endpoints"] {
            var endpointNames = Set<String>()
            for endpointNode in try reader.list(endpointsNode, "\(context): endpoints") {
                try endpoint(endpointNode, vpcID: vpcID, vpcName: name, context: context, tiers: tiers,
                             tablesByName: tablesByName, groupsByName: groupsByName, names: &endpointNames)
            }
        }
    }

    /// `azs: 3`, `azs: [a, b]` or `azs: [eu-west-1a, eu-west-1b]`: full zone names, in order.
    mutating func zones(_ node: Node, _ context: String) throws(LoadError) -> [String] {
        let available = TerraformDataSources.zones(region: region, override: nil)
        if case .scalar = node {
            let count = try reader.int(node, "\(context): azs", 1...max(1, available.count))
            return Array(available.prefix(count))
        }
        var zones: [String] = []
        for item in try reader.list(node, "\(context): azs (a count, or a list of zones)") {
            let text = try reader.string(item, "\(context): a zone")
            let zone = text.count <= 2 ? region + text : text
            guard available.contains(zone) else {
                let letters = available.map { letter($0) }.joined(separator: ", ")
                let other = ServiceName.region(ofZone: zone).flatMap { $0 == region ? nil : " (that zone is in \($0), the design is in \(region))" } ?? ""
                let hint = Spelling.suggestion(for: zone, among: available).map { "; did you mean \($0)?" } ?? ""
                throw reader.fail(item, "\(context): '\(TextSafety.shown(text))' is not an availability zone of \(region) (zones \(letters))\(other)\(hint)")
            }
            guard !zones.contains(zone) else { throw reader.fail(item, "\(context): zone \(zone) is given twice") }
            zones.append(zone)
        }
        guard !zones.isEmpty else { throw reader.fail(node, "\(context): azs is empty") }
        return zones
    }

    /// The zone's letter(s): `eu-west-1a` → `a`.
    func letter(_ zone: String) -> String { String(zone.reversed().prefix { $0.isLetter }.reversed()) }

    /// One tier of subnets: one per AZ from a pattern (`newbits`, `netnum_from`) or listed (`cidrs`).
    mutating func tier(_ tierName: String, _ node: Node, vpcID: String, vpcName: String, vpcCIDR: IPv4CIDR, zones: [String], nat: String,
                       context: String, existing: [Subnet]) throws(LoadError) -> Tier {
        let where_ = "\(context): tier \(TextSafety.shown(tierName))"
        let f = try reader.fields(node, where_, keys: DesignLoader.keys["tier"] ?? [])
        let isPublic = try f["public"].map { n throws(LoadError) in try reader.bool(n, "\(where_): public") } ?? false
        var route: String?
        if let n = f["route"] {
            guard !isPublic else { throw reader.fail(n, "\(where_): a public tier routes to the internet gateway; route is for private tiers (nat or none)") }
            route = try reader.word(n, "\(where_): route", DesignLoader.routeChoices)
            if route == "nat" && nat == "none" {
                throw reader.fail(n, "\(where_): route nat needs NAT gateways (nat: per_az or single on the VPC)")
            }
        } else if !isPublic {
            route = nat == "none" ? "none" : "nat"
        }
        var blocks: [(String, IPv4CIDR, Node)] = []
        if let cidrsNode = f["cidrs"] {
            if f["newbits"] != nil || f["netnum_from"] != nil {
                throw reader.fail(f.keyNodes["newbits"] ?? f.keyNodes["netnum_from"], "\(where_): give either cidrs or newbits/netnum_from, not both")
            }
            if case .mapping(let mapping) = cidrsNode {
                // By zone: a tier may leave some AZs out.
                try reader.spend(cidrsNode, mapping.count)
                for (zoneNode, blockNode) in mapping {
                    let text = try reader.string(zoneNode, "\(where_): a zone")
                    let zone = text.count <= 2 ? region + text : text
                    guard zones.contains(zone) else {
                        throw reader.fail(zoneNode, "\(where_): zone '\(TextSafety.shown(text))' is not one of the VPC's azs (\(zones.map { letter($0) }.joined(separator: ", ")))")
                    }
                    guard !blocks.contains(where: { $0.0 == zone }) else { throw reader.fail(zoneNode, "\(where_): zone \(zone) is given twice") }
                    blocks.append((zone, try reader.cidr(blockNode, "\(where_): cidr"), blockNode))
                }
            } else {
                let items = try reader.list(cidrsNode, "\(where_): cidrs (one block per AZ, or a mapping of zone to block)")
                guard items.count == zones.count else {
                    throw reader.fail(cidrsNode, "\(where_): \(items.count) cidrs for \(zones.count) azs; give one per AZ in the order of azs, or map zones to blocks ({a: 10.0.1.0/24})")
                }
                for (zone, item) in zip(zones, items) { blocks.append((zone, try reader.cidr(item, "\(where_): cidr"), item)) }
            }
        } else {
            guard let newbitsNode = f["newbits"] else {
                throw reader.fail(node, "\(where_) needs cidrs (one block per AZ) or newbits (and netnum_from) to carve them from the VPC's block")
            }
            guard vpcCIDR.prefixLength < 28 else {
                throw reader.fail(newbitsNode, "\(where_): a /28 VPC has no room for smaller subnets (/28 is the smallest); give cidrs")
            }
            let newbits = try reader.int(newbitsNode, "\(where_): newbits", 1...(28 - vpcCIDR.prefixLength))
            let first = try f["netnum_from"].map { n throws(LoadError) in try reader.int(n, "\(where_): netnum_from", 0...(1 << 20)) } ?? 0
            let capacity = 1 << newbits
            guard first + zones.count <= capacity else {
                throw reader.fail(f["netnum_from"] ?? newbitsNode,
                                  "\(where_): netnum_from \(first) with \(zones.count) AZs needs netnums up to \(first + zones.count - 1), but newbits \(newbits) gives only 0 to \(capacity - 1)")
            }
            let prefix = vpcCIDR.prefixLength + newbits
            for (i, zone) in zones.enumerated() {
                // cidrsubnet(vpc, newbits, netnum): the netnum fills the bits just after the VPC's prefix.
                let offset = UInt32(first + i) << UInt32(32 - prefix)
                blocks.append((zone, IPv4CIDR(network: IPv4Address(vpcCIDR.network.value | offset), prefixLength: prefix), newbitsNode))
            }
        }
        let extraTags = try f["tags"].map { n throws(LoadError) in try reader.tags(n, "\(where_): tags") } ?? []
        var subnets: [Subnet] = []
        for (zone, block, blockNode) in blocks {
            guard vpcCIDR.contains(block) else {
                throw reader.fail(blockNode, "\(where_): \(block) is outside the VPC's block \(vpcCIDR)")
            }
            guard block.prefixLength <= 28 else { throw reader.fail(blockNode, "\(where_): \(block) is smaller than /28, the smallest subnet AWS makes") }
            if let other = (existing + subnets).first(where: { $0.cidr.map { $0.contains(block) || block.contains($0) } ?? false }) {
                throw reader.fail(blockNode, "\(where_): \(block) overlaps \(other.name ?? other.id) (\(other.cidr?.description ?? ""))")
            }
            let subnetName = "\(tierName)-\(letter(zone))"
            let subnetID = id("subnet", vpcName, subnetName)
            subnets.append(Subnet(id: subnetID, vpcID: vpcID, availabilityZone: zone, cidr: block,
                                  availableIPAddressCount: Int(block.size) - 5,
                                  tags: [Model.Tag(key: "Name", value: subnetName), Model.Tag(key: "Tier", value: tierName)] + extraTags))
            declare(subnetID, at: blockNode)
        }
        return Tier(name: tierName, node: node, isPublic: isPublic, route: route, subnets: subnets)
    }

    /// A security group by CIDR: `ingress`/`egress` rules with protocol, ports and blocks (`vpc` is the VPC's own).
    mutating func securityGroup(_ node: Node, vpcID: String, vpcName: String, vpcCIDR: IPv4CIDR, context: String) throws(LoadError) -> SecurityGroup {
        let f = try reader.fields(node, "\(context): " + (DesignReader.peek(node, "name").map { "security group \($0)" } ?? "a security group"),
                                  keys: DesignLoader.keys["security_group"] ?? [])
        let name = try reader.name(try f.required("name", "\(context): a security group", reader), "a security group's name")
        guard name != "default" else { throw reader.fail(f.keyNodes["name"], "\(context): 'default' is the group AWS makes with every VPC; give yours another name") }
        let where_ = "\(context): security group \(TextSafety.shown(name))"
        let groupID = id("sg", vpcName, name)
        func rules(_ key: String) throws(LoadError) -> [SecurityGroupRule] {
            guard let n = f[key] else {
                c.unknowns["\(groupID).\(key)"] = "the design gives no \(key) rules for \(name)"
                return []
            }
            var out: [SecurityGroupRule] = []
            for ruleNode in try reader.list(n, "\(where_): \(key)") {
                out.append(try rule(ruleNode, "\(where_): \(key) rule", vpcCIDR: vpcCIDR))
            }
            return out
        }
        let description = try f["description"].map { n throws(LoadError) in try reader.string(n, "\(where_): description") } ?? name
        let tags = try f["tags"].map { n throws(LoadError) in try reader.tags(n, "\(where_): tags") } ?? []
        return SecurityGroup(id: groupID, name: name, vpcID: vpcID, description: description,
                             ingress: try rules("ingress"), egress: try rules("egress"), tags: [Model.Tag(key: "Name", value: name)] + tags)
    }

    mutating func rule(_ node: Node, _ where_: String, vpcCIDR: IPv4CIDR) throws(LoadError) -> SecurityGroupRule {
        let f = try reader.fields(node, where_, keys: DesignLoader.keys["rule"] ?? [])
        let proto = try f["protocol"].map { n throws(LoadError) in try reader.word(n, "\(where_): protocol", DesignLoader.protocols) } ?? "tcp"
        var from: Int?, to: Int?
        if let portsNode = f["ports"] {
            guard proto != "all" else { throw reader.fail(portsNode, "\(where_): protocol all covers every port; leave ports out") }
            let text = try reader.string(portsNode, "\(where_): ports")
            let pieces = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(pieces.count), let low = pieces.first ?? nil, let high = pieces.last ?? nil,
                  (0...65535).contains(low), (0...65535).contains(high) else {
                throw reader.fail(portsNode, "\(where_): ports is a port (443) or a range (1024-65535) from 0 to 65535, not '\(TextSafety.shown(text))'")
            }
            guard low <= high else { throw reader.fail(portsNode, "\(where_): the port range \(low)-\(high) is reversed") }
            from = low
            to = high
        } else if proto == "tcp" || proto == "udp" {
            throw reader.fail(node, "\(where_) needs ports (443, or a range such as 1024-65535)")
        }
        let cidrsNode = try f.required("cidrs", where_, reader, hint: "the blocks it allows, such as [10.0.0.0/16], or [vpc] for the VPC's own")
        var blocks: [IPv4CIDR] = []
        for item in try reader.listOrOne(cidrsNode, "\(where_): cidrs") {
            if case .scalar(let s) = item, s.string == "vpc" { blocks.append(vpcCIDR); continue }
            blocks.append(try reader.cidr(item, "\(where_): cidrs"))
        }
        let description = try f["description"].map { n throws(LoadError) in try reader.string(n, "\(where_): description") }
        return SecurityGroupRule(ipProtocol: proto == "all" ? "-1" : proto, fromPort: from, toPort: to, cidrs: blocks, description: description)
    }

    /// A gateway endpoint with its route tables, or an interface endpoint with its subnets.
    mutating func endpoint(_ node: Node, vpcID: String, vpcName: String, context: String, tiers: [Tier],
                           tablesByName: [String: [String]], groupsByName: [String: String], names: inout Set<String>) throws(LoadError) {
        let f = try reader.fields(node, "\(context): " + (DesignReader.peek(node, "service").map { "endpoint \($0)" } ?? "an endpoint"),
                                  keys: DesignLoader.keys["endpoint"] ?? [])
        let serviceNode = try f.required("service", "\(context): an endpoint", reader, hint: "such as s3 or secretsmanager")
        let service = try serviceName(serviceNode, context)
        let short = ServiceName.short(service)
        let type = try f["type"].map { n throws(LoadError) in try reader.word(n, "\(context): endpoint \(short): type", DesignLoader.endpointTypes) }
            ?? (ServiceName.gatewayServices.contains(short) ? "gateway" : "interface")
        if type == "gateway" && !ServiceName.gatewayServices.contains(short) {
            throw reader.fail(f["type"] ?? serviceNode, "\(context): \(short) has no gateway endpoint (only s3 and dynamodb do); use type interface")
        }
        let name = try f["name"].map { n throws(LoadError) in try reader.name(n, "\(context): an endpoint's name") }
            ?? (type == "gateway" ? "\(short)-gateway-endpoint" : "\(short)-endpoint")
        let where_ = "\(context): endpoint \(TextSafety.shown(name))"
        guard names.insert(name).inserted else {
            throw reader.fail(f["name"] ?? serviceNode, "\(where_) is given twice (give the second one a name)")
        }
        let endpointID = id("vpce", vpcName, name)
        var endpoint = VPCEndpoint(id: endpointID, vpcID: vpcID, kind: type == "gateway" ? .gateway : .interface, serviceName: service,
                                   tags: [Model.Tag(key: "Name", value: name)] + (try f["tags"].map { n throws(LoadError) in try reader.tags(n, "\(where_): tags") } ?? []),
                                   ownerID: account)
        if let policyNode = f["policy"] { endpoint.policyDocument = try reader.policy(policyNode) }
        let inapplicable = type == "gateway" ? ["subnets", "security_groups", "private_dns"] : ["route_tables"]
        for key in inapplicable {
            if let keyNode = f.keyNodes[key] {
                throw reader.fail(keyNode, "\(where_): \(key) is for \(type == "gateway" ? "interface" : "gateway") endpoints; a \(type) endpoint has \(type == "gateway" ? "route_tables" : "subnets")")
            }
        }
        if type == "gateway" {
            let tablesNode = try f.required("route_tables", where_, reader, hint: "the tiers or route tables whose routes lead to it, such as [private]")
            for item in try reader.listOrOne(tablesNode, "\(where_): route_tables") {
                let ids = try reader.lookup(item, "tier or route table", in: tablesByName, where_)
                for tableID in ids where !endpoint.routeTableIDs.contains(tableID) { endpoint.routeTableIDs.append(tableID) }
            }
            guard !endpoint.routeTableIDs.isEmpty else { throw reader.fail(tablesNode, "\(where_): route_tables is empty") }
            let prefixList = id("pl", service)
            if !c.prefixLists.contains(where: { $0.id == prefixList }) { c.prefixLists.append(PrefixList(id: prefixList, name: service)) }
            for tableID in endpoint.routeTableIDs {
                guard let t = c.routeTables.firstIndex(where: { $0.id == tableID }) else { continue }
                c.routeTables[t].routes.append(Route(destination: .prefixList(prefixList), target: .vpcEndpoint(endpointID), origin: "CreateRoute"))
            }
        } else {
            let subnetsNode = try f.required("subnets", where_, reader, hint: "a tier such as private, or subnet names such as [private-a, private-b]")
            var chosen: [Subnet] = []
            // A tier stands for its subnets, one per AZ; a subnet's name for itself.
            var subnetsByName: [String: [Subnet]] = [:]
            for subnet in tiers.flatMap(\.subnets) { if let n = subnet.name { subnetsByName[n] = [subnet] } }
            for tier in tiers { subnetsByName[tier.name] = tier.subnets }
            for item in try reader.listOrOne(subnetsNode, "\(where_): subnets") {
                for subnet in try reader.lookup(item, "tier or subnet", in: subnetsByName, where_) {
                    if let same = chosen.first(where: { $0.availabilityZone == subnet.availabilityZone }) {
                        guard same.id != subnet.id else { continue }
                        throw reader.fail(item, "\(where_): \(subnet.name ?? "") and \(same.name ?? "") are both in \(subnet.availabilityZone ?? "one AZ"); an interface endpoint takes one subnet per AZ")
                    }
                    chosen.append(subnet)
                }
            }
            guard !chosen.isEmpty else { throw reader.fail(subnetsNode, "\(where_): subnets is empty") }
            endpoint.subnetIDs = chosen.map(\.id)
            if let n = f["private_dns"] {
                endpoint.privateDNSEnabled = try reader.bool(n, "\(where_): private_dns")
            } else {
                c.unknowns["\(endpointID).privateDNSEnabled"] = "the design does not say (private_dns: for \(name))"
            }
            if let groupsNode = f["security_groups"] {
                for item in try reader.listOrOne(groupsNode, "\(where_): security_groups") {
                    let groupID = try reader.lookup(item, "security group", in: groupsByName, where_)
                    if !endpoint.securityGroupIDs.contains(groupID) { endpoint.securityGroupIDs.append(groupID) }
                }
            } else {
                c.unknowns["\(endpointID).securityGroupIDs"] = "the design gives no security_groups for \(name)"
            }
            // One ENI per subnet, as AWS makes them; their addresses are AWS's to pick.
            for subnet in chosen {
                let eniID = id("eni", vpcName, name, subnet.availabilityZone ?? subnet.id)
                endpoint.networkInterfaceIDs.append(eniID)
                c.networkInterfaces.append(NetworkInterface(
                    id: eniID, vpcID: vpcID, subnetID: subnet.id, availabilityZone: subnet.availabilityZone, privateIP: nil,
                    interfaceType: "vpc_endpoint", description: "VPC Endpoint Interface \(endpointID)", securityGroupIDs: endpoint.securityGroupIDs))
                c.unknowns["\(eniID).privateIP"] = "the address AWS assigns in \(subnet.name ?? subnet.id)"
            }
        }
        c.endpoints.append(endpoint)
        declare(endpointID, at: node)
    }

    /// `s3`, `ecr.dkr` or a full `com.amazonaws.REGION.x`: the full name in the design's region. A short
    /// name vpcx does not know is an error with the nearest one; any other service is given in full.
    func serviceName(_ node: Node, _ context: String) throws(LoadError) -> String {
        let text = try reader.string(node, "\(context): service").trimmingCharacters(in: .whitespaces)
        // A PrivateLink service of an account (com.amazonaws.vpce.REGION.vpce-svc-…) is taken as written.
        if text.hasPrefix("com.amazonaws.vpce.") { return text }
        if let serviceRegion = ServiceName.region(text) {
            guard serviceRegion == region else {
                throw reader.fail(node, "\(context): service \(TextSafety.shown(text)) is in \(serviceRegion); an endpoint's service is in its VPC's region, \(region)")
            }
            return text
        }
        let short = text.lowercased()
        guard ServiceName.common.contains(short) else {
            let hint = Spelling.suggestion(for: short, among: ServiceName.common.sorted()).map { "did you mean '\($0)'? " } ?? ""
            throw reader.fail(node, "\(context): unknown service '\(TextSafety.shown(text))'; \(hint)(a service vpcx does not list can be given in full: com.amazonaws.\(region).NAME)")
        }
        return ServiceName.full(short, region: region)
    }
}
