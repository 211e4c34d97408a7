import Canvas

/// The bottom line: the prompt when one is open, else a message, else key hints of the focused
/// pane, dropped by priority when they do not fit.
enum FooterView {
    static func draw(_ state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect) {
        grid.fill(rect, style: Style(.footer))
        switch state.mode {
        case .filter:
            let text = StyledLine([Span("/", Style(.key, bold: true)), Span(state.prompt, Style(.input)), Span("_", Style(.input, bold: true)),
                                   Span("   Enter keep  Esc clear", Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .jump:
            let text = StyledLine([Span(":", Style(.key, bold: true)), Span(state.prompt, Style(.input)), Span("_", Style(.input, bold: true)),
                                   Span("   ID or Name tag, Enter to jump", Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .writePath:
            let text = StyledLine([Span("Write Terraform to: ", Style(.key, bold: true)), Span(state.prompt, Style(.input)),
                                   Span("_", Style(.input, bold: true)), Span("   Enter write  Esc cancel", Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .policyEdit:
            let text = StyledLine([Span(" EDITING REQUEST ", Style(.key, bold: true)),
                                   Span("  type to change the field   Tab/Down next field   Backspace delete   Esc/Enter done", Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .help, .normal:
            break
        }
        if let message = state.message {
            grid.put(" " + message, x: rect.x, y: rect.y, style: Style(.severityWarning, bold: true), clip: rect)
            return
        }
        let context: KeyContext = state.focus == .navigator ? .navigator : .panel(state.panel)
        var x = rect.x + 1
        for binding in state.keyMap.hints(for: context) {
            guard let hint = binding.hint else { continue }
            let keyText = binding.keys.prefix(1).map(\.description).joined()
            let width = TextWidth.of(keyText) + 1 + TextWidth.of(hint) + 2
            if x + width > rect.maxX { continue }
            x = grid.put(keyText, x: x, y: rect.y, style: Style(.key, bold: true), clip: rect)
            x = grid.put(" " + hint + "  ", x: x, y: rect.y, style: Style(.footer), clip: rect)
        }
    }
}
