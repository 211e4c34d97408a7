import Analysis
import Model

/// What a navigator row stands for. Stable across rebuilds, so expansion and selection survive
/// what-if changes and reloads.
public enum NodeID: Hashable, Sendable {
    case region(String)
    /// An account's VPCs of one region (only when the inventory holds more than one account).
    case account(String, region: String)
    case vpc(String)
    case subnets(vpc: String)
    case zone(vpc: String, az: String)
    case subnet(String)
    case routeTables(vpc: String)
    case routeTable(String)
    case endpoints(vpc: String, kind: VPCEndpoint.Kind)
    case endpoint(String)
    case natGateways(vpc: String)
    case natGateway(String)
    case internetGateways(vpc: String)
    case internetGateway(String)
    case securityGroups(vpc: String)
    case securityGroup(String)

    /// The resource ID a row stands for, when it is one resource.
    public var resourceID: String? {
        switch self {
        case .vpc(let id), .subnet(let id), .routeTable(let id), .endpoint(let id), .natGateway(let id),
             .internetGateway(let id), .securityGroup(let id):
            return id
        default:
            return nil
        }
    }

    /// The VPC a row belongs to, where it belongs to one.
    public var groupVPC: String? {
        switch self {
        case .vpc(let id): return id
        case .subnets(let v), .zone(let v, _), .routeTables(let v), .endpoints(let v, _), .natGateways(let v),
             .internetGateways(let v), .securityGroups(let v):
            return v
        default: return nil
        }
    }
}

/// One node of the navigator: everything a row needs, computed once per inventory.
public struct NavigatorNode: Equatable, Sendable {
    public var id: NodeID
    public var depth: Int
    /// Index of the parent node, -1 at the top.
    public var parent: Int
    /// Whether the node has children (draws the expand marker).
    public var hasChildren: Bool
    /// Main label: the Name tag or the group title.
    public var label: String
    /// Secondary text: the ID, a CIDR, a count.
    public var detail: String
    /// A short marker: `private`, `public`, `gateway`, `interface`, `pending`.
    public var badge: String
    /// Lowercased IDs, names and tags: what `/` searches.
    public var searchText: String
}

/// The navigator's tree, flattened in pre-order: region ▸ VPC ▸ subnets by AZ, route tables,
/// endpoints (gateway / interface), NAT and internet gateways, security groups.
public struct NavigatorTree: Sendable {
    public private(set) var nodes: [NavigatorNode] = []
    /// Node index by ID.
    public private(set) var position: [NodeID: Int] = [:]
    /// What `/` searches (each node's search text and label), made with the tree, off the UI thread.
    public private(set) var search = TextSearchIndex()

    public init() {}

    /// 1 when VPCs sit under account rows (more than one account), else 0: added to every depth below a region.
    private var accountDepth = 0
    /// The account row of VPCs whose source names no owner.
    static let unknownAccount = "unknown account"
    /// The region row of VPCs whose source names no region.
    static let unknownRegion = "unknown region"

    /// Endpoints a what-if switched off: they stay in the tree, marked, so `x` there switches them on.
    private var switchedOff: [VPCEndpoint] = []

    /// `--compare`: OLD's resources that NEW has not, by ID, listed where they were and marked `-`.
    private var removedIDs: Set<String> = []
    private var old: Inventory?
    /// `--compare`: the sign (`+`, `-`, `~`) each changed resource's label starts with.
    private var signs: [String: String] = [:]

