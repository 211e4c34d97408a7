import Foundation
import JSONText
import Model

/// One attribute of a resource as a diff compares it: a value, or unknown with the reason.
public enum FactValue: Hashable, Sendable {
    case value(String)
    /// What the source could not say (`var.private_cidr`, `VPC DNS attributes not loaded`).
    case unknown(String)

    /// The value as shown: the value itself, or `unknown (reason)`.
    public var text: String {
        switch self {
        case .value(let v): return v
        case .unknown(let why): return "unknown (\(why))"
        }
    }

    public var isUnknown: Bool { if case .unknown = self { return true }; return false }
}

/// A resource reduced to the attributes that decide paths, findings and cost, as ordered key/value
/// pairs. List members (a route, an association, an SG rule) are keys of their own, so adding one
/// route reads as one added line rather than one changed list.
public struct ResourceFacts: Hashable, Sendable {
    public var kind: ResourceKind
    public var id: String
    public var name: String?
    public var facts: [(key: String, value: FactValue)]

    public static func == (a: ResourceFacts, b: ResourceFacts) -> Bool {
        a.kind == b.kind && a.id == b.id && a.name == b.name
            && a.facts.elementsEqual(b.facts) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(id)
    }

    /// The kinds a diff lists one by one. Network interfaces follow their endpoints and NAT gateways
    /// (an account has hundreds of thousands), prefix lists are AWS's: neither is listed.
    public static let listedKinds: [ResourceKind] = [.vpcs, .subnets, .routeTables, .vpcEndpoints, .securityGroups,
                                                     .natGateways, .internetGateways]

    /// Every listed resource of an inventory, by kind.
    public static func all(in inventory: Inventory) -> [ResourceKind: [ResourceFacts]] {
        var builder = FactBuilder(inventory: inventory)
        var result: [ResourceKind: [ResourceFacts]] = [:]
        result[.vpcs] = inventory.vpcs.map { builder.vpc($0) }
        result[.subnets] = inventory.subnets.map { builder.subnet($0) }
        result[.routeTables] = inventory.routeTables.map { builder.routeTable($0) }
        result[.vpcEndpoints] = inventory.endpoints.map { builder.endpoint($0) }
        result[.securityGroups] = inventory.securityGroups.map { builder.securityGroup($0) }
        result[.natGateways] = inventory.natGateways.map { builder.natGateway($0) }
        result[.internetGateways] = inventory.internetGateways.map { builder.internetGateway($0) }
        return result
    }
}

/// Builds the facts of each resource, with the spec's unknowns in place of the placeholders it made.
private struct FactBuilder {
    let inventory: Inventory
    private var facts: [(key: String, value: FactValue)] = []
    private var owner = ""

    init(inventory: Inventory) { self.inventory = inventory }

    private mutating func start(_ id: String) { facts = []; owner = id }

    /// A fact, or the spec's unknown for `field` of the resource when it recorded one.
    private mutating func add(_ key: String, _ value: String?, field: String? = nil, missing: String = "not stated") {
        if let field, let why = inventory.unknown(owner, field) {
            facts.append((key, .unknown(why)))
        } else {
            facts.append((key, value.map(FactValue.value) ?? .unknown(missing)))
        }
    }

