import Model

/// What one endpoint costs a month, and what the same traffic would cost through NAT.
public struct EndpointCost: Hashable, Sendable {
    public var id: String
    public var vpc: String
    /// Short service name (`secretsmanager`).
    public var service: String
    /// `Interface`, `Gateway`, `GatewayLoadBalancer`.
    public var type: String
    /// AZs with an ENI (interface endpoints are billed per AZ); 0 for gateway endpoints.
    public var azs: Int
    /// Those AZs, sorted.
    public var zones: [String]
    public var hourlyMonthly: Double
    /// GB a month this endpoint carries (traffic of the subnets whose path uses it).
    public var dataGB: Double
    public var dataMonthly: Double
    /// GB of that which comes from an AZ without an ENI of the endpoint.
    public var crossAzGB: Double
    public var crossAzMonthly: Double
    /// Hours + data + cross-AZ; with no traffic given, the hourly part alone.
    public var monthly: Double
    /// The same `dataGB` through NAT, per GB (the NAT's own hours are paid either way).
    public var natAlternativeMonthly: Double
    /// GB a month above which the endpoint is cheaper than NAT; 0 when it is cheaper at any traffic,
    /// nil for a gateway endpoint (free: nothing to break even) and when NAT's $/GB is not above the
    /// endpoint's (it never breaks even).
    public var breakEvenGB: Double?
    /// The NAT gateway hours a VPC without NAT would have to add for the NAT alternative (one NAT per
    /// private AZ); 0 when the VPC has a NAT gateway already (its hours are paid either way).
    public var natHoursToAddMonthly: Double = 0
    /// Whether a traffic figure was given for this endpoint's service in its VPC.
    public var trafficGiven: Bool
    /// Where that figure came from (usage file, `--gb`, edited, measured); nil when none was given.
    public var trafficOrigin: Traffic.Origin? = nil
    /// Why traffic skips this endpoint (private DNS off, not available…), nil when it is used.
    public var bypassed: String?
    /// The region whose prices applied.
    public var region: String?
    /// A spec adds this endpoint to the inventory (`vpcx INVENTORY SPEC`): what it will cost, not what it costs.
    public var planned: Bool = false
}

/// One VPC's traffic as the cost report routes it: how it spreads over the AZs, and what carries it.
struct VPCRouting: Equatable, Sendable {
    var azShares: [String: Double] = [:]
    /// GB a month per endpoint ID, and the part of it from AZs without an ENI of the endpoint.
    var endpointGB: [String: Double] = [:]
    var endpointCrossGB: [String: Double] = [:]
    /// GB a month per NAT gateway ID, and per "vpc|service" through NAT.
    var natGB: [String: Double] = [:]
    var natServiceGB: [String: Double] = [:]
    /// "vpc|service" of the services a figure was given for.
    var servicesWithTraffic: Set<String> = []
    var notes: [String] = []
}

/// What one NAT gateway costs a month.
public struct NATGatewayCost: Hashable, Sendable {
    public var id: String
    public var vpc: String
    public var hourlyMonthly: Double
    /// GB a month of services without a usable endpoint that this NAT carries.
    public var dataGB: Double
    public var dataMonthly: Double
    public var monthly: Double
}

/// The saving when every service a VPC's private subnets use has an endpoint and its NAT gateways go.
/// Assumes the private subnets need the internet for nothing else.
public struct NATRemoval: Hashable, Sendable {
    /// Services with traffic (or an endpoint) that have no endpoint yet.
    public var servicesNeedingEndpoint: [String]
    /// Hours of the interface endpoints to add, one ENI in each private-subnet AZ (gateway ones are free).
    public var newEndpointsHourlyMonthly: Double
    /// The VPC's endpoint cost once every service has one and the NATs are gone.
    public var withoutNATMonthly: Double
    /// Today's cost minus `withoutNATMonthly`; negative when NAT is the cheaper design.
    public var savingMonthly: Double
}

/// Costs of one VPC.
public struct VPCCost: Hashable, Sendable {
    public var vpc: String
    public var endpointsMonthly: Double
    public var natGatewaysMonthly: Double
    public var monthly: Double
    /// Σ of its endpoints' NAT alternatives.
    public var natAlternativeMonthly: Double
    /// Nil when the VPC has no NAT gateway.
    public var natRemoval: NATRemoval?
}

