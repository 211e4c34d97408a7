import JSONText
import Model

/// The `vpcx cost` outputs. `clean` makes inventory text safe to print (the command passes Canvas's
/// `TextWidth.sanitize`; Analysis does not import Canvas).
extension CostReport {
    /// The CSV header, one column per endpoint field of the JSON output.
    public static let csvColumns = ["id", "vpc", "service", "type", "azs", "hourlyMonthly", "dataGB", "dataMonthly",
                                    "crossAzMonthly", "monthly", "natAlternativeMonthly", "breakEvenGB"]

    /// `{"region","currency","hoursPerMonth","priceTable","endpoints","natGateways","totals"}`.
    ///
    /// `totals` holds `endpointsHourlyMonthly`, `endpointsDataMonthly`, `crossAzMonthly`,
    /// `endpointsMonthly`, `natGatewaysHourlyMonthly`, `natGatewaysDataMonthly`, `natGatewaysMonthly`,
    /// `monthly` (endpoints + NAT), `natAlternativeMonthly` (every endpoint's traffic via NAT per GB),
    /// `natRemovalSavingMonthly` (Σ over VPCs of the saving when every used service has an endpoint
    /// and the NATs go), and `byVPC`: per VPC `vpc`, `endpointsMonthly`, `natGatewaysMonthly`,
    /// `monthly`, `natAlternativeMonthly`, `natRemoval` (null without NAT gateways, else
    /// `servicesNeedingEndpoint`, `newEndpointsHourlyMonthly`, `withoutNATMonthly`, `savingMonthly`).
    public func json(clean: @escaping (String) -> String = { $0 }) -> JSONValue {
        let n = { (x: Double) in JSONValue.number(CostFormat.plain(x)) }
        let s = { (x: String) in JSONValue.string(clean(x)) }
        let endpointsJSON: [JSONValue] = endpoints.map { e in
            .object([
                ("id", s(e.id)), ("vpc", s(e.vpc)), ("service", s(e.service)), ("type", s(e.type)),
                ("azs", .number(String(e.azs))), ("hourlyMonthly", n(e.hourlyMonthly)), ("dataGB", n(e.dataGB)),
                ("dataMonthly", n(e.dataMonthly)), ("crossAzMonthly", n(e.crossAzMonthly)), ("monthly", n(e.monthly)),
                ("natAlternativeMonthly", n(e.natAlternativeMonthly)),
                ("breakEvenGB", e.breakEvenGB.map(n) ?? .null),
            ] + (e.trafficOrigin.map { [("trafficFrom", s($0.rawValue))] } ?? []) + (e.planned ? [("planned", .bool(true))] : []))
        }
        let natJSON: [JSONValue] = natGateways.map { g in
            .object([
                ("id", s(g.id)), ("vpc", s(g.vpc)), ("hourlyMonthly", n(g.hourlyMonthly)), ("dataGB", n(g.dataGB)),
                ("dataMonthly", n(g.dataMonthly)), ("monthly", n(g.monthly)),
            ])
        }
        let byVPC: [JSONValue] = vpcs.map { v in
            let removal: JSONValue = v.natRemoval.map { r in
                .object([
                    ("servicesNeedingEndpoint", .array(r.servicesNeedingEndpoint.map(s))),
                    ("newEndpointsHourlyMonthly", n(r.newEndpointsHourlyMonthly)),
                    ("withoutNATMonthly", n(r.withoutNATMonthly)), ("savingMonthly", n(r.savingMonthly)),
                ])
            } ?? .null
            return .object([
                ("vpc", s(v.vpc)), ("endpointsMonthly", n(v.endpointsMonthly)), ("natGatewaysMonthly", n(v.natGatewaysMonthly)),
                ("monthly", n(v.monthly)), ("natAlternativeMonthly", n(v.natAlternativeMonthly)), ("natRemoval", removal),
            ])
        }
        let t = totals
        return .object([
            ("region", region.map(s) ?? .null),
            ("currency", s(currency)),
            ("hoursPerMonth", n(hoursPerMonth)),
            ("priceTable", priceTable.json(source: pricing.source, clean: clean)),
            ("endpoints", .array(endpointsJSON)),
            ("natGateways", .array(natJSON)),
            ("totals", .object([
                ("endpointsHourlyMonthly", n(t.endpointsHourlyMonthly)), ("endpointsDataMonthly", n(t.endpointsDataMonthly)),
                ("crossAzMonthly", n(t.crossAzMonthly)), ("endpointsMonthly", n(t.endpointsMonthly)),
                ("natGatewaysHourlyMonthly", n(t.natGatewaysHourlyMonthly)), ("natGatewaysDataMonthly", n(t.natGatewaysDataMonthly)),
                ("natGatewaysMonthly", n(t.natGatewaysMonthly)), ("monthly", n(t.monthly)),
                ("natAlternativeMonthly", n(t.natAlternativeMonthly)), ("natRemovalSavingMonthly", n(t.natRemovalSavingMonthly)),
                ("byVPC", .array(byVPC)),
            ])),
        ])
    }

