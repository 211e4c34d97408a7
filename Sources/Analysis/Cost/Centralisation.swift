import JSONText
import Model

/// The centralisation question for one region: interface endpoints in every VPC, or the same endpoints
/// once in a hub VPC that every VPC reaches through a transit gateway (one attachment each, and the
/// transit gateway's data processing on every GB). Endpoint-hours grow with VPCs × services × AZs;
/// the hub trades them for attachment-hours and $/GB, so it wins above some number of VPCs and below
/// some traffic.
public struct Centralisation: Hashable, Sendable {
    public var region: String
    /// VPCs of the region (the hub among them: it pays an attachment too).
    public var vpcCount: Int
    /// The services that have an interface endpoint somewhere in the region, sorted.
    public var services: [String]
    /// AZs each endpoint is in (the most any endpoint of the region has: what a full deployment needs).
    public var azs: Int
    /// GB a month through the endpoints (the `--gb` traffic of the region); nil when none was given.
    public var trafficGB: Double?
    /// What the region's interface endpoints cost in hours today, as they are.
    public var todayHourlyMonthly: Double
    /// One VPC's share of endpoint-hours with every service in every AZ (what the hub pays once).
    public var perVPCHourlyMonthly: Double
    /// Endpoint data processing on the traffic: the same whichever VPC the endpoints are in.
    public var endpointDataMonthly: Double
    /// Every service's endpoint in every VPC: hours, plus endpoint data processing.
    public var everyVPCMonthly: Double
    /// The hub's endpoints (hours) plus endpoint data processing.
    public var hubEndpointsMonthly: Double
    /// One attachment per VPC.
    public var attachmentsMonthly: Double
    /// The transit gateway's $/GB on the traffic.
    public var transitDataMonthly: Double
    public var centralisedMonthly: Double { hubEndpointsMonthly + attachmentsMonthly + transitDataMonthly }
    /// Positive: the hub saves this much a month.
    public var savingMonthly: Double { everyVPCMonthly - centralisedMonthly }
    /// The fewest VPCs for which the hub is cheaper at this traffic; nil when it never is (an attachment
    /// costs more than a VPC's endpoints).
    public var breakEvenVPCs: Int?
    /// The most GB a month for which the hub is cheaper with these VPCs; nil when it is not cheaper even at 0 GB.
    public var breakEvenGB: Double?
    /// VPCs already attached to a transit gateway (their attachment is paid whatever the endpoints).
    public var alreadyAttached: Int
    /// What the answer assumes, one line each.
    public var notes: [String]
}

/// Works out `Centralisation` for each region of an inventory.
public enum CentralisationModel {
    /// One answer per region with interface endpoints, in region order.
    public static func regions(_ inventory: Inventory, traffic: Traffic = Traffic(), pricing: PricingBook = .builtIn) -> [Centralisation] {
        var vpcsByRegion: [String: [VPC]] = [:]
        for vpc in inventory.vpcs { vpcsByRegion[vpc.region ?? inventory.region ?? "REGION", default: []].append(vpc) }
        return vpcsByRegion.keys.sorted().compactMap { region in
            model(region, vpcs: vpcsByRegion[region] ?? [], inventory: inventory, traffic: traffic, prices: pricing.table(for: region))
        }
    }