/// Costs of everything in the report.
public struct CostTotals: Hashable, Sendable {
    public var endpointsHourlyMonthly: Double = 0
    public var endpointsDataMonthly: Double = 0
    public var crossAzMonthly: Double = 0
    public var endpointsMonthly: Double = 0
    public var natGatewaysHourlyMonthly: Double = 0
    public var natGatewaysDataMonthly: Double = 0
    public var natGatewaysMonthly: Double = 0
    /// Endpoints + NAT gateways.
    public var monthly: Double = 0
    /// Σ of the endpoints' NAT alternatives.
    public var natAlternativeMonthly: Double = 0
    /// Σ of the VPCs' NAT-removal savings.
    public var natRemovalSavingMonthly: Double = 0
}

/// The single-AZ against multi-AZ question (the article's dev/prod strategy): the same endpoint(s)
/// with one ENI only.
public struct SingleAZAlternative: Hashable, Sendable {
    /// The AZ kept: the one most of the traffic comes from.
    public var keptAZ: String?
    /// Hours no longer paid.
    public var hourlySavingMonthly: Double
    /// Cross-AZ transfer the other AZs' traffic now pays, above what it pays today.
    public var addedCrossAzMonthly: Double
    /// The hours of the one ENI left.
    public var hourlyMonthly: Double = 0
    /// The share of the traffic from AZs other than the kept one: each of its GB pays cross-AZ both ways.
    public var crossAZShare: Double = 0
    /// added cross-AZ − hourly saving: negative is a saving.
    public var monthlyDelta: Double { addedCrossAzMonthly - hourlySavingMonthly }
}

/// Which prices priced a region, and whether they are someone else's.
public struct PriceNote: Hashable, Sendable {
    /// `built-in us-east-1 list prices, eu-west-1` or the warning when those stand in for another region.
    public var text: String
    /// True when the us-east-1 list prices stand in for a region no pricing file gave.
    public var standIn: Bool
    /// The same in a few words, for a narrow panel: the warning's point comes first.
    public var short: String
}

/// The cost of a network's endpoints and NAT gateways for given traffic and prices.
///
/// Assumptions, stated because the bill depends on them: a VPC's traffic to a service comes from its
/// private subnets, spread evenly over their AZs (and evenly over the private subnets of an AZ); each
/// subnet's share takes the path DESIGN.md describes (gateway endpoint on its route table, else a
/// usable interface endpoint, else its NAT gateway). A GB from an AZ without an ENI of the endpoint
/// pays cross-AZ transfer out and in. Interface endpoint data tiers are summed per region and each
/// endpoint is charged the region's average rate.
public struct CostReport: Equatable, Sendable {
    public var pricing: PricingBook
    /// The network's region (the first source's), whose table the report names.
    public var region: String?
    public var priceTable: PriceTable
    public var endpoints: [EndpointCost]
    public var natGateways: [NATGatewayCost]
    public var vpcs: [VPCCost]
    public var totals: CostTotals
    /// Whether any traffic was given.
    public var trafficGiven: Bool
    /// Where the figures came from (usage file, `--gb`, edited, measured).
    public var trafficOrigins: Set<Traffic.Origin> = []
    /// What the traffic says to do: services through NAT an endpoint would carry for less, and
    /// interface endpoints below their break-even.
    public var advice: [String] = []
    /// Traffic that no path carries (no endpoint, no NAT), and figures for unknown VPCs.
    public var notes: [String]
    /// VPC → AZ → the share of its traffic from that AZ.
    public var azShares: [String: [String: Double]]
    /// Each VPC's traffic as routed, and the VPCs in the order they were: what `updating` keeps of
    /// the VPCs a what-if did not change.
    var routing: [String: VPCRouting] = [:]
    var routingOrder: [String] = []
    /// Region → the average interface endpoint data rate its tiers came to (regions with traffic).
    var dataRates: [String: Double] = [:]

    public var currency: String { priceTable.currency }
    public var hoursPerMonth: Double { priceTable.hoursPerMonth }

    public init(inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn) {
        self = CostCalculator(inventory: inventory, traffic: traffic, pricing: pricing).report()
    }

