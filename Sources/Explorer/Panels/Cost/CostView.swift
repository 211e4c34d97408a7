import Analysis
import Canvas
import Model

/// What the Cost view draws: one endpoint's (or one VPC's) costs, its chart against NAT, and the
/// answers to "what if it ran in one AZ" and "what does my what-if change cost".
public struct CostPanelModel: Sendable {
    /// One line of the cost table.
    public struct Row: Sendable, Hashable {
        public var label: String
        public var value: String
        public var role: Role
        public var bold: Bool
        public init(_ label: String, _ value: String, role: Role = .value, bold: Bool = false) {
            self.label = label
            self.value = value
            self.role = role
            self.bold = bold
        }
    }

    /// The lines of the chart: endpoint = fixed + slope × GB, NAT = slope × GB.
    public struct Chart: Sendable, Hashable {
        /// The endpoint's monthly hours (the line's start at 0 GB).
        public var endpointFixed: Double
        /// What one more GB costs through the endpoint (its $/GB plus the cross-AZ share).
        public var endpointPerGB: Double
        public var natPerGB: Double
        public var breakEvenGB: Double?
        /// NAT hours the alternative adds (a VPC without NAT): the NAT line's start at 0 GB.
        public var natFixed: Double
        /// The legend's names and the lines' roles: an endpoint against NAT, or (centralise?) endpoints
        /// in every VPC against a hub behind a transit gateway.
        public var endpointName = "endpoint", natName = "NAT"
        public var endpointRole = Role.pathEndpoint, natRole = Role.pathNAT
        public init(endpointFixed: Double, endpointPerGB: Double, natPerGB: Double, breakEvenGB: Double?, natFixed: Double = 0) {
            self.endpointFixed = endpointFixed
            self.endpointPerGB = endpointPerGB
            self.natPerGB = natPerGB
            self.breakEvenGB = breakEvenGB
            self.natFixed = natFixed
        }
    }

    /// `secretsmanager endpoint vpce-…` or `VPC vpc-… (name)`.
    public var title: String
    /// Which prices and region: every output says.
    public var priceNote: String
    /// The note is a warning: us-east-1 prices stand in for the region's own.
    public var priceWarning: Bool
    public var rows: [Row]
    public var chart: Chart?
    /// The traffic the chart marks (GB/month), the one `+`/`-` change.
    public var trafficGB: Double
    public var currency: String
    /// Why the article's break-even figure differs, shown when there is room.
    public var explanation: String?

    public init(title: String, priceNote: String, priceWarning: Bool = false, rows: [Row], chart: Chart?, trafficGB: Double,
                currency: String = "USD", explanation: String? = nil) {
        self.title = title
        self.priceNote = priceNote
        self.priceWarning = priceWarning
        self.rows = rows
        self.chart = chart
        self.trafficGB = trafficGB
        self.currency = currency
        self.explanation = explanation
    }

