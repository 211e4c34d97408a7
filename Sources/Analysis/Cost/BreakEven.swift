import Model
/// Where an interface endpoint starts paying for itself against sending the same traffic through NAT.
public enum BreakEven {
    /// GB a month at which the endpoint (hours + its $/GB) costs the same as NAT's $/GB:
    /// `hourlyMonthly / (natPerGB − endpointPerGB)`. 0 when the endpoint costs nothing by the hour;
    /// nil when NAT's $/GB is not above the endpoint's, so the endpoint never catches up.
    /// `natHourlyMonthly` is what the NAT alternative adds by the hour (a VPC without NAT must add
    /// one): it comes off the endpoint's hours, and the result is 0 when the endpoint wins at any traffic.
    public static func gb(hourlyMonthly: Double, natPerGB: Double, endpointPerGB: Double, natHourlyMonthly: Double = 0) -> Double? {
        let fixed = hourlyMonthly - natHourlyMonthly
        if fixed <= 0 { return 0 }
        let saved = natPerGB - endpointPerGB
        guard saved > 0 else { return nil }
        return fixed / saved
    }

    /// The break-even of one interface endpoint in `azs` AZs under a price table.
    public static func gb(azs: Int, table: PriceTable) -> Double? {
        gb(hourlyMonthly: table.interfaceEndpointHourlyMonthly(azCount: azs), natPerGB: table.natGatewayPerGB,
           endpointPerGB: table.interfaceEndpointPerGB)
    }

    /// The naive figure ("~162 GB" at list prices): one AZ's hours divided by NAT's $/GB alone.
    public static func naiveFigure(table: PriceTable) -> Double {
        table.natGatewayPerGB > 0 ? table.interfaceEndpointHourlyMonthly(azCount: 1) / table.natGatewayPerGB : 0
    }

    /// How the break-even is worked out and what the naive figure (one AZ's hours over NAT's $/GB)
    /// leaves out, in one or two sentences the cost view and `vpcx cost` show.
    public static func explanation(azs: Int, table: PriceTable) -> String {
        let money = { (x: Double) in CostFormat.money(x, currency: table.currency) }
        let perGB = { (x: Double) in CostFormat.money(x, currency: table.currency, decimals: 3) }
        let oneAZ = table.interfaceEndpointHourlyMonthly(azCount: 1)
        let hours = table.interfaceEndpointHourlyMonthly(azCount: azs)
        let saved = table.natGatewayPerGB - table.interfaceEndpointPerGB
        let naive = "The naive ~\(CostFormat.number(naiveFigure(table: table), decimals: 0)) GB (\(money(oneAZ)) of one AZ's hours / NAT's \(perGB(table.natGatewayPerGB))/GB) leaves out the endpoint's own \(perGB(table.interfaceEndpointPerGB))/GB and the hours of every other AZ."
        guard let right = gb(azs: azs, table: table) else {
            return naive + " With these prices NAT's $/GB is not above the endpoint's, so the endpoint never breaks even."
        }
        return naive + " In \(azs) AZ\(azs == 1 ? "" : "s"): \(money(hours)) / (\(perGB(table.natGatewayPerGB)) - \(perGB(table.interfaceEndpointPerGB))) = \(money(hours)) / \(perGB(saved)) = \(CostFormat.number(right, decimals: 1)) GB/month."
    }
}