    init(pricing: PricingBook, region: String?, endpoints: [EndpointCost], natGateways: [NATGatewayCost], vpcs: [VPCCost],
         totals: CostTotals, trafficGiven: Bool, notes: [String], azShares: [String: [String: Double]]) {
        self.pricing = pricing
        self.region = region
        self.priceTable = pricing.table(for: region)
        self.endpoints = endpoints
        self.natGateways = natGateways
        self.vpcs = vpcs
        self.totals = totals
        self.trafficGiven = trafficGiven
        self.notes = notes
        self.azShares = azShares
    }

    /// The report of `inventory`, from this report of a network that differs from it only in the
    /// resources of `changed` (a what-if's VPCs), for the same traffic and prices: the other VPCs'
    /// routing and lines are kept, the regions' data tiers and the totals are summed again. The report
    /// `CostReport(inventory:traffic:pricing:)` makes.
    public func updating(_ changed: Set<String>, in inventory: Inventory, traffic: Traffic) -> CostReport {
        CostCalculator(inventory: inventory, traffic: traffic, pricing: pricing).report(reusing: self, changed: changed)
    }

    /// An endpoint's line by ID.
    public func endpoint(_ id: String) -> EndpointCost? { endpoints.first { $0.id == id } }

    /// A VPC's totals by ID.
    public func vpc(_ id: String) -> VPCCost? { vpcs.first { $0.vpc == id } }

    /// What this report costs a month more (positive) or less than `other` (a what-if's before).
    public func monthlyDelta(from other: CostReport) -> Double { totals.monthly - other.totals.monthly }

    /// The same endpoint in one AZ only: hours saved and the cross-AZ transfer it brings.
    /// Nil for gateway endpoints and endpoints already in one AZ or fewer.
    public func singleAZAlternative(forEndpoint id: String) -> SingleAZAlternative? {
        guard let line = endpoint(id), line.type != VPCEndpoint.Kind.gateway.rawValue, line.azs > 1 else { return nil }
        let table = pricing.table(for: line.region)
        let shares = azShares[line.vpc] ?? [:]
        // Keep the AZ most traffic comes from; ties go to the first in name order.
        let kept = line.zones.max { a, b in
            let sa = shares[a] ?? 0, sb = shares[b] ?? 0
            return sa != sb ? sa < sb : a > b
        }
        let hourlySaving = table.interfaceEndpointHourlyMonthly(azCount: line.azs - 1)
        let keptShare = kept.flatMap { shares[$0] } ?? (shares.isEmpty ? 1 : 0)
        let crossAfter = line.dataGB * (1 - keptShare) * table.crossAZRoundTripPerGB
        return SingleAZAlternative(keptAZ: kept, hourlySavingMonthly: hourlySaving,
                                   addedCrossAzMonthly: max(0, crossAfter - line.crossAzMonthly),
                                   hourlyMonthly: table.interfaceEndpointHourlyMonthly(azCount: 1), crossAZShare: 1 - keptShare)
    }

    /// Which prices a region's costs use, with a plain warning when the built-in us-east-1 list
    /// prices stand in for another region (its real prices differ; a `--pricing` file gives them).
    public func priceNote(for region: String?) -> PriceNote {
        let table = pricing.table(for: region)
        let own = region.map { pricing.regions[$0] != nil } ?? false
        if !own, table == PriceTable.listPrices, let region, region != "us-east-1" {
            return PriceNote(text: "us-east-1 list prices stand in for \(region); its own prices differ (give them with --pricing FILE)",
                             standIn: true, short: "us-east-1 prices stand in for \(region)")
        }
        let text = "\(table.name), \(region ?? "unknown region")"
        return PriceNote(text: text, standIn: false, short: text)
    }

    /// Every interface endpoint of a VPC in one AZ: the sum of their alternatives.
    public func singleAZAlternative(forVPC vpcID: String) -> SingleAZAlternative? {
        let alternatives = endpoints.filter { $0.vpc == vpcID }.compactMap { singleAZAlternative(forEndpoint: $0.id) }
        guard !alternatives.isEmpty else { return nil }
        return SingleAZAlternative(keptAZ: alternatives.first?.keptAZ,
                                   hourlySavingMonthly: alternatives.reduce(0) { $0 + $1.hourlySavingMonthly },
                                   addedCrossAzMonthly: alternatives.reduce(0) { $0 + $1.addedCrossAzMonthly })
    }
}
