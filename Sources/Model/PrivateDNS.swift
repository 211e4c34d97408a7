/// A Route 53 hosted zone and the VPCs whose Resolver answers from it. A private zone associated with a
/// VPC answers every name under it for that VPC, including names it holds no record for (NXDOMAIN):
/// a zone named after a service's hostname takes that hostname over.
public struct HostedZone: Hashable, Sendable {
    /// A VPC a private zone is associated with (get-hosted-zone `VPCs`).
    public struct Association: Hashable, Sendable {
        public var vpcID: String
        public var region: String?
        public init(vpcID: String, region: String?) { self.vpcID = vpcID; self.region = region }
    }

    /// The zone ID without `/hostedzone/` (`Z0123456789ABC`).
    public var id: String
    /// The zone's domain, lower case, without the trailing dot (`secretsmanager.eu-west-1.amazonaws.com`).
    public var name: String
    public var isPrivate: Bool
    /// The associated VPCs; nil when the source did not say (list-hosted-zones alone).
    public var vpcs: [Association]?
    /// The zone's records; nil when list-resource-record-sets was not loaded for it.
    public var records: [DNSRecord]?
    public var ownerID: String?
    public var comment: String?

    public init(id: String, name: String, isPrivate: Bool = true, vpcs: [Association]? = nil, records: [DNSRecord]? = nil,
                ownerID: String? = nil, comment: String? = nil) {
        self.id = HostedZone.bareID(id)
        self.name = DNSName.normalised(name)
        self.isPrivate = isPrivate
        self.vpcs = vpcs
        self.records = records
        self.ownerID = ownerID
        self.comment = comment
    }

    /// `/hostedzone/Z123` → `Z123`.
    public static func bareID(_ id: String) -> String {
        id.hasPrefix("/hostedzone/") ? String(id.dropFirst("/hostedzone/".count)) : id
    }

    /// The same zone from another answer: what the newer one leaves out is kept.
    public func merging(_ newer: HostedZone) -> HostedZone {
        var merged = newer
        if newer.name.isEmpty { merged.name = name }
        merged.vpcs = newer.vpcs ?? vpcs
        merged.records = newer.records.map { (records ?? []) + $0.filter { !(records ?? []).contains($0) } } ?? records
        merged.ownerID = newer.ownerID ?? ownerID
        merged.comment = newer.comment ?? comment
        return merged
    }

    /// The records named exactly `hostname` (A and alias A: what an SDK's lookup gets).
    public func records(named hostname: String) -> [DNSRecord] {
        let host = DNSName.normalised(hostname)
        return (records ?? []).filter { $0.name == host || ($0.name.hasPrefix("*.") && DNSName.isWithin(host, String($0.name.dropFirst(2))) && host != String($0.name.dropFirst(2))) }
    }
}

/// One record set of a zone (list-resource-record-sets).
public struct DNSRecord: Hashable, Sendable {
    /// Lower case, without the trailing dot; `\052` (how Route 53 prints `*`) read as `*`.
    public var name: String
    /// `A`, `AAAA`, `CNAME`, ...
    public var type: String
    /// `ResourceRecords[].Value`.
    public var values: [String]
    /// `AliasTarget.DNSName`, normalised: for an endpoint, its regional `vpce-….vpce.amazonaws.com` name.
    public var aliasTarget: String?

    public init(name: String, type: String, values: [String] = [], aliasTarget: String? = nil) {
        let normalised = DNSName.normalised(name)
        // Route 53 prints a wildcard's `*` as the octal escape `\052`.
        self.name = normalised.hasPrefix("\\052.") ? "*" + normalised.dropFirst(4) : normalised
        self.type = type.uppercased()
        self.values = values
        self.aliasTarget = aliasTarget.map(DNSName.normalised)
    }
}

/// A Route 53 Resolver endpoint: inbound (other networks' queries into a VPC's Resolver) or outbound
/// (a VPC's queries forwarded out by rules).
public struct ResolverEndpoint: Hashable, Sendable {
    public var id: String
    /// `INBOUND` or `OUTBOUND`.
    public var direction: String
    public var vpcID: String
    public var securityGroupIDs: [String]
    public var status: String
    public var name: String?

    public init(id: String, direction: String, vpcID: String, securityGroupIDs: [String] = [], status: String = "OPERATIONAL",
                name: String? = nil) {
        self.id = id
        self.direction = direction.uppercased()
        self.vpcID = vpcID
        self.securityGroupIDs = securityGroupIDs
        self.status = status
        self.name = name
    }

    public var isInbound: Bool { direction == "INBOUND" }
}

/// A Resolver rule: queries for a domain (and names under it) from the VPCs it is associated with are
/// forwarded to target IPs (`FORWARD`), or answered by the VPC's own Resolver (`SYSTEM`).
public struct ResolverRule: Hashable, Sendable {
    public var id: String
    /// Lower case, without the trailing dot.
    public var domainName: String
    /// `FORWARD`, `SYSTEM` or `RECURSIVE` (the built-in `.` rule).
    public var ruleType: String
    public var targetIPs: [IPv4Address]
    public var resolverEndpointID: String?
    public var ownerID: String?
    public var status: String
    public var name: String?

    public init(id: String, domainName: String, ruleType: String, targetIPs: [IPv4Address] = [],
                resolverEndpointID: String? = nil, ownerID: String? = nil, status: String = "COMPLETE", name: String? = nil) {
        self.id = id
        self.domainName = DNSName.normalised(domainName)
        self.ruleType = ruleType.uppercased()
        self.targetIPs = targetIPs
        self.resolverEndpointID = resolverEndpointID
        self.ownerID = ownerID
        self.status = status
        self.name = name
    }

    public var isForward: Bool { ruleType == "FORWARD" }
}

/// A rule's association with a VPC (list-resolver-rule-associations).
public struct ResolverRuleAssociation: Hashable, Sendable {
    public var id: String
    public var ruleID: String
    public var vpcID: String
    public var status: String

    public init(id: String, ruleID: String, vpcID: String, status: String = "COMPLETE") {
        self.id = id
        self.ruleID = ruleID
        self.vpcID = vpcID
        self.status = status
    }

    public var isActive: Bool { ["COMPLETE", "CREATING", "UPDATING"].contains(status.uppercased()) }
}

/// DNS names as Resolver compares them.
public enum DNSName {
    /// Lower case, without the trailing dot.
    public static func normalised(_ name: String) -> String {
        // Most names already are (every lookup of an indexed name asks): no copy for those.
        if name.utf8.last != UInt8(ascii: "."), name.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return name }
        var text = name.lowercased()
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Whether `name` is `domain` or under it (`a.b.c` is within `b.c`, `xb.c` is not).
    public static func isWithin(_ name: String, _ domain: String) -> Bool {
        if domain.isEmpty { return true }
        return name == domain || name.hasSuffix("." + domain)
    }

    /// How many labels a domain has (its non-empty ones, counted without making them): the more, the
    /// more specific a rule or zone is.
    public static func labelCount(_ domain: String) -> Int {
        var count = 0, inLabel = false
        for byte in domain.utf8 {
            if byte == UInt8(ascii: ".") { inLabel = false } else if !inLabel { inLabel = true; count += 1 }
        }
        return count
    }
}
