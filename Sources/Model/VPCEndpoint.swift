/// A VPC endpoint: a gateway (route-table prefix list, free) or an interface (ENIs per AZ, PrivateLink).
public struct VPCEndpoint: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case gateway = "Gateway"
        case interface = "Interface"
        case gatewayLoadBalancer = "GatewayLoadBalancer"
        /// A VPC Lattice resource configuration reached through PrivateLink (no service name, an ARN).
        case resource = "Resource"
        /// A VPC Lattice service network reached through PrivateLink (no service name, an ARN).
        case serviceNetwork = "ServiceNetwork"
        case other = "Other"

        /// Parses `VpcEndpointType` case-insensitively.
        public init(parsing text: String) {
            switch text.lowercased() {
            case "gateway": self = .gateway
            case "interface": self = .interface
            case "gatewayloadbalancer": self = .gatewayLoadBalancer
            case "resource": self = .resource
            case "servicenetwork": self = .serviceNetwork
            default: self = .other
            }
        }
    }

    public var id: String
    public var vpcID: String
    public var kind: Kind
    /// The full service name (`com.amazonaws.eu-west-1.secretsmanager`).
    public var serviceName: String { didSet { service = ServiceName.short(serviceName) } }
    /// The short service name (`secretsmanager`, `ecr.dkr`), kept with the full one: every analysis
    /// asks for it, for every endpoint, many times.
    public private(set) var service: String
    /// Lowercased state (`available`, `pending`, `pendingacceptance`, `failed`, `rejected`, `deleted`).
    public var state: String
    /// The policy as the source gave it (JSON text); nil means the default full-access policy.
    public var policyDocument: String?
    /// Gateway endpoints: the route tables that carry its prefix-list route.
    public var routeTableIDs: [String]
    /// Interface endpoints: one subnet per AZ.
    public var subnetIDs: [String]
    public var securityGroupIDs: [String]
    public var privateDNSEnabled: Bool
    public var networkInterfaceIDs: [String]
    public var dnsEntries: [DNSEntry]
    public var tags: [Tag]
    public var ownerID: String?
    /// `CreationTimestamp` as the source wrote it (aws CLI v1 `…T…Z`, v2 `…+00:00`, boto3 `… …+00:00`).
    public var created: String?
    /// `IpAddressType`: `ipv4`, `dualstack` or `ipv6`; nil when the source did not say.
    public var ipAddressType: String?
    /// `DnsOptions.DnsRecordIpType`: `ipv4`, `dualstack`, `ipv6` or `service-defined`; nil when not said.
    public var dnsRecordIPType: String?
    /// `DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint` (S3 interface endpoints beside a gateway
    /// endpoint): private DNS answers only for the Resolver's inbound endpoint; nil when not said.
    public var privateDNSOnlyForInboundResolverEndpoint: Bool?

    public init(id: String, vpcID: String, kind: Kind, serviceName: String, state: String = "available",
                policyDocument: String? = nil, routeTableIDs: [String] = [], subnetIDs: [String] = [],
                securityGroupIDs: [String] = [], privateDNSEnabled: Bool = false, networkInterfaceIDs: [String] = [],
                dnsEntries: [DNSEntry] = [], tags: [Tag] = [], ownerID: String? = nil, created: String? = nil) {
        self.id = id
        self.vpcID = vpcID
        self.kind = kind
        self.serviceName = serviceName
        service = ServiceName.short(serviceName)
        self.state = state.lowercased()
        self.policyDocument = policyDocument
        self.routeTableIDs = routeTableIDs
        self.subnetIDs = subnetIDs
        self.securityGroupIDs = securityGroupIDs
        self.privateDNSEnabled = privateDNSEnabled
        self.networkInterfaceIDs = networkInterfaceIDs
        self.dnsEntries = dnsEntries
        self.tags = tags
        self.ownerID = ownerID
        self.created = created
    }

    public var name: String? { tags.name }
    public var isAvailable: Bool { state == "available" }
}

/// A DNS name AWS created for an endpoint: the regional name first, then one per AZ.
public struct DNSEntry: Hashable, Sendable {
    public var name: String
    public var hostedZoneID: String?
    public init(name: String, hostedZoneID: String? = nil) { self.name = name; self.hostedZoneID = hostedZoneID }
}

/// A network interface; vpcx cares about the ones interface endpoints and NAT gateways own.
public struct NetworkInterface: Hashable, Sendable {
    public var id: String
    public var vpcID: String
    public var subnetID: String
    public var availabilityZone: String?
    public var privateIP: IPv4Address?
    /// `interface`, `vpc_endpoint`, `nat_gateway`, ...
    public var interfaceType: String
    public var description: String
    public var securityGroupIDs: [String]
    public var status: String
    public var tags: [Tag]
    /// IPv6 addresses of the interface (`Ipv6Addresses[].Ipv6Address`).
    public var ipv6Addresses: [String] = []
    /// `RequesterManaged`: AWS created the interface for a service (RDS, Lambda, an endpoint).
    public var requesterManaged: Bool = false
    /// `RequesterId`: the account or service (`amazon-rds`, `amazon-elb`) that created it, when AWS-managed.
    public var requesterID: String?

    public init(id: String, vpcID: String, subnetID: String, availabilityZone: String?, privateIP: IPv4Address?,
                interfaceType: String = "interface", description: String = "", securityGroupIDs: [String] = [],
                status: String = "in-use", tags: [Tag] = []) {
        self.id = id
        self.vpcID = vpcID
        self.subnetID = subnetID
        self.availabilityZone = availabilityZone
        self.privateIP = privateIP
        self.interfaceType = interfaceType
        self.description = description
        self.securityGroupIDs = securityGroupIDs
        self.status = status
        self.tags = tags
    }

    public var name: String? { tags.name }

    /// What created the interface, from `InterfaceType` and the requester fields (`Lambda`, `VPC endpoint`,
    /// `amazon-rds`); nil for an instance's own interface.
    public var managedBy: String? {
        switch interfaceType {
        case "vpc_endpoint": return "VPC endpoint"
        case "nat_gateway", "natGateway": return "NAT gateway"
        case "gateway_load_balancer_endpoint": return "Gateway Load Balancer endpoint"
        case "gateway_load_balancer": return "Gateway Load Balancer"
        case "network_load_balancer": return "Network Load Balancer"
        case "load_balancer": return "load balancer"
        case "lambda": return "Lambda"
        case "efs": return "EFS mount target"
        case "transit_gateway": return "transit gateway attachment"
        case "api_gateway_managed": return "API Gateway"
        case "quicksight": return "QuickSight"
        case "global_accelerator_managed": return "Global Accelerator"
        case "interface", "efa", "efa-only", "trunk", "branch":
            return requesterManaged ? (requesterID ?? "an AWS service") : nil
        default: return String(interfaceType.map { $0 == "_" ? " " : $0 })
        }
    }
}
