import Canvas

/// The navigator: the tree of regions, VPCs and their resources, with counts, names and markers.
enum NavigatorView {
    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect) {
        let focused = state.focus == .navigator && state.mode != .help
        var title = "Navigator"
        if !state.filter.isEmpty || state.mode == .filter { title += " /" + (state.mode == .filter ? state.prompt : state.filter) }
        title += "  \(state.rows.isEmpty ? 0 : state.cursor + 1)/\(state.rows.count)"
        grid.box(rect, glyphs: state.glyphs, style: Style(focused ? .borderFocused : .border), title: title)
        let inner = rect.inset(1)
        guard !inner.isEmpty else { return }
        if state.rows.isEmpty {
            // Empty because a source could not be read (a module not installed) is not an empty network.
            let gaps = state.inventory.sources.flatMap(\.gaps).count
            let empty = gaps > 0 ? "(incomplete: \(gaps) part\(gaps == 1 ? "" : "s") not read; see Detail)" : "(empty inventory)"
            grid.put(state.filter.isEmpty ? empty : "no match for '\(state.filter)'", x: inner.x, y: inner.y,
                     style: Style(gaps > 0 ? .severityWarning : .dim), clip: inner)
            return
        }
        let glyphs = state.glyphs
        for line in 0..<inner.height {
            let row = state.navigatorTop + line
            guard row < state.rows.count else { break }
            let node = state.tree.nodes[state.rows[row]]
            let y = inner.y + line
            let selected = row == state.cursor
            var x = inner.x + node.depth * 2
            let marker: String
            if node.hasChildren {
                marker = String(state.expanded.contains(node.id) || !state.filter.isEmpty ? glyphs.expanded : glyphs.collapsed)
            } else {
                marker = " "
            }
            x = grid.put(marker + " ", x: x, y: y, style: Style(.dim), clip: inner)
            x = grid.put(node.label, x: x, y: y, style: Style(labelRole(node), bold: node.hasChildren), clip: inner)
            if !node.badge.isEmpty {
                x = grid.put(" " + node.badge, x: x, y: y, style: Style(badgeRole(node.badge)), clip: inner)
            }
            if !node.detail.isEmpty {
                grid.put("  " + node.detail, x: x, y: y, style: Style(.dim), clip: inner)
            }
            if selected {
                let bar = Rect(x: inner.x, y: y, width: inner.width, height: 1)
                let role: Role = focused ? .selection : .selectionUnfocused
                grid.restyle(bar) { style in
                    style.role = role
                    style.reverse = false
                }
                // A pointer marks the row for monochrome terminals too.
                grid.put(glyphs.isASCII ? ">" : "▶", x: inner.x, y: y, style: Style(role, bold: true), clip: inner)
            }
        }
        // A scroll hint when the list is longer than the box.
        if state.rows.count > inner.height {
            let indicator = "\(state.navigatorTop + 1)-\(min(state.rows.count, state.navigatorTop + inner.height))"
            grid.put(" " + indicator + " ", x: rect.maxX - TextWidth.of(indicator) - 3, y: rect.maxY - 1, style: Style(.dim), clip: rect)
        }
    }

    static func labelRole(_ node: NavigatorNode) -> Role {
        switch node.id {
        case .region, .vpc: return .title
        case .subnet: return node.badge == "public" ? .publicSubnet : .privateSubnet
        case .endpoint:
            return .interfaceEndpoint
        default: return .normal
        }
    }

    static func badgeRole(_ badge: String) -> Role {
        switch badge {
        case "private": return .privateSubnet
        case "public": return .publicSubnet
        case "main", "default": return .label
        case "no private DNS": return .severityWarning
        default: return .severityError
        }
    }
}

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