    /// The tree of `inventory`; `switchedOff` (endpoints of the base network a what-if took away)
    /// are listed where they were, marked `OFF`. With `changes` (`--compare`), every added, removed
    /// or changed resource's label starts with `+`, `-` or `~`, and what `old` had that is gone is
    /// listed too, so it can be selected and seen.
    public init(_ inventory: Inventory, switchedOff: [VPCEndpoint] = [], changes: NetworkDiff? = nil, old: Inventory? = nil) {
        self.switchedOff = switchedOff
        removedIDs = Set(changes?.resources.filter { $0.change == .removed }.map(\.id) ?? [])
        self.old = removedIDs.isEmpty ? nil : old
        for change in changes?.resources ?? [] { signs[change.id] = change.change.sign }
        // A row per resource and a few headings per VPC: an organisation's tree is tens of thousands
        // of rows, and growing the index to that size rehashed it a dozen times.
        let c = inventory.contents
        let rows = c.vpcs.count * 8 + c.subnets.count + c.routeTables.count + c.endpoints.count + c.natGateways.count
            + c.internetGateways.count + c.securityGroups.count + 64
        nodes.reserveCapacity(rows)
        position.reserveCapacity(rows)
        let regions = Dictionary(grouping: inventory.vpcs, by: { $0.region ?? Self.unknownRegion })
        // An organisation: each region lists its accounts, each account its VPCs there.
        let accounts = Set(inventory.vpcs.map { $0.ownerID ?? Self.unknownAccount })
        accountDepth = accounts.count > 1 ? 1 : 0
        for region in regions.keys.sorted() {
            let vpcs = regions[region] ?? []
            let byAccount = Dictionary(grouping: vpcs, by: { $0.ownerID ?? Self.unknownAccount })
            let detail = count(vpcs.count, "VPC") + (accountDepth == 1 ? " · " + count(byAccount.count, "account") : "")
            let r = add(.region(region), depth: 0, parent: -1, label: region, detail: detail, badge: "", search: region)
            let sortedVPCs = { (list: [VPC]) in list.sorted(by: { ($0.name ?? $0.id, $0.id) < ($1.name ?? $1.id, $1.id) }) }
            guard accountDepth == 1 else {
                for vpc in sortedVPCs(vpcs) { addVPC(vpc, parent: r, inventory) }
                continue
            }
            for account in byAccount.keys.sorted() {
                let members = byAccount[account] ?? []
                let a = add(.account(account, region: region), depth: 1, parent: r, label: account,
                            detail: count(members.count, "VPC"), badge: "", search: "account \(account)")
                for vpc in sortedVPCs(members) { addVPC(vpc, parent: a, inventory) }
            }
        }
        mark(nodes.indices, inventory)
        search = TextSearchIndex(nodes.map { [$0.searchText, $0.label] })
    }

    /// Marks the resources a spec adds and, with `--compare`, the changed ones, among `range`'s nodes.
    private mutating func mark(_ range: Range<Int>, _ inventory: Inventory) {
        // Resources a spec adds to an inventory are marked, so the change reads at a glance.
        if !inventory.contents.planned.isEmpty {
            for i in range where nodes[i].id.resourceID.map(inventory.contents.planned.contains) == true {
                nodes[i].detail = "+planned  " + nodes[i].detail
            }
        }
        guard !signs.isEmpty else { return }
        for i in range {
            guard let id = nodes[i].id.resourceID, let mark = signs[id] else { continue }
            nodes[i].label = mark + " " + nodes[i].label
        }
    }

    /// The tree of `inventory`, from this tree of a network that differs from it only in the resources of
    /// `vpcs` (a what-if's): their subtrees are made again, the rest is kept. The same tree as
    /// `NavigatorTree(inventory, switchedOff:, changes:, old:)` with this tree's comparison gives.
    /// - Parameter switchedOff: the base network's endpoints the what-ifs now switch off.
    public func rebuilding(_ vpcs: Set<String>, in inventory: Inventory, switchedOff: [VPCEndpoint]) -> NavigatorTree {
        var tree = self
        tree.switchedOff = switchedOff
        // From the last subtree to the first, so the places of those still to do do not move.
        let starts = vpcs.compactMap { position[.vpc($0)] }.sorted(by: >)
        for start in starts {
            guard let vpc = inventory.vpc(nodes[start].id.groupVPC ?? "") else { continue }
            tree.replaceSubtree(at: start, with: vpc, inventory)
        }
        return tree
    }

