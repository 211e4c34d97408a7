/// A VPC and the two DNS attributes that decide whether private DNS of interface endpoints works.
public struct VPC: Hashable, Sendable {
    public var id: String
    public var ownerID: String?
    /// The region, where the source says it (an ARN, a collect manifest, a spec); nil when unknown.
    public var region: String?
    /// The primary IPv4 block; nil when unknown (a spec with an unset variable).
    public var cidr: IPv4CIDR?
    /// Every associated IPv4 block, the primary first.
    public var cidrs: [IPv4CIDR]
    public var isDefault: Bool
    public var state: String
    public var tags: [Tag]
    /// `enableDnsSupport`; nil when the inventory did not say (no describe-vpc-attribute answer).
    public var enableDnsSupport: Bool?
    /// `enableDnsHostnames`; nil when the inventory did not say.
    public var enableDnsHostnames: Bool?

    public init(id: String, ownerID: String? = nil, region: String? = nil, cidr: IPv4CIDR?, cidrs: [IPv4CIDR] = [],
                isDefault: Bool = false, state: String = "available", tags: [Tag] = [],
                enableDnsSupport: Bool? = nil, enableDnsHostnames: Bool? = nil) {
        self.id = id
        self.ownerID = ownerID
        self.region = region
        self.cidr = cidr
        self.cidrs = cidrs.isEmpty ? (cidr.map { [$0] } ?? []) : cidrs
        self.isDefault = isDefault
        self.state = state
        self.tags = tags
        self.enableDnsSupport = enableDnsSupport
        self.enableDnsHostnames = enableDnsHostnames
    }

    public var name: String? { tags.name }

    /// A stub known only by its DNS attributes (a describe-vpc-attribute answer): no state yet.
    public static func attributesOnly(id: String, enableDnsSupport: Bool?, enableDnsHostnames: Bool?) -> VPC {
        VPC(id: id, cidr: nil, state: "", enableDnsSupport: enableDnsSupport, enableDnsHostnames: enableDnsHostnames)
    }

    /// Whether this is a stub from `attributesOnly`.
    public var isAttributesOnly: Bool { state.isEmpty && cidr == nil }

    /// The same VPC described again by a later source: its description wins, but a stub adds only
    /// its attributes, and what the later one leaves unknown is kept.
    public func merging(_ newer: VPC) -> VPC {
        var merged = newer.isAttributesOnly ? self : newer
        merged.enableDnsSupport = newer.enableDnsSupport ?? enableDnsSupport
        merged.enableDnsHostnames = newer.enableDnsHostnames ?? enableDnsHostnames
        merged.region = newer.region ?? region
        merged.ownerID = newer.ownerID ?? ownerID
        return merged
    }
}

/// A subnet: one AZ, one CIDR, one route table (explicit or the VPC's main one).
public struct Subnet: Hashable, Sendable {
    public var id: String
    public var vpcID: String
    public var availabilityZone: String?
    public var availabilityZoneID: String?
    public var cidr: IPv4CIDR?
    public var availableIPAddressCount: Int?
    public var mapPublicIPOnLaunch: Bool
    public var state: String
    public var tags: [Tag]
    /// Associated IPv6 blocks (`2600:1f18:…::/64`), as the source spells them: a dual-stack subnet has both families.
    public var ipv6CIDRs: [String]
    /// `Ipv6Native`: an IPv6-only subnet, with no IPv4 block at all.
    public var isIPv6Only: Bool

    public init(id: String, vpcID: String, availabilityZone: String?, availabilityZoneID: String? = nil,
                cidr: IPv4CIDR?, availableIPAddressCount: Int? = nil, mapPublicIPOnLaunch: Bool = false,
                state: String = "available", tags: [Tag] = [], ipv6CIDRs: [String] = [], isIPv6Only: Bool = false) {
        self.id = id
        self.vpcID = vpcID
        self.availabilityZone = availabilityZone
        self.availabilityZoneID = availabilityZoneID
        self.cidr = cidr
        self.availableIPAddressCount = availableIPAddressCount
        self.mapPublicIPOnLaunch = mapPublicIPOnLaunch
        self.state = state
        self.tags = tags
        self.ipv6CIDRs = ipv6CIDRs
        self.isIPv6Only = isIPv6Only
    }

    /// The address family a request from this subnet uses: the SDKs prefer IPv4 unless the subnet is IPv6-only.
    public var addressFamily: AddressFamily { isIPv6Only || (cidr == nil && !ipv6CIDRs.isEmpty) ? .ipv6 : .ipv4 }

    public var name: String? { tags.name }
}

/// An internet gateway and the VPCs it is attached to.
public struct InternetGateway: Hashable, Sendable {
    public var id: String
    public var attachedVPCIDs: [String]
    public var tags: [Tag]

    public init(id: String, attachedVPCIDs: [String], tags: [Tag] = []) {
        self.id = id
        self.attachedVPCIDs = attachedVPCIDs
        self.tags = tags
    }

    public var name: String? { tags.name }
}

/// A NAT gateway: where a private subnet's default route usually leads.
public struct NATGateway: Hashable, Sendable {
    public var id: String
    public var vpcID: String
    /// The subnet it lives in; its route table must reach an internet gateway for a public NAT to work.
    public var subnetID: String
    public var state: String
    /// `public` or `private`.
    public var connectivityType: String
    public var publicIPs: [String]
    public var privateIPs: [String]
    public var networkInterfaceIDs: [String]
    public var tags: [Tag]

    public init(id: String, vpcID: String, subnetID: String, state: String = "available", connectivityType: String = "public",
                publicIPs: [String] = [], privateIPs: [String] = [], networkInterfaceIDs: [String] = [], tags: [Tag] = []) {
        self.id = id
        self.vpcID = vpcID
        self.subnetID = subnetID
        self.state = state
        self.connectivityType = connectivityType
        self.publicIPs = publicIPs
        self.privateIPs = privateIPs
        self.networkInterfaceIDs = networkInterfaceIDs
        self.tags = tags
    }

    public var name: String? { tags.name }
    public var isAvailable: Bool { state.lowercased() == "available" }
}

/// A managed prefix list; AWS-managed ones (`com.amazonaws.eu-west-1.s3`) stand for a service in gateway endpoint routes.
public struct PrefixList: Hashable, Sendable {
    public var id: String
    public var name: String

    public init(id: String, name: String) { self.id = id; self.name = name }

    /// The short service name the list stands for (`s3`), or nil when it is not an AWS service list.
    public var service: String? { ServiceName.region(name) == nil ? nil : ServiceName.short(name) }
}

/// IPv4 or IPv6: which routes a request follows.
public enum AddressFamily: String, Hashable, Sendable {
    case ipv4, ipv6
}
