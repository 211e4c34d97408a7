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
        let scroll = state.panelScroll[panel] ?? 0
        switch panel {
        case .detail:
            let lines = DetailContent.lines(for: state.selectedNode, in: state.inventory, glyphs: state.glyphs)
            grid.put(lines: lines, in: inner, scroll: scroll)
        default:
            _ = context
            grid.put(lines: [StyledLine("Select a subnet or an endpoint.", Style(.dim))], in: inner)
        }
    }

    static func subtitle(_ panel: Panel, _ state: AppState) -> String {
        switch panel {
        case .detail:
            if let node = state.selectedNode, let id = node.id.resourceID { return ": " + (node.label == id ? id : node.label) }
            return ""
        default:
            return ""
        }
    }
}
