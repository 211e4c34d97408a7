import Analysis
import Canvas
import Model

/// Draws one panel in its box: the frame with its title, then the panel's own view.
enum PanelView {
    static func draw(_ panel: Panel, state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect) {
        let focused = state.focus == .panel && state.panel == panel && state.mode == .normal
        let title = "\(panel.rawValue) \(panel.title)" + subtitle(panel, state)
        grid.box(rect, glyphs: state.glyphs, style: Style(focused ? .borderFocused : .border), title: title)
        let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 1)
        guard !inner.isEmpty else { return }
        let context = DrawContext(glyphs: state.glyphs, focused: focused, frame: state.frame)
        // Each panel draws its model into its box; what it shows of the selection was worked out
        // into the memo by `reduce`, so nothing here analyses.
        let memo = state.frameMemo(for: layout.panels.map(\.panel))
        switch panel {
        case .detail: DetailPanel.draw(state, memo: memo, into: &grid, rect: inner, scroll: state.panelScroll[panel] ?? 0)
        case .paths: PathsPanel.draw(state, memo: memo, into: &grid, rect: inner, context: context)
        case .enis: ENIsPanel.draw(state, memo: memo, into: &grid, rect: inner, context: context)
        case .dns: DNSPanel.draw(state, memo: memo, into: &grid, rect: inner, context: context)
        case .policy: PolicyPanel.draw(state, focused: focused, into: &grid, rect: inner, context: context)
        case .cost: CostPanel.draw(state, memo: memo, into: &grid, rect: inner, context: context)
        case .findings: FindingsPanel.draw(state, into: &grid, rect: inner, context: context)
        }
    }

    static func hint(_ text: String, _ grid: inout Grid, _ rect: Rect) {
        grid.put(lines: [StyledLine(text, Style(.dim))], in: rect)
    }

    static func subtitle(_ panel: Panel, _ state: AppState) -> String {
        switch panel {
        case .detail:
            if let node = state.selectedNode, let id = node.id.resourceID { return ": " + (node.label == id ? id : node.label) }
            return ""
        case .paths, .dns:
            guard let subnet = state.focusSubnet else { return "" }
            return ": \(subnet.name ?? subnet.id) \(state.glyphs.arrowRight) \(state.selectedService)"
        case .enis:
            return state.focusVPC.map { ": " + ($0.name ?? $0.id) } ?? ""
        case .policy:
            return state.focusEndpoint.map { ": " + ($0.name ?? $0.id) + (state.mode == .policyEdit ? "  [editing]" : "") } ?? ""
        case .cost:
            return (state.focusEndpoint.map { ": " + $0.service } ?? state.focusVPC.map { ": " + ($0.name ?? $0.id) } ?? "")
                + (state.singleAZ ? "  [single-AZ]" : "")
        case .findings:
            let counts = state.findingCounts
            let errors = counts[.error] ?? 0, warnings = counts[.warning] ?? 0, infos = counts[.info] ?? 0
            return ": \(errors) error, \(warnings) warning, \(infos) info"
        }
    }
}
