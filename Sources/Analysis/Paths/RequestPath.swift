import Model

/// How a request from a subnet leaves for an AWS service: the first rule of DESIGN.md's
/// "Path of a request" that applies.
public enum PathVia: String, CaseIterable, Hashable, Sendable {
    case gatewayEndpoint = "gateway-endpoint"
    case interfaceEndpoint = "interface-endpoint"
    case natGateway = "nat-gateway"
    case internetGateway = "internet-gateway"
    /// IPv6 out through an egress-only internet gateway.
    case egressOnlyInternetGateway = "egress-only-internet-gateway"
    /// Routes vpcx names but does not follow further (the path ends there, reachability unknown).
    case transitGateway = "transit-gateway"
    case peering = "vpc-peering"
    case virtualPrivateGateway = "virtual-private-gateway"
    case networkInterface = "network-interface"
    case localGateway = "local-gateway"
    case carrierGateway = "carrier-gateway"
    case coreNetwork = "core-network"
    case gatewayLoadBalancerEndpoint = "gateway-load-balancer-endpoint"
    case otherTarget = "other-target"
    /// A fact the rules need is missing (a kind not collected): the path's `unknown` names it.
    case unknown
    case none

    /// Words for headers and tables ("NAT gateway").
    public var title: String {
        switch self {
        case .gatewayEndpoint: return "gateway endpoint"
        case .interfaceEndpoint: return "interface endpoint"
        case .natGateway: return "NAT gateway"
        case .internetGateway: return "internet gateway"
        case .egressOnlyInternetGateway: return "egress-only internet gateway"
        case .transitGateway: return "transit gateway"
        case .peering: return "VPC peering"
        case .virtualPrivateGateway: return "virtual private gateway"
        case .networkInterface: return "network interface (appliance or NAT instance)"
        case .localGateway: return "local gateway"
        case .carrierGateway: return "carrier gateway"
        case .coreNetwork: return "core network"
        case .gatewayLoadBalancerEndpoint: return "Gateway Load Balancer endpoint"
        case .otherTarget: return "another route target"
        case .unknown: return "unknown"
        case .none: return "no route"
        }
    }

    /// The via of a route whose target vpcx does not follow further, by the target's kind.
    public static func notFollowed(_ target: RouteTarget) -> PathVia {
        switch target {
        case .transitGateway: return .transitGateway
        case .peering: return .peering
        case .virtualPrivateGateway: return .virtualPrivateGateway
        case .networkInterface, .instance: return .networkInterface
        case .vpcEndpoint: return .gatewayLoadBalancerEndpoint
        case .egressOnlyInternetGateway: return .egressOnlyInternetGateway
        case .local, .internetGateway, .natGateway: return .otherTarget
        case .other(let id):
            if id.hasPrefix("lgw-") { return .localGateway }
            if id.hasPrefix("cagw-") { return .carrierGateway }
            if id.hasPrefix("arn:") && id.contains("core-network") { return .coreNetwork }
            return .otherTarget
        }
    }

    /// Whether traffic stays on the AWS network through a VPC endpoint.
    public var isEndpoint: Bool { self == .gatewayEndpoint || self == .interfaceEndpoint }
}

/// One box of a path diagram: a place the request passes, and what the arrow into it costs.
public struct Hop: Hashable, Sendable {
    /// What kind of place the hop is.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case source
        case routeTable = "route-table"
        case natGateway = "nat-gateway"
        case internetGateway = "internet-gateway"
        case gatewayEndpoint = "gateway-endpoint"
        case interfaceEndpoint = "interface-endpoint"
        /// Where a route leads that vpcx does not follow (transit gateway, peering, VGW, appliance ENI, ...).
        case routeTarget = "route-target"
        /// A fact the path needs that the sources do not hold (`VPC endpoints not loaded`).
        case unknown
        case service
    }

    public var kind: Kind
    /// The resource ID (`rtb-…`, `nat-…`, `vpce-…`); for the service hop its hostname.
    public var id: String
    /// The box title (`Route table (main)`, `NAT gateway`, `S3 public endpoint`).
    public var label: String
    /// Lines under the ID: the matching route, the ENI's AZ and IP, where a NAT lives (vpcx's arrows and
    /// separators marked, for the display to draw).
    public var detail: [ComposedText]
    /// What one GB costs on the arrow into this hop (0 for the source).
    public var costPerGB: Double
    /// Why traffic cannot enter this hop; nil when it can.
    public var blocked: ComposedText?

    public init(kind: Kind, id: String, label: String, detail: [ComposedText] = [], costPerGB: Double = 0,
                blocked: ComposedText? = nil) {
        self.kind = kind
        self.id = id
        self.label = label
        self.detail = detail
        self.costPerGB = costPerGB
        self.blocked = blocked
    }
}

