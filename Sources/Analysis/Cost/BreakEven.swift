import Model
/// Where an interface endpoint starts paying for itself against sending the same traffic through NAT.
public enum BreakEven {
    /// GB a month at which the endpoint (hours + its $/GB) costs the same as NAT's $/GB:
    /// `hourlyMonthly / (natPerGB − endpointPerGB)`. 0 when the endpoint costs nothing by the hour;
    /// nil when NAT's $/GB is not above the endpoint's, so the endpoint never catches up.
    public static func gb(hourlyMonthly: Double, natPerGB: Double, endpointPerGB: Double) -> Double? {
        if hourlyMonthly <= 0 { return 0 }
        let saved = natPerGB - endpointPerGB
        guard saved > 0 else { return nil }
        return hourlyMonthly / saved
    }

    /// The break-even of one interface endpoint in `azs` AZs under a price table.
    public static func gb(azs: Int, table: PriceTable) -> Double? {
        gb(hourlyMonthly: table.interfaceEndpointHourlyMonthly(azCount: azs), natPerGB: table.natGatewayPerGB,
           endpointPerGB: table.interfaceEndpointPerGB)
    }

    /// The figure the article gives ("~162 GB"): one AZ's hours divided by NAT's $/GB alone.
    public static func articleFigure(table: PriceTable) -> Double {
        table.natGatewayPerGB > 0 ? table.interfaceEndpointHourlyMonthly(azCount: 1) / table.natGatewayPerGB : 0
    }

    /// Why the article's figure differs from the right one, in one or two sentences the cost view and
    /// `vpcx cost` show: it leaves out the endpoint's own $/GB and counts one AZ.
    public static func articleExplanation(azs: Int, table: PriceTable) -> String {
        let money = { (x: Double) in CostFormat.money(x, currency: table.currency) }
        let perGB = { (x: Double) in CostFormat.money(x, currency: table.currency, decimals: 3) }
        let oneAZ = table.interfaceEndpointHourlyMonthly(azCount: 1)
        let hours = table.interfaceEndpointHourlyMonthly(azCount: azs)
        let saved = table.natGatewayPerGB - table.interfaceEndpointPerGB
        let article = "The article's ~\(CostFormat.number(articleFigure(table: table), decimals: 0)) GB is \(money(oneAZ)) (one AZ) / \(perGB(table.natGatewayPerGB)) (NAT's $/GB): it leaves out the endpoint's own \(perGB(table.interfaceEndpointPerGB))/GB and counts one AZ."
        guard let right = gb(azs: azs, table: table) else {
            return article + " With these prices NAT's $/GB is not above the endpoint's, so the endpoint never breaks even."
        }
        return article + " In \(azs) AZ\(azs == 1 ? "" : "s"): \(money(hours)) / (\(perGB(table.natGatewayPerGB)) - \(perGB(table.interfaceEndpointPerGB))) = \(money(hours)) / \(perGB(saved)) = \(CostFormat.number(right, decimals: 1)) GB/month."
    }
}
