import Analysis
import Canvas
import Model

/// Draws one panel in its box: the frame with its title (a focus mark and, when the content is
/// taller than the box, the position `13-24/40`), then the panel's own view. Panels that draw a
/// picture (Detail, Paths, ENIs, DNS, Cost) are drawn whole into a scratch grid at their natural
/// height and shown through a `Viewport`, so every one of them scrolls and none loses a line off
/// its bottom edge; Policy and Findings scroll themselves (a policy line, a selected finding).
enum PanelView {
    static func draw(_ panel: Panel, state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect) {
        let focused = isFocused(panel, state)
        // Focus reads without colour too: a marker before the title, in every theme and in ASCII.
        let marker = focused ? (state.glyphs.isASCII ? "> " : "▶ ") : ""
        let title = marker + "\(panel.rawValue) \(panel.title)" + subtitle(panel, state)
        grid.box(rect, glyphs: state.glyphs, style: Style(focused ? .borderFocused : .border), title: title)
        let inner = innerRect(rect)
        guard !inner.isEmpty else { return }
        if let (content, view) = scrolled(panel, state: state, layout: layout, inner: inner) {
            grid.blit(content, top: view.top, into: inner)
            if view.scrolls { drawPosition(view, glyphs: state.glyphs, into: &grid, frame: rect, focused: focused) }
            return
        }
        drawContent(panel, state: state, layout: layout, into: &grid, rect: inner, fit: inner.height)
    }

    /// The panel's room inside its frame.
    static func innerRect(_ rect: Rect) -> Rect { rect.inset(top: 1, left: 2, bottom: 1, right: 1) }

    static func isFocused(_ panel: Panel, _ state: AppState) -> Bool {
        state.focus == .panel && state.panel == panel && state.mode == .normal
    }

    /// Whether a panel is shown through a viewport (the others scroll themselves).
    static func usesViewport(_ panel: Panel) -> Bool { panel != .policy && panel != .findings }

    /// The panel drawn whole at its natural height, and the window onto it its scroll gives;
    /// nil for a panel that scrolls itself.
    static func scrolled(_ panel: Panel, state: AppState, layout: ScreenLayout, inner: Rect) -> (Grid, Viewport)? {
        guard usesViewport(panel) else { return nil }
        let tall = max(inner.height, naturalHeightLimit(panel, state: state, width: inner.width))
        var content = Grid(width: inner.width, height: tall)
        drawContent(panel, state: state, layout: layout, into: &content, rect: content.bounds, fit: inner.height)
        let height = max(inner.height, content.usedHeight)
        let view = Viewport(contentHeight: height, visibleHeight: inner.height, top: state.panelScroll[panel] ?? 0)
        return (content, view)
    }

    /// The most rows a panel's content may take: lines for a list of lines, room enough for a
    /// diagram and its notes, and for the Cost panel (whose chart fills what it is given) the height
    /// at which table, chart and explanation all show.
    static func naturalHeightLimit(_ panel: Panel, state: AppState, width: Int) -> Int {
        let memo = state.memo
        switch panel {
        case .detail: return DetailPanel.wrappedLines(state, memo: memo, width: width).count
        case .cost: return CostPanel.shown(state).map { CostPanel.naturalHeight($0, width: width) } ?? 0
        // Bounds, not exact heights: the scratch grid is cut to what was drawn (`usedHeight`).
        case .paths: return memo.path.map { 3 + PathDiagramView.requiredHeight($0, width: width) } ?? 0
        case .dns: return memo.dns.map { 2 + DNSView.wrappedLines($0, glyphs: state.glyphs, width: width).count } ?? 0
        case .enis:
            guard let matrix = memo.eniMatrix else { return 0 }
            let missing = matrix.rows.reduce(0) { $0 + $1.cells.filter(\.isMissing).count }
            // + the selected cell's line under the grid (wrapped at a narrow width).
            return 6 + 2 * max(1, matrix.rows.count) + missing * (3 + 200 / max(1, width)) + 2 + 200 / max(1, width)
        case .policy, .findings: return 0
        case .changes: return state.analysis.changeLines.count + 1
        }
    }

