import Model

/// What a `PathBatch` keeps of the resolver's work for the next request that takes the same way.
/// An organisation's spoke asks for eight services at a hub: each hostname is answered by the
/// hub's zone shared with every spoke, and every request leaves by the spoke's attachment, matches
/// the same TGW route and lands in the hub's endpoint subnets. What is kept never names the asking
/// VPC or the address: those parts are made for each request.
public final class ResolverMemo {
    /// A transit gateway crossing past its route lookup: the address itself is named only when no
    /// route matches, and that is never kept.
    struct CrossingKey: Hashable {
        var attachment: String
        var table: String
        var route: IPv4CIDR
        var source: IPv4CIDR?
        /// The destination VPC's subnet holding the address (its index): where the way back starts.
        var subnet: Int?
    }
    var crossings: [CrossingKey: Crossing] = [:]
    /// How a VPC's traffic enters a transit gateway (`PathResolver.departure`), by VPC and gateway.
    struct DepartureKey: Hashable {
        var vpc: String
        var tgw: String
    }
    var departures: [DepartureKey: TransitGatewayDeparture] = [:]

    /// What a private zone's records answer for a name, by zone ID and name (`PathResolver.recordAnswer`):
    /// the same for every VPC associated with the zone.
    struct ZoneKey: Hashable {
        var zone: String
        var host: String
    }
    var zoneAnswers: [ZoneKey: NameAnswer?] = [:]

    public init() {}
}