    /// The model for one endpoint of a report: its traffic (named: the service `+`/`-` change), its
    /// monthly cost, the NAT alternative, the break-even and a verdict. `showSingleAZ` redraws the
    /// chart and the break-even for one ENI, with the cross-AZ charge the other AZs' traffic pays;
    /// `whatIfDelta` (this report minus the one before the what-if changes) adds its line.
    /// `trafficSource` says where the traffic figure came from (usage file, `--gb`, edited, measured).
    public static func endpoint(_ id: String, report: CostReport, showSingleAZ: Bool = false,
                                whatIfDelta: Double? = nil, trafficSource: String? = nil) -> CostPanelModel? {
        guard let line = report.endpoint(id) else { return nil }
        let table = report.pricing.table(for: line.region)
        let money = { (x: Double) in CostFormat.money(x, currency: table.currency) }
        let delta = { (x: Double) in CostFormat.delta(x, currency: table.currency) }
        let isGateway = line.type == VPCEndpoint.Kind.gateway.rawValue
        let gb = { (x: Double) in "\(CostFormat.number(x, decimals: 1)) GB/month" }
        var rows: [Row] = []
        rows.append(Row("Traffic to \(line.service) (+/-)", line.dataGB > 0 || line.trafficGiven ? gb(line.dataGB) : "0 GB/month: press +",
                        role: .input, bold: true))
        if let trafficSource { rows.append(Row("  from", trafficSource, role: .dim)) }
        if isGateway {
            rows.append(Row("Hours", "free (gateway)", role: .costSaving))
        } else {
            rows.append(Row("Hours \(line.azs) AZ x \(money(table.interfaceEndpointHourlyMonthly(azCount: 1)))", money(line.hourlyMonthly)))
        }
        rows.append(Row("Data \(CostFormat.number(line.dataGB, decimals: 1)) GB", money(line.dataMonthly)))
        if isGateway {
            rows.append(Row("Cross-AZ", "none (gateway)", role: .dim))
        } else if line.dataGB > 0 {
            rows.append(Row("Cross-AZ \(CostFormat.number(line.crossAzGB, decimals: 1)) GB", money(line.crossAzMonthly)))
        } else {
            rows.append(Row("Cross-AZ", "set traffic (+) to see it", role: .dim))
        }
        rows.append(Row("Endpoint monthly", "\(money(line.monthly))/month", role: .value, bold: true))
        let natAlternative = line.natAlternativeMonthly + line.natHoursToAddMonthly
        rows.append(Row(line.natHoursToAddMonthly > 0 ? "NAT alternative (+ NAT hours to add)" : "NAT alternative, same GB",
                        "\(money(natAlternative))/month", role: .pathNAT))
        var fixed = line.hourlyMonthly
        var perGB = (isGateway ? table.gatewayEndpointPerGB : table.interfaceEndpointPerGB)
            + crossAZShare(zones: line.zones, shares: report.azShares[line.vpc] ?? [:]) * table.crossAZRoundTripPerGB
        var breakEven = line.breakEvenGB
        var endpointMonthly = line.monthly
        let single = showSingleAZ ? report.singleAZAlternative(forEndpoint: id) : nil
        if let single {
            // The one-AZ design: one ENI's hours, and every GB from another AZ pays cross-AZ both ways.
            fixed = single.hourlyMonthly
            perGB = table.interfaceEndpointPerGB + single.crossAZShare * table.crossAZRoundTripPerGB
            breakEven = BreakEven.gb(hourlyMonthly: fixed, natPerGB: table.natGatewayPerGB, endpointPerGB: perGB,
                                     natHourlyMonthly: line.natHoursToAddMonthly)
            endpointMonthly = line.monthly + single.monthlyDelta
        }
        if !isGateway {
            rows.append(Row(single == nil ? "Break-even" : "Break-even in one AZ",
                            breakEven.map { $0 == 0 ? "any traffic" : gb($0) } ?? "never (NAT's $/GB is not higher)"))
        }
        let difference = endpointMonthly - natAlternative
        if isGateway {
            rows.append(Row("Verdict", line.dataGB > 0 ? "keep: saves \(money(natAlternative)) vs NAT" : "keep: free, saves NAT's $/GB",
                            role: .costSaving, bold: true))
        } else if line.dataGB == 0 && !line.trafficGiven {
            rows.append(Row("Verdict", "set traffic: pays off above the break-even", role: .dim, bold: true))
        } else if difference > 0 {
            rows.append(Row(single == nil ? "Verdict" : "Verdict in one AZ", "NAT is cheaper by \(money(difference))/month",
                            role: .costExpense, bold: true))
        } else {
            rows.append(Row(single == nil ? "Verdict" : "Verdict in one AZ", "endpoint saves \(money(-difference))/month",
                            role: .costSaving, bold: true))
        }
        if showSingleAZ {
            if let single {
                rows.append(Row("One AZ (\(single.keptAZ ?? "?")): hours", delta(-single.hourlySavingMonthly), role: .costSaving))
                rows.append(Row("One AZ: cross-AZ", line.dataGB > 0 ? delta(single.addedCrossAzMonthly) : "set traffic (+) to see it",
                                role: line.dataGB > 0 ? .costExpense : .dim))
                rows.append(Row("One AZ: net", "\(delta(single.monthlyDelta))/month",
                                role: single.monthlyDelta <= 0 ? .costSaving : .costExpense, bold: true))
                rows.append(Row("One AZ: endpoint monthly", "\(money(endpointMonthly))/month", bold: true))
            } else {
                rows.append(Row("One AZ", isGateway ? "n/a (gateway)" : "already in one AZ", role: .dim))
            }
        }
        if let whatIfDelta {
            rows.append(Row("What-if", "\(delta(whatIfDelta))/month", role: whatIfDelta <= 0 ? .costSaving : .costExpense, bold: true))
        }
        let chart = Chart(endpointFixed: fixed, endpointPerGB: perGB, natPerGB: table.natGatewayPerGB,
                          breakEvenGB: isGateway ? nil : breakEven, natFixed: line.natHoursToAddMonthly)
        let note = report.priceNote(for: line.region ?? report.region)
        let azs = single == nil ? "\(line.azs) AZ" : "shown in 1 AZ of \(line.azs)"
        return CostPanelModel(
            title: "\(line.service) endpoint \(line.id) (\(line.type)\(isGateway ? "" : ", \(azs)"))"
                + (line.planned ? ", planned: the spec adds it" : ""),
            priceNote: note.short, priceWarning: note.standIn,
            rows: rows, chart: chart, trafficGB: line.dataGB, currency: table.currency,
            explanation: isGateway ? nil : single.map { single in
                // The one-AZ break-even: one ENI's hours against NAT's $/GB less the endpoint's and the cross-AZ share.
                let perGB3 = { (x: Double) in CostFormat.money(x, currency: table.currency, decimals: 3) }
                let share = CostFormat.number(single.crossAZShare * 100, decimals: 0)
                let value = breakEven.map { $0 == 0 ? "any traffic" : "\(CostFormat.number($0, decimals: 1)) GB/month" } ?? "never"
                return "In one AZ: \(money(single.hourlyMonthly)) / (\(perGB3(table.natGatewayPerGB)) - \(perGB3(table.interfaceEndpointPerGB))"
                    + " - \(share)% from other AZs x \(perGB3(table.crossAZRoundTripPerGB)) cross-AZ) = \(value)."
            } ?? BreakEven.explanation(azs: max(1, line.azs), table: table))
    }

