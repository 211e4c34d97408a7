/// A VPC peering connection: two VPCs (any accounts, any regions) that route each other's CIDRs.
/// Peering is not transitive: neither side can reach through the other to a third VPC, a NAT, an
/// internet gateway or a gateway endpoint of the peer.
public struct VPCPeeringConnection: Hashable, Sendable {
    /// One side of the connection as describe-vpc-peering-connections prints it (`RequesterVpcInfo`, `AccepterVpcInfo`).
    public struct Side: Hashable, Sendable {
        public var vpcID: String
        public var ownerID: String?
        public var region: String?
        /// The side's IPv4 blocks shared over the connection.
        public var cidrs: [IPv4CIDR]
        /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc` of this side: whether the *other* side resolves
        /// this side's public DNS hostnames to private IPs. Nil: not said (the options are only shown
        /// on an active connection to the accounts that own it).
        public var allowsDNSResolutionFromRemote: Bool?

        public init(vpcID: String, ownerID: String? = nil, region: String? = nil, cidrs: [IPv4CIDR] = [],
                    allowsDNSResolutionFromRemote: Bool? = nil) {
            self.vpcID = vpcID
            self.ownerID = ownerID
            self.region = region
            self.cidrs = cidrs
            self.allowsDNSResolutionFromRemote = allowsDNSResolutionFromRemote
        }
    }

    public var id: String
    public var requester: Side
    public var accepter: Side
    /// `Status.Code`: `active`, `pending-acceptance`, `deleted`, ...
    public var status: String
    public var tags: [Tag]

    public init(id: String, requester: Side, accepter: Side, status: String = "active", tags: [Tag] = []) {
        self.id = id
        self.requester = requester
        self.accepter = accepter
        self.status = status
        self.tags = tags
    }

    public var name: String? { tags.name }
    /// Only an active connection carries traffic.
    public var isActive: Bool { status.lowercased() == "active" }

    /// The side that is not `vpcID`; nil when `vpcID` is neither side.
    public func peer(of vpcID: String) -> Side? {
        if requester.vpcID == vpcID { return accepter }
        if accepter.vpcID == vpcID { return requester }
        return nil
    }

    /// The side that is `vpcID`.
    public func side(_ vpcID: String) -> Side? {
        if requester.vpcID == vpcID { return requester }
        if accepter.vpcID == vpcID { return accepter }
        return nil
    }
}
