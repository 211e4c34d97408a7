import Analysis
import Canvas
import Model

/// The Cost panel's own state.
public struct CostState: Hashable, Sendable {
    /// Show the one-AZ alternative (the article's dev/prod strategy).
    public var singleAZ = false
    /// `/` while the panel has focus: only the cost rows whose label or value contain it.
    public var filter = ""
}

/// The Cost panel: an endpoint (or a VPC's endpoints) against NAT, with the break-even.
enum CostPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("+"), .character("=")], .trafficUp, .panel(.cost), hint: "+/- GB",
                   help: "Cost: more monthly traffic for the service", priority: 10),
        KeyBinding([.character("-")], .trafficDown, .panel(.cost), help: "Cost: less monthly traffic for the service"),
        KeyBinding([.character("A")], .toggleSingleAZ, .panel(.cost), hint: "single-AZ",
                   help: "Cost: compare with the endpoint in one AZ (saving, cross-AZ charge)", priority: 11),
    ]

    static func reduce(_ state: inout AppState, _ action: Action) -> Bool {
        switch action {
        case .trafficUp, .trafficDown: stepTraffic(&state, up: action == .trafficUp)
        case .toggleSingleAZ: state.cost.singleAZ.toggle()
        default: return false
        }
        return true
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
        updated.set(next, service: service, vpc: vpc.id)
        state.setTraffic(updated)
        let limit = up && next == current && next == maximumGB ? " (the most this panel goes to)" : ""
        state.message = "\(service): \(CostFormat.number(next, decimals: 0)) GB/month\(limit)"
    }

    static func model(_ state: AppState) -> CostPanelModel? {
        let delta = state.whatIf.isEmpty ? nil : state.costReport.monthlyDelta(from: state.baseCostReport)
        if let endpoint = state.focusEndpoint {
            return CostPanelModel.endpoint(endpoint.id, report: state.costReport, showSingleAZ: state.singleAZ, whatIfDelta: delta)
        }
        if let vpc = state.focusVPC {
            let service = state.selectedService
            return CostPanelModel.vpc(vpc.id, report: state.costReport, name: vpc.name, showSingleAZ: state.singleAZ, whatIfDelta: delta,
                                      stepped: (service, state.traffic.gb(for: service, in: vpc)))
        }
        return nil
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
        guard memo.cost != nil, let model = shown(state) else { return PanelView.hint("Select a VPC or an endpoint to see what it costs.", &grid, rect) }
        drawCostView(model, into: &grid, rect: rect, context: context)
    }
}