    /// Makes the subtree of the VPC row at `start` again, shifting the rows after it.
    private mutating func replaceSubtree(at start: Int, with vpc: VPC, _ inventory: Inventory) {
        let depth = nodes[start].depth, parent = nodes[start].parent
        var end = start + 1
        while end < nodes.count && nodes[end].depth > depth { end += 1 }
        // The new rows are made alone, as the first rows of a scratch tree, then put in place.
        var scratch = NavigatorTree()
        scratch.accountDepth = accountDepth
        scratch.switchedOff = switchedOff
        scratch.removedIDs = removedIDs
        scratch.old = old
        scratch.signs = signs
        scratch.addVPC(vpc, parent: -1, inventory)
        scratch.mark(scratch.nodes.indices, inventory)
        let made = scratch.nodes.map { node in
            var node = node
            node.parent = node.parent < 0 ? parent : node.parent + start
            return node
        }
        let shift = made.count - (end - start)
        for node in nodes[start..<end] { position[node.id] = nil }
        nodes.replaceSubrange(start..<end, with: made)
        for i in start..<(start + made.count) { position[nodes[i].id] = i }
        if shift != 0 {
            for i in (start + made.count)..<nodes.count {
                if nodes[i].parent >= end { nodes[i].parent += shift }
                position[nodes[i].id] = i
            }
        }
        search.replaceRows(start..<end, with: made.map { [$0.searchText, $0.label] })
    }

    /// Which nodes `/` with `filter` matches (by their search text or label), all for an empty one.
    public func matches(_ filter: String) -> [Bool] { search.matches(filter) }

    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    mutating func add(_ id: NodeID, depth: Int, parent: Int, label: String, detail: String, badge: String,
                      search: String) -> Int {
        let index = nodes.count
        nodes.append(NavigatorNode(id: id, depth: depth, parent: parent, hasChildren: false, label: label,
                                   detail: detail, badge: badge, searchText: search.lowercased()))
        position[id] = index
        if parent >= 0 { nodes[parent].hasChildren = true }
        return index
    }

    /// A count, or `unknown (not collected)` when no source described the kind for this VPC: not 0.
    static func count(_ n: Int, _ kind: ResourceKind, _ vpcID: String, _ inventory: Inventory) -> String {
        inventory.knows(kind, in: vpcID) ? "\(n)" : "unknown (not collected)"
    }

    static func tagText(_ tags: [Tag]) -> String { tags.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }

    /// OLD's resources of one kind in a VPC that NEW has not (`--compare`), to list beside NEW's.
    func gone<R>(_ list: (Inventory) -> [R], _ id: KeyPath<R, String>) -> [R] {
        guard let old else { return [] }
        return list(old).filter { removedIDs.contains($0[keyPath: id]) }
    }

