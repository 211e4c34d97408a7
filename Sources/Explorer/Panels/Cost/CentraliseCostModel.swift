import Analysis
import Canvas
import Model

extension CostPanelModel {
    /// The Cost panel on a region or an account: the region's centralise? answer. Its interface endpoints
    /// in every VPC against the same endpoints once in a hub VPC that every VPC reaches through a transit
    /// gateway, at the session's traffic and prices, with the break-even in VPCs and in GB. The chart
    /// draws both as monthly cost against GB a month: every VPC starts higher (endpoint-hours × VPCs)
    /// and the hub climbs faster (the transit gateway's $/GB on top of the endpoints').
    static func centralise(_ answer: Centralisation, prices: PriceTable, priceNote: PriceNote) -> CostPanelModel {
        let money = { (x: Double) in CostFormat.money(x, currency: prices.currency) }
        let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
        var rows: [Row] = [
            Row("VPCs in the region", "\(answer.vpcCount)" + (answer.alreadyAttached > 0 ? " (\(answer.alreadyAttached) TGW-attached)" : "")),
            Row("Interface endpoint services", "\(answer.services.count) × \(plural(answer.azs, "AZ"))"),
            Row("Traffic to interface endpoints",
                answer.trafficGB.map { "\(CostFormat.number($0, decimals: 1)) GB/month" } ?? "not given (e on a VPC)",
                role: answer.trafficGB == nil ? .unknown : .value),
            Row("Today, as deployed (hours)", "\(money(answer.todayHourlyMonthly))/month", role: .dim),
            Row("Endpoints in every VPC", "\(money(answer.everyVPCMonthly))/month", role: .pathEndpoint),
            Row("One hub + transit gateway", "\(money(answer.centralisedMonthly))/month", role: .whatIf, bold: true),
            Row("  hub endpoints", money(answer.hubEndpointsMonthly)),
            Row("  \(plural(answer.vpcCount, "attachment"))", money(answer.attachmentsMonthly)),
            Row("  TGW data", answer.trafficGB == nil ? "not priced: no traffic" : money(answer.transitDataMonthly),
                role: answer.trafficGB == nil ? .unknown : .value),
        ]
        rows.append(answer.savingMonthly > 0
            ? Row("Centralise", "saves \(money(answer.savingMonthly))/month", role: .costSaving, bold: true)
            : Row("Keep endpoints in each VPC", "hub costs \(money(-answer.savingMonthly))/month more", role: .costExpense, bold: true))
        rows.append(Row("Break-even VPCs", answer.breakEvenVPCs.map { "\($0) or more" } ?? "never"))
        rows.append(Row("Hub cheaper up to", answer.breakEvenGB.map { "\(CostFormat.number($0, decimals: 0)) GB/month" } ?? "no traffic level"))
        var chart = Chart(endpointFixed: answer.perVPCHourlyMonthly * Double(answer.vpcCount), endpointPerGB: prices.interfaceEndpointPerGB,
                          natPerGB: prices.interfaceEndpointPerGB + prices.transitGatewayPerGB, breakEvenGB: answer.breakEvenGB,
                          natFixed: answer.perVPCHourlyMonthly + answer.attachmentsMonthly)
        chart.endpointName = "every VPC"
        chart.natName = "hub + TGW"
        chart.natRole = .whatIf
        return CostPanelModel(title: "Centralise? \(answer.region): \(plural(answer.vpcCount, "VPC"))", priceNote: priceNote.short,
                              priceWarning: priceNote.standIn, rows: rows, chart: chart, trafficGB: answer.trafficGB ?? 0,
                              currency: prices.currency, explanation: answer.notes.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: ". ") + ".")
    }
}

extension AppState {
    /// The selected region's (or the selected account's region's) centralise? answer at the session's
    /// traffic and prices; nil elsewhere, or where the region has one VPC or no interface endpoint.
    var selectedRegionCentralisation: Centralisation? {
        let region: String
        switch selectedID {
        case .region(let r)?, .account(_, let r)?: region = r
        default: return nil
        }
        let vpcs = inventory.vpcs.filter { ($0.region ?? NavigatorTree.unknownRegion) == region }
        guard vpcs.count > 1 else { return nil }
        return CentralisationModel.model(region, vpcs: vpcs, inventory: inventory, traffic: traffic, prices: pricing.table(for: region))
    }
}
