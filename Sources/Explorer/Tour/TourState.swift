import Canvas

/// The tour in progress: its plan (made from the analysis once the network is loaded) and the step
/// on screen. While it is set the tour's keys come first and the tour bar is drawn.
public struct TourState: Hashable, Sendable {
    /// Nil until the network is loaded (the tour waits for it).
    public var plan: TourPlan?
    /// The step on screen (index into `plan.steps`).
    public var index = 0

    public init(plan: TourPlan? = nil, index: Int = 0) {
        self.plan = plan
        self.index = index
    }

    /// The step on screen.
    public var step: TourStep? {
        guard let steps = plan?.steps, steps.indices.contains(index) else { return nil }
        return steps[index]
    }

    /// `3/8`.
    public var counter: String { "\(index + 1)/\(plan?.steps.count ?? 0)" }
}

/// The tour's keys: data, as every other binding, so the help screen lists them.
enum TourKeys {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character(" "), .right, .character("n")], .tourNext, .tour, hint: "next", help: "Tour: the next step", priority: 1),
        KeyBinding([.left, .character("p")], .tourBack, .tour, hint: "back", help: "Tour: the step before", priority: 2),
        KeyBinding([.character("q")], .tourExplore, .tour, hint: "explore",
                   help: "Tour: leave the tour and keep exploring from this screen", priority: 3),
        KeyBinding([.escape], .quit, .tour, hint: "quit", help: "Tour: quit vpcx", priority: 4),
    ]
}

extension AppState {
    /// Starts the tour of what is loaded, at step `index` (clamped).
    public mutating func startTour(at index: Int = 0) {
        let plan = TourPlan.make(analysis, traffic: traffic)
        tour = TourState(plan: plan, index: max(0, min(index, plan.steps.count - 1)))
        showTourStep()
    }

    /// The tour's binding for a key, if it has one (tour keys win over the explorer's while it runs).
    func tourAction(for key: Key) -> Action? {
        guard tour != nil, mode == .normal else { return nil }
        return keyMap.bindings.first { $0.context == .tour && $0.keys.contains(key) }?.action
    }

    /// The tour's own actions; false for any other action (the explorer's keys keep working in a step).
    mutating func reduceTour(_ action: Action) -> Bool {
        guard var current = tour, let plan = current.plan else { return false }
        switch action {
        case .tourNext:
            if current.index + 1 < plan.steps.count {
                current.index += 1
                tour = current
                showTourStep()
            } else {
                message = "the last step: q explores from here, Esc quits"
            }
        case .tourBack:
            if current.index > 0 {
                current.index -= 1
                tour = current
                showTourStep()
            } else {
                message = "the first step"
            }
        case .tourExplore:
            tour = nil
            message = "left the tour at step \(current.counter): the explorer goes on from here (q quits)"
        default:
            return false
        }
        return true
    }

    /// Puts the explorer on the step's screen: its selection (the way there opened), its panel with
    /// the focus, its Paths service.
    mutating func showTourStep() {
        guard let step = tour?.step else { return }
        mode = .normal
        zoomed = false
        panelScroll = [:]
        if let node = step.node, let target = tree.index(of: node) {
            var parent = tree.nodes[target].parent
            while parent >= 0 {
                expanded.insert(tree.nodes[parent].id)
                parent = tree.nodes[parent].parent
            }
            if !filter.isEmpty { filter = "" }
            refreshRows(keeping: node)
        }
        panel = step.panel
        focus = .panel
        if let service = step.service, let i = services.firstIndex(of: service) { serviceIndex = i }
        if step.panel == .findings { findingIndex = 0 }
        syncPolicyTester()
    }
}