    /// The window a panel's scroll gives at this layout (nil for one that scrolls itself or is not
    /// shown): `reduce` clamps the scroll with it, so `G` then `k` moves at once.
    static func viewport(_ panel: Panel, state: AppState) -> Viewport? {
        let layout = ScreenLayout(state)
        guard let rect = layout.rect(of: panel) else { return nil }
        let inner = innerRect(rect)
        guard !inner.isEmpty else { return nil }
        return scrolled(panel, state: state, layout: layout, inner: inner)?.1
    }

    /// `13-24/40` on the bottom edge of the frame, and arrows on the right edge where there is more.
    static func drawPosition(_ view: Viewport, glyphs: BoxGlyphs, into grid: inout Grid, frame rect: Rect, focused: Bool) {
        let style = Style(focused ? .borderFocused : .border, bold: true)
        let text = " " + view.position + " "
        let x = rect.maxX - 2 - TextWidth.of(text)
        if x > rect.x + 1 { grid.put(text, x: x, y: rect.maxY - 1, style: style, clip: rect) }
        if view.top > 0 { grid.put(String(glyphs.arrowUp), x: rect.maxX - 1, y: rect.y + 1, style: style, clip: rect) }
        if view.top < view.maxTop { grid.put(String(glyphs.arrowDown), x: rect.maxX - 1, y: rect.maxY - 2, style: style, clip: rect) }
    }

    /// The panel's own view in `rect`; `fit` is the height of the room it is shown in (a diagram
    /// chooses its detail for that, then its notes follow below).
    static func drawContent(_ panel: Panel, state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect, fit: Int) {
        let focused = isFocused(panel, state)
        let context = DrawContext(glyphs: state.glyphs, focused: focused, frame: state.frame)
        // Each panel draws its model into its box; what it shows of the selection was worked out
        // into the memo by `reduce`, so nothing here analyses.
        let memo = state.frameMemo(for: layout.panels.map(\.panel))
        switch panel {
        case .detail: DetailPanel.draw(state, memo: memo, into: &grid, rect: rect, scroll: 0)
        case .paths: PathsPanel.draw(state, memo: memo, into: &grid, rect: rect, context: context, fit: fit)
        case .enis: ENIsPanel.draw(state, memo: memo, into: &grid, rect: rect, context: context)
        case .dns: DNSPanel.draw(state, memo: memo, into: &grid, rect: rect, context: context)
        case .policy: PolicyPanel.draw(state, focused: focused, into: &grid, rect: rect, context: context)
        case .cost: CostPanel.draw(state, memo: memo, into: &grid, rect: rect, context: context)
        case .findings: FindingsPanel.draw(state, into: &grid, rect: rect, context: context)
        case .changes: ChangesPanel.draw(state, into: &grid, rect: rect)
        }
    }

    static func hint(_ text: String, _ grid: inout Grid, _ rect: Rect) {
        let lines = TextWidth.wrap(text, width: rect.width, keepSpaces: false).map { StyledLine($0, Style(.dim)) }
        grid.put(lines: lines, in: rect)
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
            let rows = state.frameMemo(for: [.enis]).eniMatrix?.rows.count ?? 0
            return (state.focusVPC.map { ": " + ($0.name ?? $0.id) } ?? "")
                + listFilterNote(state.enis.filter, matched: ENIsPanel.shown(state)?.rows.count ?? 0, of: rows)
        case .policy:
            return state.focusEndpoint.map { ": " + ($0.name ?? $0.id) + (state.mode == .policyEdit ? "  [editing]" : "") } ?? ""
        case .cost:
            return (state.focusEndpoint.map { ": " + $0.service } ?? state.focusVPC.map { ": " + ($0.name ?? $0.id) } ?? "")
                + (state.singleAZ ? "  [single-AZ]" : "")
                + listFilterNote(state.cost.filter, matched: CostPanel.shown(state)?.rows.count ?? 0, of: state.frameMemo(for: [.cost]).cost?.rows.count ?? 0)
        case .findings:
            return ": " + FindingsReport.summaryLine(state.findingCounts)
                + listFilterNote(state.findingsPanel.filter, matched: FindingsPanel.shown(state).count, of: state.findings.count)
        case .changes:
            return ChangesPanel.subtitle(state)
        }
    }
}
