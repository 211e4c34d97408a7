import Analysis
import Canvas
import Model

/// The Cost panel's own state.
public struct CostState: Hashable, Sendable {
    /// Show the one-AZ alternative (the article's dev/prod strategy).
    public var singleAZ = false
    /// `/` while the panel has focus: only the cost rows whose label or value contain it.
    public var filter = ""
    /// The usage file `w` writes the figures to; nil: nowhere known (the figures stay in the session).
    public var usage: UsageTarget?
}

/// Where the explorer writes its traffic figures back: the usage file they came from, or a new
/// `usage.yaml` next to the source.
public struct UsageTarget: Hashable, Sendable {
    public var path: String
    /// The file's text when it was loaded (or last written); nil when there was no file, so one
    /// found there at write time is someone else's and is not overwritten.
    public var loadedText: String?

    public init(path: String, loadedText: String?) {
        self.path = path
        self.loadedText = loadedText
    }
}

/// The Cost panel: an endpoint (or a VPC's endpoints) against NAT, with the break-even.
enum CostPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("+"), .character("=")], .trafficUp, .panel(.cost), hint: "+/- GB",
                   help: "Cost: more monthly traffic for the service", priority: 10),
        KeyBinding([.character("-")], .trafficDown, .panel(.cost), help: "Cost: less monthly traffic for the service"),
        KeyBinding([.character("e"), .character("#")], .typeTraffic, .panel(.cost), hint: "type GB",
                   help: "Cost: type the monthly GB for the service", priority: 12),
        KeyBinding([.character("w")], .writeUsage, .panel(.cost), hint: "write usage",
                   help: "Cost: write the traffic figures to the usage file (--usage FILE, else usage.yaml by the source)", priority: 13),
        KeyBinding([.character("A")], .toggleSingleAZ, .panel(.cost), hint: "single-AZ",
                   help: "Cost: compare with the endpoint in one AZ (saving, cross-AZ charge)", priority: 11),
    ]

    static func reduce(_ state: inout AppState, _ action: Action) -> Bool {
        switch action {
        case .trafficUp, .trafficDown: stepTraffic(&state, up: action == .trafficUp)
        case .toggleSingleAZ: state.cost.singleAZ.toggle()
        case .typeTraffic: startTyping(&state)
        case .wroteUsage(let path, let text):
            state.cost.usage = UsageTarget(path: path, loadedText: text)
            // What was written is now the usage file's: the panel says so beside each figure.
            var written = state.traffic
            for i in written.entries.indices { written.entries[i].origin = .usageFile }
            state.setTraffic(written)
            state.message = "wrote \(path)"
        default: return false
        }
        return true
    }

    /// The focused service and its VPC: what `+`/`-` and a typed figure change.
    static func focusedService(_ state: AppState) -> (vpc: VPC, service: String)? {
        guard let vpc = state.focusVPC else { return nil }
        return (vpc, state.focusEndpoint?.service ?? state.selectedService)
    }

    /// `e`: a prompt for the focused service's GB a month, holding today's figure (typing replaces it).
    static func startTyping(_ state: inout AppState) {
        guard let (vpc, service) = focusedService(state) else { state.message = "select a VPC, subnet or endpoint"; return }
        state.mode = .trafficEntry
        state.prompt = state.traffic.gb(for: service, in: vpc).map { CostFormat.number($0, decimals: 1).filter { $0 != "," } } ?? ""
        state.promptSelected = !state.prompt.isEmpty
    }

    /// Enter at the GB prompt: a number of GB a month (`1500`, `1,500`, `2.5k`, `3.2 TB`) becomes the
    /// service's figure in the focused VPC; anything else says what it takes and changes nothing.
    static func applyTyped(_ state: inout AppState, _ text: String) {
        guard let (vpc, service) = focusedService(state) else { return }
        guard let gb = parseGB(text) else {
            state.message = "'\(text)' is not GB a month: a number such as 1500, 2.5k or 3.2 TB"
            return
        }
        var updated = state.traffic
        updated.set(min(gb, maximumGB), service: service, in: vpc, origin: .edited)
        state.setTraffic(updated)
        state.message = "\(service): \(CostFormat.number(min(gb, maximumGB), decimals: 1)) GB/month (w writes the usage file)"
    }

    /// A typed amount in GB: a plain number, with `,` or `_` separators, and an optional unit
    /// (`GB`, `k` = 1000 GB, `TB`); nil when it is not one, or is negative or not finite.
    static func parseGB(_ text: String) -> Double? {
        var t = text.lowercased().filter { !$0.isWhitespace && $0 != "," && $0 != "_" }
        var scale = 1.0
        for (suffix, factor) in [("gb", 1.0), ("tb", 1000.0), ("k", 1000.0)] where t.hasSuffix(suffix) {
            t.removeLast(suffix.count)
            scale = factor
            break
        }
        guard let n = Double(t), n.isFinite, n >= 0 else { return nil }
        return n * scale
    }

    /// `w`: the figures to the usage file, through an effect (the executable checks that the file
    /// has not changed on disk since it was read, and writes atomically).
    static func writeUsage(_ state: inout AppState) -> [Effect] {
        guard let target = state.cost.usage else {
            state.message = "no usage file to write to (open with --usage FILE)"
            return []
        }
        if state.traffic.isEmpty {
            state.message = "no traffic figures to write (+/- or e gives one)"
            return []
        }
        return [.writeUsage(path: target.path, traffic: state.traffic, expected: target.loadedText)]
    }

    /// The monthly GB steps `+` and `-` walk through; past the last, `+` doubles up to `maximumGB`.
    static let trafficSteps: [Double] = [0, 1, 10, 50, 100, 250, 500, 625, 1000, 2000, 5000, 10_000, 50_000, 100_000, 1_000_000]

    /// The most `+` goes to: an exabyte a month, far past any real endpoint, and far from where
    /// doubling would leave the numbers a cost report can add up exactly.
    static let maximumGB: Double = 1_000_000_000

    /// The next step from `current` (saturating at `maximumGB`, never below 0, whatever `current` is).
    static func step(from current: Double, up: Bool) -> Double {
        guard current.isFinite, current >= 0 else { return up ? maximumGB : 0 }
        if up { return min(maximumGB, trafficSteps.first { $0 > current } ?? current * 2) }
        return min(maximumGB, trafficSteps.last { $0 < current } ?? 0)
    }

    /// `+`/`-`: the focused endpoint's service (or the Paths service) in its VPC.
    static func stepTraffic(_ state: inout AppState, up: Bool) {
        guard let vpc = state.focusVPC else { state.message = "select a VPC, subnet or endpoint"; return }
        let service = state.focusEndpoint?.service ?? state.selectedService
        let current = state.traffic.gb(for: service, in: vpc) ?? 0
        let next = step(from: current, up: up)
        var updated = state.traffic
        updated.set(next, service: service, in: vpc, origin: .edited)
        state.setTraffic(updated)
        let limit = up && next == current && next == maximumGB ? " (the most this panel goes to)" : ""
        state.message = "\(service): \(CostFormat.number(next, decimals: 0)) GB/month\(limit)"
    }

    static func model(_ state: AppState) -> CostPanelModel? { model(state, centralisation: state.selectedRegionCentralisation) }

    /// The same with the selected region's centralise? answer worked out already (the memo shares it with the Detail panel).
    static func model(_ state: AppState, centralisation: Centralisation?) -> CostPanelModel? {
        let delta = state.whatIf.isEmpty ? nil : state.costReport.monthlyDelta(from: state.baseCostReport)
        if let endpoint = state.focusEndpoint {
            let origin = state.inventory.vpc(endpoint.vpcID).flatMap { state.traffic.origin(for: endpoint.service, in: $0) }
            return CostPanelModel.endpoint(endpoint.id, report: state.costReport, showSingleAZ: state.singleAZ, whatIfDelta: delta,
                                           trafficSource: sourceText(origin, usage: state.cost.usage))
        }
        if let vpc = state.focusVPC {
            let service = state.selectedService
            return CostPanelModel.vpc(vpc.id, report: state.costReport, name: vpc.name, showSingleAZ: state.singleAZ, whatIfDelta: delta,
                                      stepped: (service, state.traffic.gb(for: service, in: vpc)),
                                      trafficSource: sourceText(state.traffic.origin(for: service, in: vpc), usage: state.cost.usage))
        }
        if let answer = centralisation {
            return CostPanelModel.centralise(answer, prices: state.pricing.table(for: answer.region),
                                             priceNote: state.costReport.priceNote(for: answer.region))
        }
        return nil
    }

    /// Where a figure came from, in the panel's words: `usage file usage.yaml`, `--gb`, `edited (w
    /// writes)`, `measured (flow logs)`.
    /// Nil when no figure was given: the traffic row says so already.
    static func sourceText(_ origin: Traffic.Origin?, usage: UsageTarget?) -> String? {
        let name = usage.map { target in target.path.split(separator: "/").last.map(String.init) ?? target.path }
        switch origin {
        case nil: return nil
        case .usageFile?: return "usage file" + (name.map { " " + $0 } ?? "")
        case .flag?: return "--gb"
        case .edited?: return "edited (w writes)"
        case .measured?: return "measured (flow logs)"
        }
    }

    /// The rows the view needs to show all of itself at a width: title and prices, the table, a
    /// chart of readable height and the explanation under it (the chart fills what it is given, so
    /// the scroll machinery asks here rather than measuring).
    static func naturalHeight(_ model: CostPanelModel, width: Int) -> Int {
        let explanation = model.explanation.map { TextWidth.wrap($0, width: max(1, width)).count + 1 } ?? 0
        if width >= 100 { return 2 + max(model.rows.count + 1 + explanation, 14) }
        return 2 + model.rows.count + 1 + (model.chart == nil ? 0 : 12) + explanation
    }

    /// The selection's cost view with only the rows matching the panel's filter (chart and
    /// explanation stay: they are not rows of the list).
    static func shown(_ state: AppState) -> CostPanelModel? {
        guard var model = state.frameMemo(for: [.cost]).cost else { return nil }
        model.rows = model.rows.filter { listFilterMatches(state.cost.filter, [$0.label, $0.value]) }
        return model
    }

    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard memo.cost != nil, let model = shown(state) else {
            return PanelView.hint("Select a VPC or an endpoint to see what it costs, or a region with several VPCs to ask whether to centralise.", &grid, rect)
        }
        drawCostView(model, into: &grid, rect: rect, context: context)
    }
}