    /// The model for a VPC: all its interface endpoints together against NAT, and its NAT gateways.
    /// `stepped` is the service `+`/`-` change here (the Paths panel's) and its GB a month, if set.
    public static func vpc(_ id: String, report: CostReport, name: String? = nil, showSingleAZ: Bool = false,
                           whatIfDelta: Double? = nil, stepped: (service: String, gb: Double?)? = nil,
                           trafficSource: String? = nil) -> CostPanelModel? {
        guard let totals = report.vpc(id) else { return nil }
        let lines = report.endpoints.filter { $0.vpc == id }
        let interfaces = lines.filter { $0.type != VPCEndpoint.Kind.gateway.rawValue }
        let region = lines.first?.region ?? report.region
        let table = report.pricing.table(for: region)
        let money = { (x: Double) in CostFormat.money(x, currency: table.currency) }
        let gb = interfaces.reduce(0) { $0 + $1.dataGB }
        let hours = interfaces.reduce(0) { $0 + $1.hourlyMonthly }
        var rows: [Row] = [
            Row("Traffic to interface endpoints", "\(CostFormat.number(gb, decimals: 1)) GB/month"),
            Row("Endpoints (\(interfaces.count) interface, \(lines.count - interfaces.count) gateway)", "\(money(totals.endpointsMonthly))/month"),
            Row("  of which hours", money(hours)),
            Row("NAT gateways", "\(money(totals.natGatewaysMonthly))/month", role: .pathNAT),
            Row("VPC total", "\(money(totals.monthly))/month", bold: true),
            Row("Same traffic via NAT instead", "\(money(totals.natAlternativeMonthly))/month", role: .pathNAT),
        ]
        if let stepped {
            rows.insert(Row("Traffic to \(stepped.service) (+/-)", stepped.gb.map { "\(CostFormat.number($0, decimals: 1)) GB/month" } ?? "not set: press +",
                            role: .input, bold: true), at: 0)
            if let trafficSource { rows.insert(Row("  from", trafficSource, role: .dim), at: 1) }
        }
        if let removal = totals.natRemoval {
            let adding = removal.servicesNeedingEndpoint.isEmpty ? "" : ", add \(removal.servicesNeedingEndpoint.joined(separator: ", "))"
            let verdict = removal.savingMonthly >= 0 ? "saves \(money(removal.savingMonthly))/month"
                : "costs \(money(-removal.savingMonthly))/month more"
            rows.append(Row("Remove the NAT\(adding)", verdict, role: removal.savingMonthly >= 0 ? .costSaving : .costExpense, bold: true))
        }
        if showSingleAZ {
            if let single = report.singleAZAlternative(forVPC: id) {
                rows.append(Row("All in one AZ: hours", CostFormat.delta(-single.hourlySavingMonthly, currency: table.currency), role: .costSaving))
                rows.append(Row("All in one AZ: cross-AZ", CostFormat.delta(single.addedCrossAzMonthly, currency: table.currency), role: .costExpense))
                rows.append(Row("All in one AZ: net", "\(CostFormat.delta(single.monthlyDelta, currency: table.currency))/month",
                                role: single.monthlyDelta <= 0 ? .costSaving : .costExpense, bold: true))
            } else {
                rows.append(Row("All in one AZ", "no multi-AZ interface endpoint", role: .dim))
            }
        }
        if let whatIfDelta {
            rows.append(Row("What-if", "\(CostFormat.delta(whatIfDelta, currency: table.currency))/month",
                            role: whatIfDelta <= 0 ? .costSaving : .costExpense, bold: true))
        }
        let perGB = table.interfaceEndpointPerGB
        let chart: Chart? = interfaces.isEmpty ? nil
            : Chart(endpointFixed: hours, endpointPerGB: perGB, natPerGB: table.natGatewayPerGB,
                    breakEvenGB: crossing(fixed: hours, perGB: perGB, natPerGB: table.natGatewayPerGB))
        let note = report.priceNote(for: region)
        // What the traffic says to do in this VPC (services through NAT, endpoints below break-even), under the chart.
        let advice = report.advice.filter { $0.hasPrefix(id + ": ") }.map { String($0.dropFirst(id.count + 2)) }
        return CostPanelModel(title: "VPC \(id)\(name.map { " (\($0))" } ?? "")", priceNote: note.short, priceWarning: note.standIn,
                              rows: rows, chart: chart, trafficGB: gb, currency: table.currency,
                              explanation: advice.isEmpty ? nil : "From the traffic: " + advice.joined(separator: ". ") + ".")
    }

