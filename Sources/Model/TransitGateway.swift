/// A transit gateway: a regional router VPCs, VPNs, Direct Connect gateways and other transit
/// gateways attach to. Traffic entering through an attachment is routed by the one TGW route table
/// that attachment is associated with.
public struct TransitGateway: Hashable, Sendable {
    public var id: String
    public var ownerID: String?
    public var region: String?
    public var state: String
    /// The route table new attachments are associated with (`AssociationDefaultRouteTableId`).
    public var defaultAssociationRouteTableID: String?
    /// The route table new attachments propagate to (`PropagationDefaultRouteTableId`).
    public var defaultPropagationRouteTableID: String?
    public var tags: [Tag]

    public init(id: String, ownerID: String? = nil, region: String? = nil, state: String = "available",
                defaultAssociationRouteTableID: String? = nil, defaultPropagationRouteTableID: String? = nil,
                tags: [Tag] = []) {
        self.id = id
        self.ownerID = ownerID
        self.region = region
        self.state = state
        self.defaultAssociationRouteTableID = defaultAssociationRouteTableID
        self.defaultPropagationRouteTableID = defaultPropagationRouteTableID
        self.tags = tags
    }

    public var name: String? { tags.name }
}

/// One attachment of a transit gateway: a VPC (through ENIs in some of its subnets), a peering with
/// another transit gateway, a VPN or a Direct Connect gateway.
public struct TransitGatewayAttachment: Hashable, Sendable {
    /// What is attached, as `ResourceType` spells it.
    public enum ResourceType: String, Hashable, Sendable {
        case vpc, peering, vpn, directConnectGateway = "direct-connect-gateway", connect
        case other

        public init(parsing text: String) { self = ResourceType(rawValue: text.lowercased()) ?? .other }

        /// In words, for hops and detail lines.
        public var title: String {
            switch self {
            case .vpc: return "VPC"
            case .peering: return "TGW peering"
            case .vpn: return "VPN"
            case .directConnectGateway: return "Direct Connect gateway"
            case .connect: return "Connect"
            case .other: return "attachment"
            }
        }
    }

    public var id: String
    public var transitGatewayID: String
    public var resourceType: ResourceType
    /// The VPC, VPN, DX gateway or peer TGW ID.
    public var resourceID: String
    public var resourceOwnerID: String?
    public var state: String
    /// The TGW route table this attachment is associated with; nil when not associated (or not said).
    public var associatedRouteTableID: String?
    /// Whether `associatedRouteTableID` was stated by the source (an answer without `Association`
    /// says nothing: unknown, not "not associated").
    public var associationKnown: Bool
    /// The VPC subnets the attachment has an ENI in (describe-transit-gateway-vpc-attachments).
    public var subnetIDs: [String]
    public var tags: [Tag]

    public init(id: String, transitGatewayID: String, resourceType: ResourceType, resourceID: String,
                resourceOwnerID: String? = nil, state: String = "available", associatedRouteTableID: String? = nil,
                associationKnown: Bool = true, subnetIDs: [String] = [], tags: [Tag] = []) {
        self.id = id
        self.transitGatewayID = transitGatewayID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceOwnerID = resourceOwnerID
        self.state = state
        self.associatedRouteTableID = associatedRouteTableID
        self.associationKnown = associationKnown
        self.subnetIDs = subnetIDs
        self.tags = tags
    }

    public var name: String? { tags.name }
    public var isAvailable: Bool { state.lowercased() == "available" }

    /// The same attachment from a second answer (describe-transit-gateway-attachments and
    /// describe-transit-gateway-vpc-attachments each say part): what the newer one leaves out is kept.
    public func merging(_ newer: TransitGatewayAttachment) -> TransitGatewayAttachment {
        var merged = newer
        if !newer.associationKnown {
            merged.associatedRouteTableID = associatedRouteTableID
            merged.associationKnown = associationKnown
        }
        if newer.subnetIDs.isEmpty { merged.subnetIDs = subnetIDs }
        if newer.tags.isEmpty { merged.tags = tags }
        merged.resourceOwnerID = newer.resourceOwnerID ?? resourceOwnerID
        return merged
    }
}

/// A route of a transit gateway route table (search-transit-gateway-routes).
public struct TransitGatewayRoute: Hashable, Sendable {
    public var destination: IPv4CIDR
    /// The attachments the route sends to (more than one: ECMP); empty for a blackhole.
    public var attachmentIDs: [String]
    /// `static` or `propagated`.
    public var type: String
    /// `active` or `blackhole`.
    public var state: String

    public init(destination: IPv4CIDR, attachmentIDs: [String], type: String = "static", state: String = "active") {
        self.destination = destination
        self.attachmentIDs = attachmentIDs
        self.type = type
        self.state = state
    }

    public var isBlackhole: Bool { state.lowercased() == "blackhole" }
}

/// A transit gateway route table, with the attachments associated with it, those that propagate
/// their routes into it, and its routes. Each part comes from its own call; one not loaded is nil
/// (unknown), never empty.
public struct TransitGatewayRouteTable: Hashable, Sendable {
    public var id: String
    public var transitGatewayID: String
    public var tags: [Tag]
    /// Attachment IDs that propagate into this table (get-transit-gateway-route-table-propagations); nil: not loaded.
    public var propagations: [String]?
    /// The table's routes (search-transit-gateway-routes); nil: not loaded.
    public var routes: [TransitGatewayRoute]?
    /// Attachment IDs associated with this table (get-transit-gateway-route-table-associations); nil: not loaded.
    public var associations: [String]?

    public init(id: String, transitGatewayID: String, tags: [Tag] = [], propagations: [String]? = nil,
                routes: [TransitGatewayRoute]? = nil, associations: [String]? = nil) {
        self.id = id
        self.transitGatewayID = transitGatewayID
        self.tags = tags
        self.propagations = propagations
        self.routes = routes
        self.associations = associations
    }

    public var name: String? { tags.name }

    /// The same table from another answer: each part the newer one does not hold is kept.
    public func merging(_ newer: TransitGatewayRouteTable) -> TransitGatewayRouteTable {
        var merged = self
        if !newer.transitGatewayID.isEmpty { merged.transitGatewayID = newer.transitGatewayID }
        if !newer.tags.isEmpty { merged.tags = newer.tags }
        if let p = newer.propagations { merged.propagations = (propagations ?? []) + p.filter { !(propagations ?? []).contains($0) } }
        if let r = newer.routes { merged.routes = (routes ?? []) + r.filter { !(routes ?? []).contains($0) } }
        if let a = newer.associations { merged.associations = (associations ?? []) + a.filter { !(associations ?? []).contains($0) } }
        return merged
    }

    /// The most specific route whose destination holds the address; nil when none does (or routes are unknown).
    public func route(for address: IPv4Address) -> TransitGatewayRoute? {
        var best: TransitGatewayRoute?
        for route in routes ?? [] where route.destination.contains(address) {
            if route.destination.prefixLength > (best?.destination.prefixLength ?? -1) { best = route }
        }
        return best
    }
}
