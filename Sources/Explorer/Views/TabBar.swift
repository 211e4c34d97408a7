import Canvas
import Model

/// The numbered panel tabs over the right side.
enum TabBar {
    /// Each tab's columns, for drawing and for mouse clicks.
    static func spans(in rect: Rect, state: AppState) -> [(Panel, Range<Int>)] {
        let start = rect.x + (ScreenLayout(state).kind == .single ? TextWidth.of(navigatorLabel) : 0)
        let full = Panel.allCases.reduce(0) { $0 + TextWidth.of(label($1, short: false)) }
        // Too narrow for every title: numbers only, but the current tab keeps its title.
        let short = start + full > rect.maxX
        var x = start
        var result: [(Panel, Range<Int>)] = []
        for panel in Panel.allCases {
            let w = TextWidth.of(label(panel, short: short && panel != state.panel))
            result.append((panel, x..<(x + w)))
            x += w
        }
        return result
    }

    static let navigatorLabel = " 0 Navigator "

    static func label(_ panel: Panel, short: Bool) -> String { short ? " \(panel.rawValue) " : " \(panel.rawValue) \(panel.title) " }

    static func draw(_ state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect) {
        grid.fill(rect, style: Style(.dim))
        if layout.kind == .single {
            let on = state.focus == .navigator
            grid.put(navigatorLabel, x: rect.x, y: rect.y, style: Style(on ? .selection : .dim, bold: on, reverse: false), clip: rect)
        }
        let shown = Set(layout.panels.map(\.panel))
        for (panel, span) in spans(in: rect, state: state) {
            let current = panel == state.panel && (layout.kind != .single || state.focus == .panel)
            let style: Style
            if current { style = Style(.selection, bold: true) }
            else if shown.contains(panel) { style = Style(.title) }
            else { style = Style(.dim) }
            // Brackets mark the current tab, so it reads without colour too.
            var text = label(panel, short: span.count < TextWidth.of(label(panel, short: false)))
            if current { text = "[" + text.dropFirst().dropLast() + "]" }
            grid.put(text, x: span.lowerBound, y: rect.y, style: style, clip: rect)
        }
    }
}
