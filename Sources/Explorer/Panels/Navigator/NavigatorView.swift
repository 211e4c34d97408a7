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
            let gaps = state.headerFacts.gaps
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
