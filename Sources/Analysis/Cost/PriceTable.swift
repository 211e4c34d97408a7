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

    /// us-east-1 list prices: $0.01 per AZ-hour and $0.01/GB (first PB), $0.006 (next 4 PB),
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
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(interfaceEndpointHourly)
        hasher.combine(natGatewayPerGB)
    }
}
