import Analysis
import Canvas

/// The Findings panel's own state.
public struct FindingsState: Hashable, Sendable {
    /// The selected row.
    public var index = 0
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
        let count = state.findings.count
        var index = state.findingsPanel.index
        switch action {
        case .moveDown: index += 1
        case .moveUp: index -= 1
        case .pageDown: index += page
        case .pageUp: index -= page
        case .top: index = 0
        case .bottom: index = count - 1
        case .open:
            guard state.findings.indices.contains(index) else { return true }
            let finding = state.findings[index]
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
        state.findingsPanel.index = max(0, min(state.findingsPanel.index + rows, state.findings.count - 1))
        return true
    }

    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect, context: DrawContext) {
        drawFindingsView(FindingsPanelModel(findings: state.findings, selected: state.findingIndex, names: state.analysis.findingNames,
                                             notEvaluated: state.analysis.rulesNotEvaluated),
                         into: &grid, rect: rect, context: context)
    }
}
