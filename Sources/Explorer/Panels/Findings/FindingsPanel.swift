import Analysis
import Canvas

/// The Findings panel's own state.
public struct FindingsState: Hashable, Sendable {
    /// The selected row (of the filtered list).
    public var index = 0
    /// `/` while the panel has focus: only findings whose rule, resource or message contain it.
    public var filter = ""
    /// The first shown line of the selected finding's detail (its fix can be longer than the room).
    public var detailTop = 0
}

/// The Findings panel: every finding, sorted, with its fix; Enter goes to the resource.
enum FindingsPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.enter], .open, .panel(.findings), hint: "go to resource",
                   help: "Findings: select the finding's resource in the navigator", priority: 10),
        KeyBinding([.character("J")], .detailDown, .panel(.findings), hint: "scroll fix",
                   help: "Findings: scroll the selected finding's fix down", priority: 11),
        KeyBinding([.character("K")], .detailUp, .panel(.findings), help: "Findings: scroll the selected finding's fix up"),
    ]

    /// Moves and Enter while the panel has focus.
    static func reduce(_ state: inout AppState, _ action: Action, page: Int) -> Bool {
        guard state.focus == .panel, state.panel == .findings, state.mode == .normal else { return false }
        let shown = Self.shown(state)
        let count = shown.count
        var index = state.findingsPanel.index
        switch action {
        case .moveDown: index += 1
        case .moveUp: index -= 1
        case .pageDown: index += page
        case .pageUp: index -= page
        case .top: index = 0
        case .bottom: index = count - 1
        case .detailDown, .detailUp:
            // Held inside the detail's lines as drawn, so K after J moves at once.
            let room = detailRoom(state)
            let lines = shown.indices.contains(index)
                ? findingDetailLines(shown[index], names: state.analysis.findingNames, width: room.width).count : 0
            let next = state.findingsPanel.detailTop + (action == .detailDown ? 1 : -1)
            state.findingsPanel.detailTop = max(0, min(next, lines - room.height))
            return true
        case .open:
            guard shown.indices.contains(index) else { return true }
            let finding = shown[index]
            state.jump(to: finding.resource)
            if state.message == nil { state.message = "\(finding.rule): \(finding.resource)" }
            state.panel = .detail
            return true
        default: return false
        }
        let clamped = max(0, min(index, count - 1))
        if clamped != state.findingsPanel.index { state.findingsPanel.detailTop = 0 }
        state.findingsPanel.index = clamped
        return true
    }

    /// The width and height the selected finding's detail has at this layout (as the view splits it).
    static func detailRoom(_ state: AppState) -> (width: Int, height: Int) {
        guard let rect = ScreenLayout(state).rect(of: .findings) else { return (1, 1) }
        let area = PanelView.innerRect(rect)
        let body = area.height - 1
        let count = shown(state).count
        let listHeight = max(1, min(count, body < 8 ? body : max(3, (body - 1) / 2)))
        return (area.width, max(1, body - listHeight - 1))
    }

    /// The mouse wheel over the list moves the selection, as `j`/`k` do.
    static func wheel(_ state: inout AppState, by rows: Int) -> Bool {
        let index = max(0, min(state.findingsPanel.index + rows, shown(state).count - 1))
        if index != state.findingsPanel.index { state.findingsPanel.detailTop = 0 }
        state.findingsPanel.index = index
        return true
    }

    /// The findings the panel lists: all of them, or those matching its filter (case-insensitive).
    static func shown(_ state: AppState) -> [Finding] {
        guard !state.findingsPanel.filter.trimmingSpaces.isEmpty else { return state.findings }
        // The index is made with the findings (SessionAnalysis.refreshFindings): one row per finding.
        let matched = state.analysis.findingSearch.matches(state.findingsPanel.filter)
        return state.findings.indices.filter { matched.indices.contains($0) && matched[$0] }.map { state.findings[$0] }
    }

    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect, context: DrawContext) {
        drawFindingsView(FindingsPanelModel(sorted: shown(state), selected: state.findingIndex, names: state.analysis.findingNames,
                                             notEvaluated: state.analysis.rulesNotEvaluated, pending: state.analysis.rulesPending,
                                             detailTop: state.findingsPanel.detailTop),
                         into: &grid, rect: rect, context: context)
    }
}