    mutating func addVPC(_ vpc: VPC, parent: Int, _ inventory: Inventory) {
        let subnets = inventory.subnets(in: vpc.id) + gone({ $0.subnets(in: vpc.id) }, \.id)
        let tables = inventory.routeTables(in: vpc.id) + gone({ $0.routeTables(in: vpc.id) }, \.id)
        let endpoints = inventory.endpoints(in: vpc.id) + switchedOff.filter { $0.vpcID == vpc.id }
            + gone({ $0.endpoints(in: vpc.id) }, \.id)
        let off = Set(switchedOff.map(\.id))
        let nats = inventory.natGateways(in: vpc.id) + gone({ $0.natGateways(in: vpc.id) }, \.id)
        let igws = inventory.internetGateways(in: vpc.id) + gone({ $0.internetGateways(in: vpc.id) }, \.id)
        let groups = inventory.securityGroups(in: vpc.id) + gone({ $0.securityGroups(in: vpc.id) }, \.id)
        let v = add(.vpc(vpc.id), depth: 1 + accountDepth, parent: parent, label: vpc.name ?? vpc.id,
                    detail: [vpc.name == nil ? nil : vpc.id, vpc.cidr?.description].compactMap { $0 }.joined(separator: "  "),
                    badge: vpc.isDefault ? "default" : "",
                    search: "\(vpc.id) \(vpc.cidr?.description ?? "") \(Self.tagText(vpc.tags))")

        let s = add(.subnets(vpc: vpc.id), depth: 2 + accountDepth, parent: v, label: "Subnets",
                    detail: Self.count(subnets.count, .subnets, vpc.id, inventory), badge: "", search: "subnets")
        let zones = Dictionary(grouping: subnets, by: { $0.availabilityZone ?? "unknown AZ" })
        for zone in zones.keys.sorted() {
            // Private first, then by name: each subnet's key worked out once, not twice per comparison.
            let members = (zones[zone] ?? []).map { (key: (inventory.isPrivate($0) ? 0 : 1, $0.name ?? $0.id), subnet: $0) }
                .sorted { $0.key < $1.key }.map(\.subnet)
            let z = add(.zone(vpc: vpc.id, az: zone), depth: 3 + accountDepth, parent: s, label: zone, detail: "\(members.count)",
                        badge: "", search: zone)
            for subnet in members {
                let isPrivate = inventory.isPrivate(subnet)
                _ = add(.subnet(subnet.id), depth: 4 + accountDepth, parent: z, label: subnet.name ?? subnet.id,
                        detail: [subnet.name == nil ? nil : subnet.id, subnet.cidr?.description].compactMap { $0 }.joined(separator: "  "),
                        badge: !inventory.knows(.routeTables, in: vpc.id) ? "" : isPrivate ? "private" : "public",
                        search: "\(subnet.id) \(subnet.cidr?.description ?? "") \(zone) \(isPrivate ? "private" : "public") \(Self.tagText(subnet.tags))")
            }
        }

        let t = add(.routeTables(vpc: vpc.id), depth: 2 + accountDepth, parent: v, label: "Route tables",
                    detail: Self.count(tables.count, .routeTables, vpc.id, inventory), badge: "", search: "route tables")
        for table in tables.sorted(by: { ($0.isMain ? 0 : 1, $0.name ?? $0.id) < ($1.isMain ? 0 : 1, $1.name ?? $1.id) }) {
            _ = add(.routeTable(table.id), depth: 3 + accountDepth, parent: t, label: table.name ?? table.id,
                    detail: [table.name == nil ? nil : table.id, "\(table.routes.count) routes"].compactMap { $0 }.joined(separator: "  "),
                    badge: table.isMain ? "main" : "",
                    search: "\(table.id) \(table.isMain ? "main" : "") \(Self.tagText(table.tags))")
        }

        let e = add(.endpoints(vpc: vpc.id, kind: .other), depth: 2 + accountDepth, parent: v, label: "Endpoints",
                    detail: Self.count(endpoints.count, .vpcEndpoints, vpc.id, inventory), badge: "", search: "endpoints")
        for kind in [VPCEndpoint.Kind.gateway, .interface, .gatewayLoadBalancer, .resource, .serviceNetwork, .other] {
            let members = endpoints.filter { $0.kind == kind }.sorted { ($0.service, $0.id) < ($1.service, $1.id) }
            guard !members.isEmpty else { continue }
            let title: String
            switch kind {
            case .gateway: title = "Gateway"
            case .interface: title = "Interface"
            case .gatewayLoadBalancer: title = "Gateway Load Balancer"
            case .resource: title = "Resource"
            case .serviceNetwork: title = "Service network"
            case .other: title = "Other"
            }
            let k = add(.endpoints(vpc: vpc.id, kind: kind), depth: 3 + accountDepth, parent: e, label: title, detail: "\(members.count)",
                        badge: "", search: title)
            for endpoint in members {
                var badge = endpoint.isAvailable ? (kind == .interface && !endpoint.privateDNSEnabled ? "no private DNS" : "") : endpoint.state
                if off.contains(endpoint.id) { badge = "OFF (what-if, x on)" }
                _ = add(.endpoint(endpoint.id), depth: 4 + accountDepth, parent: k, label: endpoint.service,
                        detail: [endpoint.name, endpoint.id].compactMap { $0 }.joined(separator: "  "), badge: badge,
                        search: "\(endpoint.id) \(endpoint.serviceName) \(endpoint.state) \(Self.tagText(endpoint.tags))")
            }
        }

        let n = add(.natGateways(vpc: vpc.id), depth: 2 + accountDepth, parent: v, label: "NAT gateways",
                    detail: Self.count(nats.count, .natGateways, vpc.id, inventory), badge: "", search: "nat gateways")
        for nat in nats {
            let az = inventory.subnet(nat.subnetID)?.availabilityZone
            _ = add(.natGateway(nat.id), depth: 3 + accountDepth, parent: n, label: nat.name ?? nat.id,
                    detail: [nat.name == nil ? nil : nat.id, az].compactMap { $0 }.joined(separator: "  "),
                    badge: nat.isAvailable ? "" : nat.state,
                    search: "\(nat.id) \(nat.publicIPs.joined(separator: " ")) \(Self.tagText(nat.tags))")
        }
        let g = add(.internetGateways(vpc: vpc.id), depth: 2 + accountDepth, parent: v, label: "Internet gateways",
                    detail: Self.count(igws.count, .internetGateways, vpc.id, inventory), badge: "", search: "internet gateways")
        for igw in igws {
            _ = add(.internetGateway(igw.id), depth: 3 + accountDepth, parent: g, label: igw.name ?? igw.id,
                    detail: igw.name == nil ? "" : igw.id, badge: "", search: "\(igw.id) \(Self.tagText(igw.tags))")
        }
        let sg = add(.securityGroups(vpc: vpc.id), depth: 2 + accountDepth, parent: v, label: "Security groups",
                     detail: Self.count(groups.count, .securityGroups, vpc.id, inventory), badge: "", search: "security groups")
        for group in groups {
            _ = add(.securityGroup(group.id), depth: 3 + accountDepth, parent: sg, label: group.name.isEmpty ? group.id : group.name,
                    detail: group.id, badge: "", search: "\(group.id) \(group.name) \(group.description) \(Self.tagText(group.tags))")
        }
    }

