import Model

/// A spec resource matched to the other side's without a shared ID.
public struct ResourceMatch: Hashable, Sendable {
    public var kind: ResourceKind
    /// The ID both sides now use (the live one when one side is live).
    public var id: String
    /// The spec's address (`aws_subnet.private["a"]`).
    public var address: String
    /// What matched them (`Name tag`, `CIDR`, `service and VPC`).
    public var by: String
}

/// Drift: a Terraform spec names what it has not created by address (`aws_vpc_endpoint.s3`), the live
/// network by ID (`vpce-0a1b`). Resources that do not share an ID are paired, kind by kind, by what
/// people recognise them by (Name tag, CIDR, service and VPC, group name), when exactly one on each
/// side has that key and at least one of the two is an address. Two live resources are never paired
/// by Name: a replaced endpoint is a removal and an addition. The address side is then renamed to the
/// other side's IDs, references included, so the diff compares by ID.
struct DriftMatching {
    private(set) var renamedOld: InventoryContents?
    private(set) var renamedNew: InventoryContents?
    private(set) var matches: [ResourceMatch] = []

    /// An ID Terraform made from an address rather than AWS's: AWS IDs have no dot.
    static func isAddress(_ id: String) -> Bool { id.contains(".") }

    init(old: InventoryContents, new: InventoryContents) {
        let anyAddress = { (c: InventoryContents) in
            c.vpcs.contains { Self.isAddress($0.id) } || c.subnets.contains { Self.isAddress($0.id) }
                || c.endpoints.contains { Self.isAddress($0.id) } || c.routeTables.contains { Self.isAddress($0.id) }
                || c.securityGroups.contains { Self.isAddress($0.id) } || c.natGateways.contains { Self.isAddress($0.id) }
                || c.internetGateways.contains { Self.isAddress($0.id) } || c.prefixLists.contains { Self.isAddress($0.id) }
        }
        guard anyAddress(old) || anyAddress(new) else { return }
        var oldMap: [String: String] = [:], newMap: [String: String] = [:]

        /// Pairs one kind's unshared resources by each key in turn; `keys` reads the maps built so far
        /// (a subnet's key names its VPC as already matched).
        func pair<T>(_ kind: ResourceKind, _ a: [T], _ b: [T], id: KeyPath<T, String>,
                     keys: [(String, (T, [String: String]) -> String?)]) {
            let aIDs = Set(a.map { $0[keyPath: id] }), bIDs = Set(b.map { $0[keyPath: id] })
            var aOpen = a.filter { !bIDs.contains($0[keyPath: id]) }
            var bOpen = b.filter { !aIDs.contains($0[keyPath: id]) }
            for (by, key) in keys {
                guard !aOpen.isEmpty, !bOpen.isEmpty else { return }
                func group(_ items: [T], _ map: [String: String]) -> [String: [Int]] {
                    var g: [String: [Int]] = [:]
                    for (i, item) in items.enumerated() { if let k = key(item, map) { g[k, default: []].append(i) } }
                    return g
                }
                let ga = group(aOpen, oldMap), gb = group(bOpen, newMap)
                var takenA = Set<Int>(), takenB = Set<Int>()
                for (k, ia) in ga {
                    guard ia.count == 1, let ib = gb[k], ib.count == 1, let i = ia.first, let j = ib.first else { continue }
                    let x = aOpen[i][keyPath: id], y = bOpen[j][keyPath: id]
                    guard Self.isAddress(x) || Self.isAddress(y) else { continue }
                    if Self.isAddress(y) {
                        newMap[y] = x
                        matches.append(ResourceMatch(kind: kind, id: x, address: y, by: by))
                    } else {
                        oldMap[x] = y
                        matches.append(ResourceMatch(kind: kind, id: y, address: x, by: by))
                    }
                    takenA.insert(i); takenB.insert(j)
                }
                aOpen = aOpen.enumerated().filter { !takenA.contains($0.offset) }.map(\.element)
                bOpen = bOpen.enumerated().filter { !takenB.contains($0.offset) }.map(\.element)
            }
        }
        func vpc(_ id: String, _ map: [String: String]) -> String { map[id] ?? id }
        func named(_ vpcID: String, _ name: String?, _ map: [String: String]) -> String? {
            name.map { vpc(vpcID, map) + "\u{0}" + $0 }
        }

        pair(.vpcs, old.vpcs, new.vpcs, id: \.id, keys: [
            ("Name tag", { v, _ in v.name }),
            ("CIDR", { v, _ in v.cidr?.description }),
        ])
        pair(.prefixLists, old.prefixLists, new.prefixLists, id: \.id, keys: [("name", { p, _ in p.name })])
        pair(.subnets, old.subnets, new.subnets, id: \.id, keys: [
            ("Name tag", { s, m in named(s.vpcID, s.name, m) }),
            ("CIDR", { s, m in named(s.vpcID, s.cidr?.description, m) }),
        ])
        pair(.securityGroups, old.securityGroups, new.securityGroups, id: \.id, keys: [
            ("group name", { g, m in named(g.vpcID, g.name, m) }),
            ("Name tag", { g, m in named(g.vpcID, g.tags.name, m) }),
        ])
        pair(.internetGateways, old.internetGateways, new.internetGateways, id: \.id, keys: [
            ("attached VPC", { g, m in g.attachedVPCIDs.isEmpty ? nil : g.attachedVPCIDs.map { vpc($0, m) }.sorted().joined(separator: ",") }),
            ("Name tag", { g, _ in g.name }),
        ])
        pair(.natGateways, old.natGateways, new.natGateways, id: \.id, keys: [
            ("Name tag", { n, m in named(n.vpcID, n.name, m) }),
            ("subnet", { n, m in m[n.subnetID] ?? n.subnetID }),
        ])
        pair(.routeTables, old.routeTables, new.routeTables, id: \.id, keys: [
            ("Name tag", { t, m in named(t.vpcID, t.name, m) }),
            ("main table of the VPC", { t, m in t.isMain ? vpc(t.vpcID, m) : nil }),
            ("associated subnets", { t, m in t.subnetIDs.isEmpty ? nil : named(t.vpcID, t.subnetIDs.map { m[$0] ?? $0 }.sorted().joined(separator: ","), m) }),
        ])
        pair(.vpcEndpoints, old.endpoints, new.endpoints, id: \.id, keys: [
            ("service and VPC", { e, m in named(e.vpcID, e.kind.rawValue + " " + e.serviceName, m) }),
            ("Name tag", { e, m in named(e.vpcID, e.name, m) }),
        ])
        if !oldMap.isEmpty { renamedOld = old.renamingIDs(oldMap) }
        if !newMap.isEmpty { renamedNew = new.renamingIDs(newMap) }
        matches.sort { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
    }
}

extension InventoryContents {
    /// The same network with resource IDs replaced (`map[old] = new`), wherever they appear.
    func renamingIDs(_ map: [String: String]) -> InventoryContents {
        func r(_ id: String) -> String { map[id] ?? id }
        func rs(_ ids: [String]) -> [String] { ids.map(r) }
        func target(_ t: RouteTarget) -> RouteTarget {
            switch t {
            case .local: return .local
            case .internetGateway(let id): return .internetGateway(r(id))
            case .natGateway(let id): return .natGateway(r(id))
            case .vpcEndpoint(let id): return .vpcEndpoint(r(id))
            case .transitGateway(let id): return .transitGateway(r(id))
            case .peering(let id): return .peering(r(id))
            case .networkInterface(let id): return .networkInterface(r(id))
            case .instance(let id): return .instance(r(id))
            case .egressOnlyInternetGateway(let id): return .egressOnlyInternetGateway(r(id))
            case .virtualPrivateGateway(let id): return .virtualPrivateGateway(r(id))
            case .other(let id): return .other(r(id))
            }
        }
        func rule(_ x: SecurityGroupRule) -> SecurityGroupRule {
            var y = x
            y.sourceGroupIDs = rs(x.sourceGroupIDs)
            y.prefixListIDs = rs(x.prefixListIDs)
            return y
        }
        var c = self
        c.vpcs = vpcs.map { var v = $0; v.id = r(v.id); return v }
        c.subnets = subnets.map { var s = $0; s.id = r(s.id); s.vpcID = r(s.vpcID); return s }
        c.routeTables = routeTables.map { t in
            var u = t
            u.id = r(t.id); u.vpcID = r(t.vpcID)
            u.associations = t.associations.map { var a = $0; a.subnetID = a.subnetID.map(r); return a }
            u.routes = t.routes.map { route in
                var x = route
                x.target = target(route.target)
                if case .prefixList(let id) = route.destination { x.destination = .prefixList(r(id)) }
                return x
            }
            return u
        }
        c.endpoints = endpoints.map { e in
            var x = e
            x.id = r(e.id); x.vpcID = r(e.vpcID)
            x.routeTableIDs = rs(e.routeTableIDs); x.subnetIDs = rs(e.subnetIDs)
            x.securityGroupIDs = rs(e.securityGroupIDs); x.networkInterfaceIDs = rs(e.networkInterfaceIDs)
            return x
        }
        c.networkInterfaces = networkInterfaces.map { n in
            var x = n
            x.id = r(n.id); x.vpcID = r(n.vpcID); x.subnetID = r(n.subnetID); x.securityGroupIDs = rs(n.securityGroupIDs)
            return x
        }
        c.securityGroups = securityGroups.map { g in
            var x = g
            x.id = r(g.id); x.vpcID = r(g.vpcID)
            x.ingress = g.ingress.map(rule); x.egress = g.egress.map(rule)
            return x
        }
        c.natGateways = natGateways.map { var n = $0; n.id = r(n.id); n.vpcID = r(n.vpcID); n.subnetID = r(n.subnetID); return n }
        c.internetGateways = internetGateways.map { var g = $0; g.id = r(g.id); g.attachedVPCIDs = rs(g.attachedVPCIDs); return g }
        c.prefixLists = prefixLists.map { var p = $0; p.id = r(p.id); return p }
        // `unknowns` and `declarations` are keyed by ID (`ID.field`): the owner is the part before the
        // field, and an address may itself contain dots, so each known ID is tried as a prefix.
        var unknowns: [String: String] = [:]
        for (key, why) in self.unknowns {
            var renamed = key
            if let owner = map.keys.filter({ key.hasPrefix($0 + ".") }).max(by: { $0.count < $1.count }), let to = map[owner] {
                renamed = to + key.dropFirst(owner.count)
            }
            unknowns[renamed] = why
        }
        c.unknowns = unknowns
        c.declarations = Dictionary(declarations.map { (r($0.key), $0.value) }) { a, _ in a }
        c.planned = Set(planned.map(r))
        c.otherInterfaceCount = Dictionary(otherInterfaceCount.map { (r($0.key), $0.value) }) { a, b in a + b }
        return c
    }
}