    /// The answer for one region's VPCs; nil when they have no interface endpoint (nothing to centralise).
    public static func model(_ region: String, vpcs: [VPC], inventory: Inventory, traffic: Traffic, prices: PriceTable) -> Centralisation? {
        let ids = Set(vpcs.map(\.id))
        let endpoints = inventory.endpoints.filter { ids.contains($0.vpcID) && $0.kind == .interface && !["deleted", "deleting"].contains($0.state) }
        guard !endpoints.isEmpty else { return nil }
        let services = Set(endpoints.map(\.service)).sorted()
        let zones = endpoints.map { max(1, inventory.availabilityZones(of: $0).count) }
        let azs = zones.max() ?? 1
        let today = zip(endpoints, zones).reduce(0.0) { $0 + prices.interfaceEndpointHourlyMonthly(azCount: $1.1) }
        var gb: Double?
        for vpc in vpcs {
            for service in services {
                if let value = traffic.gb(for: service, in: vpc) { gb = (gb ?? 0) + value }
            }
        }
        let n = Double(vpcs.count)
        let perVPC = Double(services.count) * prices.interfaceEndpointHourlyMonthly(azCount: azs)
        let attachment = prices.transitGatewayAttachmentMonthly
        let data = gb ?? 0
        let endpointData = prices.interfaceEndpointDataCost(totalGB: data)
        let everyVPC = n * perVPC + endpointData
        let hub = perVPC + endpointData
        let attachments = n * attachment
        let transit = data * prices.transitGatewayPerGB
        // Hub cheaper when n·E > E + n·a + T·t, i.e. n > (E + T·t) / (E − a).
        var breakEvenVPCs: Int?
        if perVPC > attachment {
            breakEvenVPCs = Int(((perVPC + data * prices.transitGatewayPerGB) / (perVPC - attachment)).rounded(.down)) + 1
        }
        // And T < ((n − 1)·E − n·a) / t.
        var breakEvenGB: Double?
        let headroom = (n - 1) * perVPC - n * attachment
        if headroom > 0 && prices.transitGatewayPerGB > 0 { breakEvenGB = headroom / prices.transitGatewayPerGB }
        let attached = vpcs.filter { !inventory.interconnect.attachments(of: $0.id).isEmpty }.count
        var notes = [
            "\(services.count) service\(services.count == 1 ? "" : "s") × \(azs) AZ\(azs == 1 ? "" : "s") per VPC at \(CostFormat.money(prices.interfaceEndpointHourly, decimals: 3))/AZ-hour; attachments \(CostFormat.money(prices.transitGatewayAttachmentHourly))/hour, transit gateway data \(PerGB.text(prices.transitGatewayPerGB))",
        ]
        if gb == nil { notes.append("no traffic given (--gb SERVICE=GB): data costs counted as 0; the break-even GB says how much traffic the hub can carry before it costs more") }
        if attached > 0 { notes.append("\(attached) of \(vpcs.count) VPCs already have a transit gateway attachment: that part of the hub's cost is paid today") }
        if !inventory.knows(.vpcEndpoints) { notes.append(ResourceKind.vpcEndpoints.notLoaded) }
        notes.append("gateway endpoints (S3, DynamoDB) stay in every VPC: they are free and cannot be reached through a transit gateway")
        return Centralisation(region: region, vpcCount: vpcs.count, services: services, azs: azs, trafficGB: gb,
                              todayHourlyMonthly: today, perVPCHourlyMonthly: perVPC, endpointDataMonthly: endpointData,
                              everyVPCMonthly: everyVPC, hubEndpointsMonthly: hub,
                              attachmentsMonthly: attachments, transitDataMonthly: transit, breakEvenVPCs: breakEvenVPCs,
                              breakEvenGB: breakEvenGB, alreadyAttached: attached, notes: notes)
    }
}

extension Centralisation {
    /// The answer in `vpcx cost --format json`: every figure, nil (null) where there is none.
    public func json(clean: @escaping (String) -> String = { $0 }) -> JSONValue {
        let n = { (x: Double) in JSONValue.number(CostFormat.plain(x)) }
        return .object([
            ("region", .string(clean(region))), ("vpcs", .number(String(vpcCount))),
            ("services", .array(services.map { .string(clean($0)) })), ("azs", .number(String(azs))),
            ("trafficGB", trafficGB.map(n) ?? .null),
            ("todayHourlyMonthly", n(todayHourlyMonthly)), ("everyVPCMonthly", n(everyVPCMonthly)),
            ("hubEndpointsMonthly", n(hubEndpointsMonthly)), ("attachmentsMonthly", n(attachmentsMonthly)),
            // No traffic given: the TGW's data is not priced, which is not the same as free.
            ("transitDataMonthly", trafficGB == nil ? .null : n(transitDataMonthly)),
            ("centralisedMonthly", n(centralisedMonthly)), ("savingMonthly", n(savingMonthly)),
            ("breakEvenVPCs", breakEvenVPCs.map { .number(String($0)) } ?? .null),
            ("breakEvenGB", breakEvenGB.map(n) ?? .null),
            ("alreadyAttached", .number(String(alreadyAttached))),
            ("notes", .array(notes.map { .string(clean($0)) })),
        ])
    }

    /// The answer as lines of text, for the Detail panel's "Centralise?" section; the verdict line starts
    /// with vpcx's arrow (`  -> the hub saves ...`).
    public var lines: [ComposedText] {
        var out: [ComposedText] = []
        out.append("centralise? \(region): \(vpcCount) VPC\(vpcCount == 1 ? "" : "s"), \(services.count) interface endpoint service\(services.count == 1 ? "" : "s") (\(services.joined(separator: ", ")))")
        out.append("  today (endpoint-hours as deployed)   \(CostFormat.money(todayHourlyMonthly))/month")
        out.append("  in every VPC                         \(CostFormat.money(everyVPCMonthly))/month")
        out.append("  one hub + transit gateway            \(CostFormat.money(centralisedMonthly))/month"
                   + " (endpoints \(CostFormat.money(hubEndpointsMonthly)), attachments \(CostFormat.money(attachmentsMonthly)), TGW data \(trafficGB == nil ? "not priced: no traffic given" : CostFormat.money(transitDataMonthly)))")
        let verdict = savingMonthly > 0
            ? "the hub saves \(CostFormat.money(savingMonthly))/month"
            : "endpoints in every VPC are cheaper by \(CostFormat.money(-savingMonthly))/month"
        out.append("  -> \(verdict)")
        out.append(ComposedText(verbatim: "  break-even: " + (breakEvenVPCs.map { "\($0) VPCs" } ?? "never (an attachment costs more than a VPC's endpoints)")
                   + "; " + (breakEvenGB.map { "up to \(CostFormat.number($0, decimals: 0)) GB/month with \(vpcCount) VPCs" } ?? "no traffic level makes the hub cheaper with \(vpcCount) VPCs")))
        for note in notes { out.append("  note: \(note)") }
        return out
    }
}