    /// One row per endpoint, with `csvColumns` as header; fields quoted where CSV needs it.
    public func csv(clean: @escaping (String) -> String = { $0 }) -> String {
        var lines = [CostReport.csvColumns.joined(separator: ",")]
        for e in endpoints {
            let fields = [CostReport.csvText(clean(e.id)), CostReport.csvText(clean(e.vpc)), CostReport.csvText(clean(e.service)),
                          CostReport.csvText(e.type), String(e.azs), CostFormat.plain(e.hourlyMonthly),
                          CostFormat.plain(e.dataGB), CostFormat.plain(e.dataMonthly), CostFormat.plain(e.crossAzMonthly),
                          CostFormat.plain(e.monthly), CostFormat.plain(e.natAlternativeMonthly),
                          e.breakEvenGB.map(CostFormat.plain) ?? ""]
            lines.append(fields.map(CostReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A text cell from the inventory, neutralised as OWASP recommends for CSV injection: a cell
    /// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be a formula in a
    /// spreadsheet, so it gets a leading `'`. (Number cells are vpcx's own and stay as they are.)
    static func csvText(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `the usage file and --gb`: where the figures came from, in the order `Traffic.Origin` lists them.
    var trafficSourcesText: String {
        let names = Traffic.Origin.allCases.filter(trafficOrigins.contains).map { origin -> String in
            switch origin {
            case .usageFile: return "the usage file"
            case .flag: return "--gb"
            case .edited: return "edited figures"
            case .measured: return "flow logs (measured)"
            }
        }
        return names.isEmpty ? "--gb" : names.joined(separator: " and ")
    }

    /// The human report: which prices and region, then per VPC its endpoints and NAT gateways, totals,
    /// the NAT-removal saving and the break-even explanation.
    public func text(inventory: Inventory, clean: @escaping (String) -> String = { $0 }) -> String {
        let money = { (x: Double) in CostFormat.money(x, currency: self.currency) }
        var out: [String] = []
        out.append("Prices: \(clean(priceTable.name)) (\(currency), \(CostFormat.plain(hoursPerMonth)) hours a month), region \(clean(region ?? "unknown"))")
        let note = priceNote(for: region)
        if note.standIn { out.append("warning: \(clean(note.text))") }
        if pricing.source != "built-in" { out.append("Pricing file: \(clean(pricing.source))") }
        out.append(trafficGiven ? "Traffic: from \(trafficSourcesText), spread evenly over each VPC's private-subnet AZs unless it says which AZ or subnet"
                                : "Traffic: none given, so endpoint costs are the hourly part alone (add --usage FILE or --gb SERVICE=GB)")
        let header = ["ENDPOINT", "SERVICE", "TYPE", "AZS", "HOURS", "GB", "DATA", "CROSS-AZ", "MONTHLY", "VIA NAT", "BREAK-EVEN GB", "VERDICT"]
        for vpc in vpcs {
            out.append("")
            let name = inventory.vpc(vpc.vpc)?.name.map { " (\(clean($0)))" } ?? ""
            out.append("VPC \(clean(vpc.vpc))\(name)")
            var rows = [header]
            for e in endpoints where e.vpc == vpc.vpc {
                rows.append([clean(e.id) + (e.planned ? " (planned)" : ""), clean(e.service), e.type, e.type == "Gateway" ? "-" : String(e.azs), money(e.hourlyMonthly),
                             e.trafficGiven || e.dataGB > 0 ? CostFormat.number(e.dataGB, decimals: 1) : "not set", money(e.dataMonthly), money(e.crossAzMonthly), money(e.monthly),
                             money(e.natAlternativeMonthly + e.natHoursToAddMonthly),
                             e.type == "Gateway" ? "-" : (e.breakEvenGB.map { CostFormat.number($0, decimals: 1) } ?? "never"),
                             e.verdict(currency: currency)])
            }
            let mine = endpoints.filter { $0.vpc == vpc.vpc }
            if !mine.isEmpty {
                rows.append(["Total", "", "", "", money(mine.reduce(0) { $0 + $1.hourlyMonthly }), "", money(mine.reduce(0) { $0 + $1.dataMonthly }),
                             money(mine.reduce(0) { $0 + $1.crossAzMonthly }), money(vpc.endpointsMonthly),
                             money(mine.reduce(0) { $0 + $1.natAlternativeMonthly + $1.natHoursToAddMonthly }), "", ""])
            }
            if rows.count > 1 { out += CostReport.table(rows, rightAligned: [3, 4, 5, 6, 7, 8, 9, 10]).map { "  " + $0 } }
            if mine.contains(where: { $0.natHoursToAddMonthly > 0 }) {
                out.append("  VIA NAT includes the NAT gateway hours this VPC would have to add (it has no NAT gateway).")
            }
            if !mine.isEmpty {
                out.append("")
                out += CostReport.chart(mine, currency: currency, money: money, clean: clean).map { "  " + $0 }
            }
            for e in endpoints where e.vpc == vpc.vpc {
                if let why = e.bypassed { out.append("  note: \(clean(e.id)) \(clean(e.service)) is bypassed: \(clean(why))") }
            }
            let nats = natGateways.filter { $0.vpc == vpc.vpc }
            if !nats.isEmpty {
                var natRows = [["NAT GATEWAY", "HOURS", "GB", "DATA", "MONTHLY"]]
                for g in nats {
                    natRows.append([clean(g.id), money(g.hourlyMonthly), CostFormat.number(g.dataGB, decimals: 1), money(g.dataMonthly), money(g.monthly)])
                }
                out += CostReport.table(natRows, rightAligned: [1, 2, 3, 4]).map { "  " + $0 }
            }
            out.append("  Total: endpoints \(money(vpc.endpointsMonthly)) + NAT gateways \(money(vpc.natGatewaysMonthly)) = \(money(vpc.monthly))/month")
            if let removal = vpc.natRemoval {
                let adding = removal.servicesNeedingEndpoint.isEmpty ? "with the endpoints it has"
                    : "adding endpoints for \(removal.servicesNeedingEndpoint.map(clean).joined(separator: ", "))"
                let verdict = removal.savingMonthly >= 0 ? "saves \(money(removal.savingMonthly))/month"
                    : "costs \(money(-removal.savingMonthly))/month more"
                out.append("  Remove the NAT gateways (\(adding)): \(money(removal.withoutNATMonthly))/month, \(verdict)")
            }
        }
        out.append("")
        out.append("All VPCs: endpoints \(money(totals.endpointsMonthly)) (hours \(money(totals.endpointsHourlyMonthly)), data \(money(totals.endpointsDataMonthly)), cross-AZ \(money(totals.crossAzMonthly))) + NAT gateways \(money(totals.natGatewaysMonthly)) = \(money(totals.monthly))/month")
        let azCounts = endpoints.filter { $0.type != "Gateway" && $0.azs > 0 }.map(\.azs)
        if let typical = azCounts.max() {
            out.append("Break-even: \(BreakEven.explanation(azs: typical, table: priceTable))")
        }
        if !advice.isEmpty {
            out.append("")
            out.append(trafficOrigins == [.measured] ? "From the measured traffic:" : "From the traffic:")
            for line in advice { out.append("  " + clean(line)) }
        }
        for note in notes { out.append("note: \(clean(note))") }
        return out.joined(separator: "\n") + "\n"
    }

    /// A text chart, one pair of bars per endpoint: what it costs a month (`#`) against the same
    /// traffic through NAT (`=`), on one scale, so the cheaper side shows at a glance. ASCII, so
    /// it survives any terminal, pipe or ticket.
    static func chart(_ lines: [EndpointCost], currency: String, money: (Double) -> String, clean: (String) -> String, width: Int = 40) -> [String] {
        let largest = lines.map { max($0.monthly, $0.natAlternativeMonthly + $0.natHoursToAddMonthly) }.max() ?? 0
        let label = lines.map { clean($0.service).count }.max() ?? 0
        func bar(_ value: Double, _ mark: Character) -> String {
            guard largest > 0, value > 0 else { return "" }
            return String(repeating: mark, count: max(1, Int((value / largest * Double(width)).rounded())))
        }
        var out = ["Monthly cost: # endpoint, = same traffic via NAT"]
        for e in lines {
            let name = clean(e.service).padding(toLength: label, withPad: " ", startingAt: 0)
            let nat = e.natAlternativeMonthly + e.natHoursToAddMonthly
            out.append("\(name)  \(bar(e.monthly, "#")) \(money(e.monthly))")
            out.append(String(repeating: " ", count: label) + "  \(bar(nat, "=")) \(money(nat))  \(e.verdict(currency: currency))")
        }
        return out
    }

    /// Columns padded to their widest cell, two spaces apart.
    public static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i >= widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                let gap = String(repeating: " ", count: widths[i] - cell.count)
                line += (i == 0 ? "" : "  ") + (rightAligned.contains(i) ? gap + cell : cell + (i == row.count - 1 ? "" : gap))
            }
            return line
        }
    }
}

extension EndpointCost {
    /// The answer for this endpoint at its traffic: keep it, or which side is cheaper and by how much.
    public func verdict(currency: String) -> String {
        let money = { (x: Double) in CostFormat.money(x, currency: currency) }
        let nat = natAlternativeMonthly + natHoursToAddMonthly
        if type == VPCEndpoint.Kind.gateway.rawValue {
            return dataGB > 0 ? "keep: free, saves \(money(nat))" : "keep: free"
        }
        if dataGB == 0 && !trafficGiven {
            return breakEvenGB.map { "set traffic: pays off above \(CostFormat.number($0, decimals: 1)) GB" } ?? "NAT is cheaper at any traffic"
        }
        let difference = monthly - nat
        return difference > 0 ? "NAT cheaper by \(money(difference))" : "endpoint saves \(money(-difference))"
    }
}

extension PriceTable {
    /// The table as JSON, with the same field names a `--pricing` file takes (so it can be copied into one).
    public func json(source: String? = nil, clean: @escaping (String) -> String = { $0 }) -> JSONValue {
        let n = { (x: Double) in JSONValue.number(CostFormat.plain(x)) }
        var members: [(key: String, value: JSONValue)] = [("name", .string(clean(name)))]
        if let source { members.append(("source", .string(clean(source)))) }
        members += [
            ("currency", .string(clean(currency))), ("hoursPerMonth", n(hoursPerMonth)),
            ("interfaceEndpointHourly", n(interfaceEndpointHourly)),
            ("interfaceEndpointDataTiers", .array(interfaceEndpointDataTiers.map { tier in
                .object([("upToGB", tier.upToGB.map(n) ?? .null), ("pricePerGB", n(tier.pricePerGB))])
            })),
            ("gatewayEndpointHourly", n(gatewayEndpointHourly)), ("gatewayEndpointPerGB", n(gatewayEndpointPerGB)),
            ("natGatewayHourly", n(natGatewayHourly)), ("natGatewayPerGB", n(natGatewayPerGB)), ("crossAZPerGB", n(crossAZPerGB)),
        ]
        return .object(members)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
