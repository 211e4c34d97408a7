import Canvas
import Model

/// The numbered panel tabs over the right side.
enum TabBar {
    /// How much room the labels get: full titles, short titles (`2 Path`), or numbers.
    enum Fit { case full, short, numbers }

    /// Each tab's columns, for drawing and for mouse clicks.
    static func spans(in rect: Rect, state: AppState) -> [(Panel, Range<Int>)] {
        let start = rect.x + (ScreenLayout(state).kind == .single ? TextWidth.of(navigatorLabel) : 0)
        let fit = [Fit.full, .short, .numbers].first { fit in
            start + state.shownPanels.reduce(0) { $0 + TextWidth.of(label($1, fit: $1 == state.panel ? .full : fit)) } <= rect.maxX
        } ?? .numbers
        var x = start
        var result: [(Panel, Range<Int>)] = []
        for panel in state.shownPanels {
            // The current tab keeps its whole title.
            let w = TextWidth.of(label(panel, fit: panel == state.panel ? .full : fit))
            result.append((panel, x..<(x + w)))
            x += w
        }
        return result
    }

    static let navigatorLabel = " 0 Navigator "

    /// A tab's text; every label starts and ends with a space, which the current tab's brackets take.
    static func label(_ panel: Panel, fit: Fit) -> String {
        switch fit {
        case .full: return " \(panel.rawValue) \(panel.title) "
        case .short: return " \(panel.rawValue) \(panel.shortTitle)"
        case .numbers: return " \(panel.rawValue) "
        }
    }

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
            var text = current ? label(panel, fit: .full) : String(label(panel, fit: .full).prefix(span.count))
            if span.count < TextWidth.of(label(panel, fit: .full)) {
                text = span.count > 3 ? label(panel, fit: .short) : label(panel, fit: .numbers)
            }
            if current { text = "[" + text.dropFirst().dropLast() + "]" }
            grid.put(text, x: span.lowerBound, y: rect.y, style: style, clip: rect)
        }
    }
}