    static func crossAZShare(zones: [String], shares: [String: Double]) -> Double {
        guard !zones.isEmpty else { return 0 }
        return shares.filter { !zones.contains($0.key) }.reduce(0) { $0 + $1.value }
    }

    static func crossing(fixed: Double, perGB: Double, natPerGB: Double) -> Double? {
        if fixed <= 0 { return 0 }
        return natPerGB > perGB ? fixed / (natPerGB - perGB) : nil
    }
}

/// Draws the Cost view: title and prices, the cost table, and (with room) the chart of monthly cost
/// against GB/month for the endpoint and NAT with the break-even marked. Never draws outside `rect`.
public func drawCostView(_ model: CostPanelModel, into grid: inout Grid, rect: Rect, context: DrawContext) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area, " ")
    let ascii = context.ascii
    var y = area.y
    grid.put(TextWidth.truncate(TextWidth.sanitize(model.title), to: area.width, ascii: ascii), x: area.x, y: y,
             style: Style(.title, bold: true), clip: area)
    y += 1
    if y < area.maxY {
        grid.put(TextWidth.truncate((model.priceWarning ? "Warning: " : "Prices: ") + TextWidth.sanitize(model.priceNote),
                                    to: area.width, ascii: ascii), x: area.x, y: y,
                 style: Style(model.priceWarning ? .severityWarning : .dim), clip: area)
        y += 1
    }
    let body = Rect(x: area.x, y: y, width: area.width, height: area.maxY - y)
    guard !body.isEmpty else { return }

    // Wide: table left, chart right. Narrow: table above, chart below.
    let tableWidth = min(body.width, 50)
    let sideBySide = body.width >= 100
    let tableRect = sideBySide ? Rect(x: body.x, y: body.y, width: tableWidth, height: body.height)
        : Rect(x: body.x, y: body.y, width: min(body.width, 60), height: min(body.height, model.rows.count))
    drawCostRows(model.rows, into: &grid, rect: tableRect, ascii: ascii)
    var chartRect = sideBySide ? Rect(x: body.x + tableWidth + 2, y: body.y, width: body.width - tableWidth - 2, height: body.height)
        : Rect(x: body.x, y: tableRect.maxY + 1, width: body.width, height: body.maxY - tableRect.maxY - 1)
    if sideBySide, let explanation = model.explanation, body.height >= model.rows.count + 3 {
        let lines = TextWidth.wrap(explanation, width: tableWidth)
        var ly = tableRect.y + model.rows.count + 1
        for line in lines where ly < body.maxY {
            grid.put(line, x: tableRect.x, y: ly, style: Style(.dim), clip: tableRect)
            ly += 1
        }
    } else if !sideBySide, let explanation = model.explanation, chartRect.height >= 12 {
        let lines = TextWidth.wrap(explanation, width: body.width)
        let shown = lines.prefix(max(0, min(lines.count, chartRect.height - 10)))
        var ly = chartRect.maxY - shown.count
        for line in shown {
            grid.put(line, x: body.x, y: ly, style: Style(.dim), clip: body)
            ly += 1
        }
        chartRect = Rect(x: chartRect.x, y: chartRect.y, width: chartRect.width, height: chartRect.height - shown.count - 1)
    }
    if let chart = model.chart {
        drawCostChart(chart, trafficGB: model.trafficGB, currency: model.currency, into: &grid,
                      rect: chartRect.intersection(area), context: context)
    }
}

