import Canvas

/// `?`: every binding, generated from the key map.
enum HelpView {
    static func lines(_ state: AppState) -> [StyledLine] {
        var lines: [StyledLine] = [StyledLine("Keys", Style(.title, bold: true)), ""]
        let groups: [(String, (KeyBinding) -> Bool)] = [
            ("Everywhere", { $0.context == .global }),
            ("Navigator", { $0.context == .navigator }),
            ("Panels", { if case .panel = $0.context { return true }; return false }),
            ("Tour (vpcx tour)", { $0.context == .tour }),
        ]
        // The key column fits the longest label (up to 24 columns), so no key is cut.
        let keyWidth = min(24, max(16, (state.keyMap.bindings.map { TextWidth.of($0.keyLabel) }.max() ?? 0) + 1))
        for (title, belongs) in groups {
            let members = state.keyMap.bindings.filter(belongs)
            guard !members.isEmpty else { continue }
            lines.append(StyledLine(title, Style(.label, bold: true)))
            for b in members {
                lines.append(StyledLine([Span("  " + TextWidth.pad(b.keyLabel, to: keyWidth), Style(.key, bold: true)), Span(b.help)]))
            }
            lines.append("")
        }
        lines.append(StyledLine("Mouse: click selects, click a marker or a selected node to expand, the wheel scrolls.", Style(.dim)))
        lines.append(StyledLine("Any other key closes this help.", Style(.dim)))
        return lines
    }

    /// The help's box: centred, at most 96 columns, between the header and the footer, so it never
    /// draws over the frame's edges at 80x24.
    static func box(_ rect: Rect) -> Rect {
        let width = min(rect.width, 96), height = max(0, rect.height - 2)
        return Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + 1, width: width, height: height)
    }

    /// The lines folded to the box's width (a long help text continues on the next line).
    static func wrappedLines(_ state: AppState, width: Int) -> [StyledLine] {
        lines(state).flatMap { $0.wrapped(width: width, indent: min(26, width / 3)) }
    }

    /// The window onto the help at the current size; `reduce` clamps the help's scroll with it.
    static func viewport(_ state: AppState) -> Viewport {
        let inner = box(Rect(x: 0, y: 0, width: state.width, height: state.height)).inset(top: 1, left: 2, bottom: 1, right: 1)
        return Viewport(contentHeight: wrappedLines(state, width: inner.width).count, visibleHeight: inner.height, top: state.helpScroll)
    }

    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect) {
        let frame = box(rect)
        guard frame.width > 4, frame.height > 2 else { return }
        grid.fill(frame)
        grid.box(frame, glyphs: state.glyphs, style: Style(.borderFocused), title: "Help  (j/k scroll, any other key closes)")
        let inner = frame.inset(top: 1, left: 2, bottom: 1, right: 1)
        let view = viewport(state)
        grid.put(lines: wrappedLines(state, width: inner.width), in: inner, scroll: view.top)
        if view.scrolls { PanelView.drawPosition(view, glyphs: state.glyphs, into: &grid, frame: frame, focused: true) }
    }
}
