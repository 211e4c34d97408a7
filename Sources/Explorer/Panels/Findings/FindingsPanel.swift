import Analysis
import Canvas

/// The Findings panel's own state.
public struct FindingsState: Hashable, Sendable {
    /// The selected row (of the filtered list).
    public var index = 0
    /// `/` while the panel has focus: only findings whose rule, resource or message contain it.
    public var filter = ""
}

/// The Findings panel: every finding, sorted, with its fix; Enter goes to the resource.
enum FindingsPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.enter], .open, .panel(.findings), hint: "go to resource",
                   help: "Findings: select the finding's resource in the navigator", priority: 10),
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
        case .open:
            guard shown.indices.contains(index) else { return true }
            let finding = shown[index]
            state.jump(to: finding.resource)
            if state.message == nil { state.message = "\(finding.rule): \(finding.resource)" }
            state.panel = .detail
            return true
        default: return false
        }
        state.findingsPanel.index = max(0, min(index, count - 1))
        return true
    }

    /// The mouse wheel over the list moves the selection, as `j`/`k` do.
    static func wheel(_ state: inout AppState, by rows: Int) -> Bool {
        state.findingsPanel.index = max(0, min(state.findingsPanel.index + rows, shown(state).count - 1))
        return true
    }

    /// The findings the panel lists: all of them, or those matching its filter (case-insensitive).
    static func shown(_ state: AppState) -> [Finding] {
        let needle = state.findingsPanel.filter.lowercased().trimmingSpaces
        guard !needle.isEmpty else { return state.findings }
        return state.findings.filter { finding in
            [finding.rule, finding.resource, finding.message, state.analysis.findingNames[finding.resource] ?? ""]
                .contains { $0.lowercased().contains(needle) }
        }
    }

    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect, context: DrawContext) {
        drawFindingsView(FindingsPanelModel(findings: shown(state), selected: state.findingIndex, names: state.analysis.findingNames,
                                             notEvaluated: state.analysis.rulesNotEvaluated),
                         into: &grid, rect: rect, context: context)
    }
}
