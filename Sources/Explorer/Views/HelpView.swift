import Canvas

/// `?`: every binding, generated from the key map.
enum HelpView {
    static func lines(_ state: AppState) -> [StyledLine] {
        var lines: [StyledLine] = [StyledLine("Keys", Style(.title, bold: true)), ""]
        let groups: [(String, (KeyBinding) -> Bool)] = [
            ("Everywhere", { $0.context == .global }),
            ("Navigator", { $0.context == .navigator }),
            ("Panels", { if case .panel = $0.context { return true }; return false }),
        ]
        for (title, belongs) in groups {
            let members = state.keyMap.bindings.filter(belongs)
            guard !members.isEmpty else { continue }
            lines.append(StyledLine(title, Style(.label, bold: true)))
            for b in members {
                lines.append(StyledLine([Span("  " + TextWidth.pad(b.keyLabel, to: 16), Style(.key, bold: true)), Span(b.help)]))
            }
            lines.append("")
        }
        lines.append(StyledLine("Mouse: click selects, click a marker or a selected node to expand, the wheel scrolls.", Style(.dim)))
        lines.append(StyledLine("Any other key closes this help.", Style(.dim)))
        return lines
    }

    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect) {
        let content = lines(state)
        let width = min(rect.width - 2, 96), height = min(rect.height - 2, content.count + 2)
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + (rect.height - height) / 2, width: width, height: height)
        grid.fill(box)
        grid.box(box, glyphs: state.glyphs, style: Style(.borderFocused), title: "Help")
        grid.put(lines: content, in: box.inset(top: 1, left: 2, bottom: 1, right: 1), scroll: state.helpScroll)
    }
}