/// Label left, value right, one row each.
func drawCostRows(_ rows: [CostPanelModel.Row], into grid: inout Grid, rect: Rect, ascii: Bool) {
    for (i, row) in rows.enumerated() where rect.y + i < rect.maxY {
        let y = rect.y + i
        let value = TextWidth.truncate(TextWidth.sanitize(row.value), to: rect.width, ascii: ascii)
        let valueWidth = TextWidth.of(value)
        let labelWidth = max(0, rect.width - valueWidth - 1)
        grid.put(TextWidth.truncate(TextWidth.sanitize(row.label), to: labelWidth, ascii: ascii), x: rect.x, y: y,
                 style: Style(.label), clip: rect)
        grid.put(value, x: rect.maxX - valueWidth, y: y, style: Style(row.role, bold: row.bold), clip: rect)
    }
}

/// The chart: y = monthly cost, x = GB/month, endpoint line in full blocks, NAT line in shade,
/// break-even as a vertical rule, the current traffic as a caret under the x axis.
func drawCostChart(_ chart: CostPanelModel.Chart, trafficGB: Double, currency: String, into grid: inout Grid,
                   rect: Rect, context: DrawContext) {
    let glyphs = context.glyphs
    // Legend, plot (at least 3 rows), x axis, x labels.
    guard rect.height >= 6, rect.width >= 20 else { return }
    let endpointMark = glyphs.fullBlock
    let natMark: Character = glyphs.isASCII ? "o" : "▒"
    var x = rect.x
    x = grid.put(String(endpointMark), x: x, y: rect.y, style: Style(chart.endpointRole), clip: rect)
    x = grid.put(" \(chart.endpointName)  ", x: x, y: rect.y, style: Style(.label), clip: rect)
    x = grid.put(String(natMark), x: x, y: rect.y, style: Style(chart.natRole), clip: rect)
    x = grid.put(" \(chart.natName)  ", x: x, y: rect.y, style: Style(.label), clip: rect)
    x = grid.put(String(glyphs.vertical), x: x, y: rect.y, style: Style(.costSaving), clip: rect)
    x = grid.put(" break-even  ", x: x, y: rect.y, style: Style(.label), clip: rect)
    x = grid.put(String(glyphs.arrowUp), x: x, y: rect.y, style: Style(.input, bold: true), clip: rect)
    grid.put(" traffic", x: x, y: rect.y, style: Style(.label), clip: rect)

    let xMax = niceCeiling(max(chart.breakEvenGB.map { $0 * 2 } ?? 0, trafficGB * 1.25, 10))
    let endpointAt = { (gb: Double) in chart.endpointFixed + chart.endpointPerGB * gb }
    let natAt = { (gb: Double) in chart.natFixed + chart.natPerGB * gb }
    let yMax = niceCeiling(max(endpointAt(xMax), natAt(xMax), 1))
    let money = { (v: Double) in CostFormat.money(v, currency: currency, decimals: v < 10 && v != 0 ? 2 : 0) }
    let yLabels = [money(yMax), money(yMax / 2), money(0)]
    let labelWidth = yLabels.map { TextWidth.of($0) }.max() ?? 1
    let plot = Rect(x: rect.x + labelWidth + 1, y: rect.y + 1, width: rect.width - labelWidth - 1, height: rect.height - 3)
    guard plot.width >= 8, plot.height >= 3 else { return }

    // Axes.
    for row in 0..<plot.height { grid[plot.x - 1, plot.y + row] = Cell(glyphs.vertical, style: Style(.dim)) }
    let axisY = plot.maxY
    grid.hline(x: plot.x, y: axisY, length: plot.width, glyph: glyphs.horizontal, style: Style(.dim))
    grid[plot.x - 1, axisY] = Cell(glyphs.bottomLeft, style: Style(.dim))
    grid.put(yLabels[0], x: plot.x - 1 - TextWidth.of(yLabels[0]), y: plot.y, style: Style(.dim), clip: rect)
    if plot.height >= 5 {
        grid.put(yLabels[1], x: plot.x - 1 - TextWidth.of(yLabels[1]), y: plot.y + (plot.height - 1) / 2, style: Style(.dim), clip: rect)
    }
    grid.put(yLabels[2], x: plot.x - 1 - TextWidth.of(yLabels[2]), y: plot.maxY - 1, style: Style(.dim), clip: rect)

    func row(for cost: Double) -> Int {
        let level = Int((cost / yMax * Double(plot.height)).rounded(.down))
        return plot.maxY - 1 - max(0, min(plot.height - 1, level))
    }
    func column(for gb: Double) -> Int { plot.x + max(0, min(plot.width - 1, Int(gb / xMax * Double(plot.width)))) }

    // Break-even rule first, so the lines draw over it.
    if let breakEven = chart.breakEvenGB, breakEven > 0, breakEven <= xMax {
        let bx = column(for: breakEven)
        for r in plot.y..<plot.maxY { grid[bx, r] = Cell(glyphs.vertical, style: Style(.costSaving)) }
        grid[bx, axisY] = Cell(glyphs.teeUp, style: Style(.costSaving))
        let label = "break-even \(CostFormat.number(breakEven, decimals: 1)) GB"
        let lx = min(max(plot.x, bx + 1), plot.maxX - TextWidth.of(label))
        grid.put(label, x: max(plot.x, lx), y: plot.y, style: Style(.costSaving, bold: true), clip: plot)
    }
    // A line is drawn column by column, filling the rows between neighbours so steep lines stay joined.
    func drawLine(_ cost: (Double) -> Double, mark: Character, role: Role) {
        var previous: Int?
        for i in 0..<plot.width {
            let gb = xMax * (Double(i) + 0.5) / Double(plot.width)
            let r = row(for: cost(gb))
            let from = previous.map { min($0 + ($0 > r ? -1 : 0), r) } ?? r
            let to = previous.map { max($0 + ($0 < r ? 1 : 0), r) } ?? r
            for rr in min(from, to)...max(from, to) where rr >= plot.y && rr < plot.maxY {
                grid[plot.x + i, rr] = Cell(mark, style: Style(role))
            }
            previous = r
        }
    }
    drawLine(natAt, mark: natMark, role: chart.natRole)
    drawLine(endpointAt, mark: endpointMark, role: chart.endpointRole)

    // X labels and the traffic caret.
    let labelsY = axisY + 1
    let xEnd = "\(compactGB(xMax)) GB/month"
    grid.put("0", x: plot.x, y: labelsY, style: Style(.dim), clip: rect)
    grid.put(xEnd, x: plot.maxX - TextWidth.of(xEnd), y: labelsY, style: Style(.dim), clip: rect)
    let mid = compactGB(xMax / 2)
    let midX = plot.x + plot.width / 2 - TextWidth.of(mid) / 2
    if midX > plot.x + 2 && midX + TextWidth.of(mid) < plot.maxX - TextWidth.of(xEnd) - 1 {
        grid.put(mid, x: midX, y: labelsY, style: Style(.dim), clip: rect)
    }
    let tx = column(for: trafficGB)
    grid[tx, axisY] = Cell(glyphs.arrowUp, style: Style(.input, bold: true))
    let trafficLabel = "\(CostFormat.number(trafficGB, decimals: trafficGB < 10 ? 1 : 0)) GB"
    let tl = min(max(plot.x, tx - TextWidth.of(trafficLabel) / 2), plot.maxX - TextWidth.of(trafficLabel))
    // The traffic label replaces the axis labels under it: it is the number the user is changing.
    grid.fill(Rect(x: tl - 1, y: labelsY, width: TextWidth.of(trafficLabel) + 2, height: 1).intersection(rect), " ")
    grid.put(trafficLabel, x: tl, y: labelsY, style: Style(.input, bold: true), clip: rect)
}

/// Rounds up to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, so axis ends read well.
func niceCeiling(_ value: Double) -> Double {
    guard value > 0, value.isFinite else { return 1 }
    var power = 1.0
    while power * 10 <= value { power *= 10 }
    while power > value { power /= 10 }
    for step in [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where step * power >= value { return step * power }
    return 10 * power
}

/// `1.3k`, `250`, `12.5`: short GB figures for axis labels.
func compactGB(_ gb: Double) -> String {
    if gb >= 1_000_000 { return CostFormat.plain((gb / 100_000).rounded() / 10) + "M" }
    if gb >= 10_000 { return CostFormat.plain((gb / 1000).rounded()) + "k" }
    if gb >= 1000 { return CostFormat.plain((gb / 100).rounded() / 10) + "k" }
    return CostFormat.plain((gb * 10).rounded() / 10)
}