    /// The rows to show: children of expanded nodes; with a filter, the matching nodes and their
    /// ancestors (whatever is expanded).
    public func visibleRows(expanded: Set<NodeID>, filter: String) -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(min(nodes.count, 4096))
        let needle = filter.lowercased().trimmingSpaces
        if needle.isEmpty {
            var i = 0
            while i < nodes.count {
                rows.append(i)
                if nodes[i].hasChildren && !expanded.contains(nodes[i].id) {
                    // Skip the whole subtree: pre-order keeps it contiguous.
                    let depth = nodes[i].depth
                    i += 1
                    while i < nodes.count && nodes[i].depth > depth { i += 1 }
                } else {
                    i += 1
                }
            }
            return rows
        }
        var keep = [Bool](repeating: false, count: nodes.count)
        for (i, matched) in matches(needle).enumerated() where matched {
            var j = i
            while j >= 0 && !keep[j] { keep[j] = true; j = nodes[j].parent }
        }
        for i in nodes.indices where keep[i] { rows.append(i) }
        return rows
    }

    /// Pre-order index of a node.
    public func index(of id: NodeID) -> Int? { position[id] }
}

extension NavigatorTree: Equatable {
    /// The same rows, found and searched the same way, and the same what-if and comparison marks to
    /// make again: what a tree made from scratch and one a what-if rebuilt in part must agree on.
    public static func == (a: NavigatorTree, b: NavigatorTree) -> Bool {
        a.nodes == b.nodes && a.position == b.position && a.search == b.search && a.accountDepth == b.accountDepth
            && a.switchedOff.map(\.id) == b.switchedOff.map(\.id) && a.removedIDs == b.removedIDs && a.signs == b.signs
            && (a.old == nil) == (b.old == nil)
    }
}
