/// A route table, its routes and which subnets (or the VPC, as main table) use it.
public struct RouteTable: Hashable, Sendable {
    public var id: String
    public var vpcID: String
    public var routes: [Route]
    public var associations: [RouteTableAssociation]
    public var tags: [Tag]

    public init(id: String, vpcID: String, routes: [Route], associations: [RouteTableAssociation], tags: [Tag] = []) {
        self.id = id
        self.vpcID = vpcID
        self.routes = routes
        self.associations = associations
        self.tags = tags
    }

    public var name: String? { tags.name }
    /// Whether this is its VPC's main route table (used by subnets with no explicit association).
    public var isMain: Bool { associations.contains { $0.isMain } }
    /// Subnets explicitly associated with this table.
    public var subnetIDs: [String] { associations.compactMap(\.subnetID) }
}

/// One association of a route table: a subnet, or the VPC itself as main table.
public struct RouteTableAssociation: Hashable, Sendable {
    public var id: String?
    public var subnetID: String?
    public var isMain: Bool

    public init(id: String? = nil, subnetID: String?, isMain: Bool) {
        self.id = id
        self.subnetID = subnetID
        self.isMain = isMain
    }
}

/// One route: where a destination goes.
public struct Route: Hashable, Sendable {
    public var destination: RouteDestination
    public var target: RouteTarget
    /// `active`, or `blackhole` when the target is gone.
    public var state: String
    /// `CreateRouteTable`, `CreateRoute`, `EnableVgwRoutePropagation`.
    public var origin: String?

    public init(destination: RouteDestination, target: RouteTarget, state: String = "active", origin: String? = nil) {
        self.destination = destination
        self.target = target
        self.state = state
        self.origin = origin
    }

    public var isBlackhole: Bool { state.lowercased() == "blackhole" }
}

/// The destination side of a route.
public enum RouteDestination: Hashable, Sendable, CustomStringConvertible {
    case cidr(IPv4CIDR)
    case prefixList(String)
    case ipv6(String)
    /// A destination the source could not state (a spec with an unknown value).
    case unknown(String)

    public var description: String {
        switch self {
        case .cidr(let c): return c.description
        case .prefixList(let id): return id
        case .ipv6(let text): return text
        case .unknown(let why): return "(\(why))"
        }
    }
}

/// The target side of a route, by kind, as `describe-route-tables` distinguishes them.
public enum RouteTarget: Hashable, Sendable, CustomStringConvertible {
    case local
    case internetGateway(String)
    case natGateway(String)
    case vpcEndpoint(String)
    case transitGateway(String)
    case peering(String)
    case networkInterface(String)
    case instance(String)
    case egressOnlyInternetGateway(String)
    case virtualPrivateGateway(String)
    case other(String)

    /// The ID the route points at (`local` for the VPC's own range).
    public var id: String {
        switch self {
        case .local: return "local"
        case .internetGateway(let id), .natGateway(let id), .vpcEndpoint(let id), .transitGateway(let id),
             .peering(let id), .networkInterface(let id), .instance(let id), .egressOnlyInternetGateway(let id),
             .virtualPrivateGateway(let id), .other(let id):
            return id
        }
    }

    /// Classifies a gateway-ish ID by its prefix, as `GatewayId` in describe-route-tables mixes kinds.
    public static func classify(_ id: String) -> RouteTarget {
        if id == "local" { return .local }
        if id.hasPrefix("igw-") { return .internetGateway(id) }
        if id.hasPrefix("nat-") { return .natGateway(id) }
        if id.hasPrefix("vpce-") { return .vpcEndpoint(id) }
        if id.hasPrefix("tgw-") { return .transitGateway(id) }
        if id.hasPrefix("pcx-") { return .peering(id) }
        if id.hasPrefix("eni-") { return .networkInterface(id) }
        if id.hasPrefix("i-") { return .instance(id) }
        if id.hasPrefix("eigw-") { return .egressOnlyInternetGateway(id) }
        if id.hasPrefix("vgw-") { return .virtualPrivateGateway(id) }
        return .other(id)
    }

    public var description: String { id }

    /// What the target is, in words (`transit gateway`, `local gateway`), for a path that ends there.
    public var title: String {
        switch self {
        case .local: return "the VPC's local route"
        case .internetGateway: return "internet gateway"
        case .natGateway: return "NAT gateway"
        case .vpcEndpoint: return "gateway endpoint"
        case .transitGateway: return "transit gateway"
        case .peering: return "VPC peering connection"
        case .networkInterface: return "network interface (an appliance or NAT instance)"
        case .instance: return "instance (a NAT instance or appliance)"
        case .egressOnlyInternetGateway: return "egress-only internet gateway"
        case .virtualPrivateGateway: return "virtual private gateway (VPN or Direct Connect)"
        case .other(let id):
            if id.hasPrefix("lgw-") { return "local gateway (Outposts)" }
            if id.hasPrefix("cagw-") { return "carrier gateway (Wavelength)" }
            if id.hasPrefix("arn:") && id.contains("core-network") { return "Cloud WAN core network" }
            return "route target"
        }
    }
}
