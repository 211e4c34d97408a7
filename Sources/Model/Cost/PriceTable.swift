/// Prices vpcx computes with. The defaults are us-east-1 list prices (DESIGN.md); every region uses
/// them unless a `--pricing` file says otherwise.
public struct PriceTable: Hashable, Sendable {
    /// Where the prices came from, for every output ("built-in us-east-1 list prices", a file path).
    public var name: String
    public var currency: String
    public var hoursPerMonth: Double
    /// Interface endpoint, per AZ per hour.
    public var interfaceEndpointHourly: Double
    /// Interface endpoint data processing per GB, by tier: (GB up to which the tier applies, price);
    /// the last tier has no upper bound (`nil`). Tiers are summed per region.
    public var interfaceEndpointDataTiers: [(upToGB: Double?, pricePerGB: Double)]
    public var gatewayEndpointHourly: Double
    public var gatewayEndpointPerGB: Double
    public var natGatewayHourly: Double
    public var natGatewayPerGB: Double
    /// Data transfer between AZs, charged each way.
    public var crossAZPerGB: Double
    /// A transit gateway attachment, per hour (each VPC attached to a hub pays it).
    public var transitGatewayAttachmentHourly: Double = 0.05
    /// Transit gateway data processing per GB (charged once, on the attachment the traffic enters by).
    public var transitGatewayPerGB: Double = 0.02

    public init(name: String, currency: String = "USD", hoursPerMonth: Double = 730,
                interfaceEndpointHourly: Double, interfaceEndpointDataTiers: [(upToGB: Double?, pricePerGB: Double)],
                gatewayEndpointHourly: Double = 0, gatewayEndpointPerGB: Double = 0,
                natGatewayHourly: Double, natGatewayPerGB: Double, crossAZPerGB: Double) {
        self.name = name
        self.currency = currency
        self.hoursPerMonth = hoursPerMonth
        self.interfaceEndpointHourly = interfaceEndpointHourly
        self.interfaceEndpointDataTiers = interfaceEndpointDataTiers
        self.gatewayEndpointHourly = gatewayEndpointHourly
        self.gatewayEndpointPerGB = gatewayEndpointPerGB
        self.natGatewayHourly = natGatewayHourly
        self.natGatewayPerGB = natGatewayPerGB
        self.crossAZPerGB = crossAZPerGB
    }

    /// us-east-1 list prices (transit gateway: $0.05 per attachment-hour, $0.02/GB processed): $0.01 per AZ-hour and $0.01/GB (first PB), $0.006 (next 4 PB),
    /// $0.004 (over 5 PB) for interface endpoints; gateway endpoints free; NAT $0.045/hour and
    /// $0.045/GB; cross-AZ $0.01/GB each way; 730 hours a month.
    public static let listPrices = PriceTable(
        name: "built-in us-east-1 list prices",
        interfaceEndpointHourly: 0.01,
        interfaceEndpointDataTiers: [(1_000_000, 0.01), (5_000_000, 0.006), (nil, 0.004)],
        natGatewayHourly: 0.045, natGatewayPerGB: 0.045, crossAZPerGB: 0.01)

    /// The first-tier interface endpoint price per GB: what one more GB costs at ordinary volumes.
    public var interfaceEndpointPerGB: Double { interfaceEndpointDataTiers.first?.pricePerGB ?? 0 }

    public static func == (a: PriceTable, b: PriceTable) -> Bool {
        a.name == b.name && a.currency == b.currency && a.hoursPerMonth == b.hoursPerMonth
            && a.interfaceEndpointHourly == b.interfaceEndpointHourly
            && a.interfaceEndpointDataTiers.map(\.upToGB) == b.interfaceEndpointDataTiers.map(\.upToGB)
            && a.interfaceEndpointDataTiers.map(\.pricePerGB) == b.interfaceEndpointDataTiers.map(\.pricePerGB)
            && a.gatewayEndpointHourly == b.gatewayEndpointHourly && a.gatewayEndpointPerGB == b.gatewayEndpointPerGB
            && a.natGatewayHourly == b.natGatewayHourly && a.natGatewayPerGB == b.natGatewayPerGB
            && a.crossAZPerGB == b.crossAZPerGB
            && a.transitGatewayAttachmentHourly == b.transitGatewayAttachmentHourly
            && a.transitGatewayPerGB == b.transitGatewayPerGB
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(interfaceEndpointHourly)
        hasher.combine(natGatewayPerGB)
    }
}

extension PriceTable {
    /// What interface endpoints charge for `totalGB` processed in a month in one region: the tiers
    /// are cumulative, so the first 1 PB is billed at the first price, the next 4 PB at the second…
    public func interfaceEndpointDataCost(totalGB: Double) -> Double {
        guard totalGB > 0 else { return 0 }
        var cost = 0.0
        var lower = 0.0
        for tier in interfaceEndpointDataTiers {
            let upper = tier.upToGB ?? .infinity
            let inTier = max(0, min(totalGB, upper) - lower)
            cost += inTier * tier.pricePerGB
            if totalGB <= upper { return cost }
            lower = upper
        }
        // Tiers that all end below the total: the rest pays the last price (a pricing file may omit
        // the open-ended tier).
        return cost + (totalGB - lower) * (interfaceEndpointDataTiers.last?.pricePerGB ?? 0)
    }

    /// One interface endpoint's hours for a month in `azCount` AZs (one ENI per AZ is billed).
    public func interfaceEndpointHourlyMonthly(azCount: Int) -> Double {
        Double(azCount) * interfaceEndpointHourly * hoursPerMonth
    }

    /// One transit gateway attachment's hours for a month.
    public var transitGatewayAttachmentMonthly: Double { transitGatewayAttachmentHourly * hoursPerMonth }

    /// One NAT gateway's hours for a month.
    public var natGatewayHourlyMonthly: Double { natGatewayHourly * hoursPerMonth }

    /// What one GB costs when it crosses AZs: it is billed leaving one AZ and entering the other.
    public var crossAZRoundTripPerGB: Double { 2 * crossAZPerGB }

    /// The names of the fields a pricing file may set (`--pricing`), as JSON output spells them.
    public static let fieldNames: [String] = [
        "name", "currency", "hoursPerMonth", "interfaceEndpointHourly", "interfaceEndpointDataTiers",
        "gatewayEndpointHourly", "gatewayEndpointPerGB", "natGatewayHourly", "natGatewayPerGB", "crossAZPerGB",
        "transitGatewayAttachmentHourly", "transitGatewayPerGB",
    ]
}
