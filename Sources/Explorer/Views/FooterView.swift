import Canvas

/// The bottom line: the prompt when one is open, else a message, else key hints of the focused
/// pane, dropped by priority when they do not fit.
enum FooterView {
    /// What `:` would complete to (Tab), or what it takes.
    static func jumpHint(_ state: AppState) -> String {
        let options = state.jumpCompletions(for: state.prompt)
        if options.isEmpty { return "ID, IP, CIDR or Name tag; Tab completes, Enter jumps" }
        let shown = options.prefix(3).joined(separator: " ")
        return "Tab: " + shown + (options.count > 3 ? " (+\(options.count - 3))" : "")
    }

    static func draw(_ state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect) {
        grid.fill(rect, style: Style(.footer))
        // A pre-filled value shows selected (reverse): typing replaces it. Else the cursor is the
        // reversed cell.
        let field = state.promptField
        let chars = Array(field.text)
        let at = min(field.cursor, chars.count)
        let value = field.selected ? [Span(field.text, Style(.input, reverse: true))]
            : [Span(String(chars[..<at]), Style(.input)),
               Span(at < chars.count ? String(chars[at]) : " ", Style(.input, bold: true, reverse: true)),
               Span(at < chars.count ? String(chars[(at + 1)...]) : "", Style(.input))]
        switch state.mode {
        case .filter:
            // A panel's list says which one it filters (its title counts the matches); n/N walk the navigator's.
            let hint = state.filterTarget.map { "   filters the \($0.title) list  Enter keep  Esc clear" }
                ?? "   Enter keep  Esc clear  n/N next/prev match"
            let text = StyledLine([Span("/", Style(.key, bold: true))] + value + [Span(hint, Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .jump:
            let text = StyledLine([Span(":", Style(.key, bold: true))] + value + [
                                   Span("   " + jumpHint(state), Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .writePath:
            // The full path it will write, so a relative name or `~` is no surprise.
            let target = state.resolvedWritePath(state.prompt)
            let shown = target == state.prompt.trimmingSpaces || state.prompt.trimmingSpaces.isEmpty ? "" : "  = " + target
            let text = StyledLine([Span("Write .tf: ", Style(.key, bold: true))] + value + [Span(shown, Style(.dim)), Span("  Enter write  Esc cancel", Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .trafficEntry:
            let service = state.focusEndpoint?.service ?? state.selectedService
            let text = StyledLine([Span("GB/month for \(service): ", Style(.key, bold: true))] + value
                                  + [Span("  Enter set  Esc cancel", Style(.dim))])
            grid.put(text, x: rect.x, y: rect.y, clip: rect)
            return
        case .confirmQuit:
            let count = state.whatIf.changes.count
            grid.put(" \(count) what-if change\(count == 1 ? "" : "s") not written. Quit? q/y quits, any other key stays (W writes)",
                     x: rect.x, y: rect.y, style: Style(.severityWarning, bold: true), clip: rect)
            return
        case .confirmOverwrite:
            let name = TextWidth.truncate(state.pendingWritePath, to: max(12, rect.width - 34), ascii: state.glyphs.isASCII)
            grid.put(" \(name) exists. Overwrite? y yes, other key: new name", x: rect.x, y: rect.y,
                     style: Style(.severityWarning, bold: true), clip: rect)
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