/// Where a request from one subnet to one AWS service goes, with and without the VPC's endpoints.
public struct RequestPath: Hashable, Sendable {
    public var vpc: String
    public var subnet: String
    /// The subnet's Name tag, if it has one.
    public var subnetName: String?
    public var az: String?
    /// The route table the subnet uses (explicit association, else the main table); nil when unknown.
    public var routeTable: String?
    /// The short service name (`s3`, `ecr.dkr`).
    public var service: String
    /// The full service name (`com.amazonaws.eu-west-1.s3`).
    public var serviceName: String
    public var via: PathVia
    /// The endpoint used, for the endpoint vias.
    public var endpoint: String?
    /// The endpoint ENI DNS answers with, for `interface-endpoint`.
    public var networkInterface: String?
    /// Whether the ENI is in another AZ than the subnet (cross-AZ transfer is charged).
    public var crossAz: Bool
    /// Whether the request gets there; false as well when it is not known (then `unknown` says why).
    public var reachable: Bool
    /// Why the answer is not known: the missing fact (`route tables not loaded (aws ec2 describe-route-tables)`),
    /// or the route target vpcx does not follow. Nil when the path is decided.
    public var unknown: ComposedText?
    /// The address family the request follows: IPv4 unless the subnet is IPv6-only.
    public var addressFamily: AddressFamily
    /// The boxes of the diagram, source first.
    public var hops: [Hop]
    /// Why an endpoint was bypassed, why a hop is blocked, what vpcx could not know.
    public var notes: [ComposedText]
    /// What one GB of this request costs in data charges (the sum of its arrows).
    public var costPerGB: Double
    // An array keeps the recursive value on the heap; it holds at most one path.
    private var withoutStorage: [RequestPath]

    /// The same request with every endpoint of the VPC removed; nil on a path that is itself a `without`.
    public var without: RequestPath? {
        get { withoutStorage.first }
        set { withoutStorage = newValue.map { [$0] } ?? [] }
    }

    public init(vpc: String, subnet: String, subnetName: String?, az: String?, routeTable: String?, service: String,
                serviceName: String, via: PathVia, endpoint: String? = nil, networkInterface: String? = nil,
                crossAz: Bool = false, reachable: Bool, unknown: ComposedText? = nil, addressFamily: AddressFamily = .ipv4,
                hops: [Hop], notes: [ComposedText] = [], costPerGB: Double, without: RequestPath? = nil) {
        self.vpc = vpc
        self.subnet = subnet
        self.subnetName = subnetName
        self.az = az
        self.routeTable = routeTable
        self.service = service
        self.serviceName = serviceName
        self.via = via
        self.endpoint = endpoint
        self.networkInterface = networkInterface
        self.crossAz = crossAz
        self.reachable = reachable && unknown == nil
        self.unknown = unknown
        self.addressFamily = addressFamily
        self.hops = hops
        self.notes = notes
        self.costPerGB = costPerGB
        // Moved, not copied: a copy retains every string of the path, once per path of a batch.
        switch consume without {
        case .some(let path): withoutStorage = [path]
        case .none: withoutStorage = []
        }
    }

    /// The first blocked hop and its reason, if the request is stopped somewhere.
    public var blockedHop: Hop? { hops.first { $0.blocked != nil } }

    /// Whether the answer is decided: no missing fact, no route target left unfollowed.
    public var isKnown: Bool { unknown == nil }

    /// Whether the request reaches the service over a VPC endpoint.
    public var isPrivate: Bool { reachable && via.isEndpoint }
}

/// Money per GB as people read it: `free`, `$0.045/GB`, `$0.02/GB`.
public enum PerGB {
    /// Formats a per-GB price; 0 is `free`.
    public static func text(_ dollars: Double) -> String {
        if dollars <= 0 { return "free" }
        return "$" + amount(dollars) + "/GB"
    }

    /// The number alone with what decimals it needs (`0.045`, `0.01`, `0.0035`), for text and JSON.
    public static func amount(_ dollars: Double) -> String {
        let scaled = (dollars * 1_000_000).rounded()
        var text = String(Int(scaled))
        while text.count < 7 { text = "0" + text }
        let whole = text.dropLast(6)
        var fraction = String(text.suffix(6))
        while fraction.last == "0" { fraction.removeLast() }
        if fraction.count < 2 { fraction += String(repeating: "0", count: 2 - fraction.count) }
        return "\(whole).\(fraction)"
    }
}