    private func list(_ ids: [String]) -> String { ids.isEmpty ? "none" : ids.sorted().joined(separator: ", ") }
    private func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }

    mutating func vpc(_ v: VPC) -> ResourceFacts {
        start(v.id)
        add("cidr", v.cidr?.description, field: "cidr")
        if v.cidrs.count > 1 { add("cidrs", v.cidrs.map(\.description).joined(separator: ", ")) }
        add("state", v.state)
        add("enableDnsSupport", v.enableDnsSupport.map(yesNo), missing: ResourceKind.vpcAttributes.notLoaded)
        add("enableDnsHostnames", v.enableDnsHostnames.map(yesNo), missing: ResourceKind.vpcAttributes.notLoaded)
        return ResourceFacts(kind: .vpcs, id: v.id, name: v.name, facts: facts)
    }

    mutating func subnet(_ s: Subnet) -> ResourceFacts {
        start(s.id)
        add("vpc", s.vpcID)
        add("cidr", s.cidr?.description ?? (s.isIPv6Only ? "none (IPv6-only)" : nil), field: "cidr")
        add("availabilityZone", s.availabilityZone, field: "availabilityZone")
        if !s.ipv6CIDRs.isEmpty { add("ipv6Cidrs", s.ipv6CIDRs.joined(separator: ", ")) }
        add("mapPublicIpOnLaunch", yesNo(s.mapPublicIPOnLaunch))
        return ResourceFacts(kind: .subnets, id: s.id, name: s.name, facts: facts)
    }

    mutating func routeTable(_ t: RouteTable) -> ResourceFacts {
        start(t.id)
        add("vpc", t.vpcID)
        add("main", yesNo(t.isMain))
        for subnet in t.subnetIDs.sorted() { add("association \(subnet)", "explicit") }
        if let why = inventory.unknown(t.id, "routes") { facts.append(("routes", .unknown(why))) }
        // Keyed by destination: a route table has one route per destination, and "where 0.0.0.0/0
        // goes" is the change people look for.
        var routes: [(String, String)] = []
        for route in t.routes {
            var target = route.target.id
            if route.isBlackhole { target += " (blackhole)" }
            routes.append(("route \(route.destination)", target))
        }
        for (key, target) in routes.sorted(by: { $0.0 < $1.0 }) { add(key, target) }
        return ResourceFacts(kind: .routeTables, id: t.id, name: t.name, facts: facts)
    }

    mutating func endpoint(_ e: VPCEndpoint) -> ResourceFacts {
        start(e.id)
        add("vpc", e.vpcID)
        add("service", e.serviceName, field: "serviceName")
        add("type", e.kind.rawValue)
        add("state", e.state)
        switch e.kind {
        case .gateway:
            add("routeTables", list(e.routeTableIDs), field: "routeTableIDs")
        default:
            add("subnets", list(e.subnetIDs), field: "subnetIDs")
            add("securityGroups", list(e.securityGroupIDs), field: "securityGroupIDs")
            add("privateDns", yesNo(e.privateDNSEnabled), field: "privateDNSEnabled")
        }
        add("policy", FactBuilder.policyText(e.policyDocument), field: "policyDocument")
        return ResourceFacts(kind: .vpcEndpoints, id: e.id, name: e.name, facts: facts)
    }

    /// A policy in one canonical line, so two spellings of one document compare equal (whitespace,
    /// the aws CLI's URL-encoding aside); nil is AWS's default full-access policy.
    static func policyText(_ document: String?) -> String {
        guard let document, !document.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return "default (full access)"
        }
        let decoded = document.hasPrefix("%7B") ? (document.removingPercentEncoding ?? document) : document
        guard let value = try? JSONValue.parse(decoded) else { return decoded }
        return isFullAccess(value) ? "default (full access)" : value.compactText
    }

    /// Whether a policy is AWS's default one written out: one statement allowing `*` to `*` on `*`
    /// (what describe-vpc-endpoints returns for an endpoint created without a policy).
    static func isFullAccess(_ policy: JSONValue) -> Bool {
        let statements = policy["Statement"]?.arrayValue ?? policy["Statement"].map { [$0] } ?? []
        guard statements.count == 1, let statement = statements.first,
              let members = statement.objectValue else { return false }
        func star(_ v: JSONValue?) -> Bool {
            if v?.stringValue == "*" { return true }
            if let a = v?.arrayValue, a.count == 1 { return a[0].stringValue == "*" }
            if let p = v?["AWS"] { return star(p) }
            return false
        }
        let keys = Set(members.map(\.key))
        return keys == ["Effect", "Principal", "Action", "Resource"] || keys == ["Sid", "Effect", "Principal", "Action", "Resource"]
            ? statement["Effect"]?.stringValue == "Allow" && star(statement["Principal"]) && star(statement["Action"]) && star(statement["Resource"])
            : false
    }

    mutating func securityGroup(_ g: SecurityGroup) -> ResourceFacts {
        start(g.id)
        add("vpc", g.vpcID)
        add("groupName", g.name, field: "name")
        for rule in g.ingress.map(\.summary).sorted() { add("ingress \(rule)", "allowed") }
        for rule in g.egress.map(\.summary).sorted() { add("egress \(rule)", "allowed") }
        return ResourceFacts(kind: .securityGroups, id: g.id, name: g.tags.name ?? g.name, facts: facts)
    }

    mutating func natGateway(_ n: NATGateway) -> ResourceFacts {
        start(n.id)
        add("vpc", n.vpcID)
        add("subnet", n.subnetID)
        add("state", n.state.lowercased())
        add("connectivity", n.connectivityType)
        return ResourceFacts(kind: .natGateways, id: n.id, name: n.name, facts: facts)
    }

    mutating func internetGateway(_ g: InternetGateway) -> ResourceFacts {
        start(g.id)
        add("attachedVpcs", list(g.attachedVPCIDs))
        return ResourceFacts(kind: .internetGateways, id: g.id, name: g.name, facts: facts)
    }
}
