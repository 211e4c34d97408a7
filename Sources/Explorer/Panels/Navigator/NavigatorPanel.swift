import Canvas
import Model

/// The navigator's own state: which nodes are open, the filter, the visible rows and the cursor.
public struct NavigatorState: Hashable, Sendable {
    public var expanded: Set<NodeID> = []
    /// The applied filter ("" for none).
    public var filter: String = ""
    /// Visible rows (indexes into the tree's nodes).
    public var rows: [Int] = []
    /// The selected row (index into `rows`).
    public var cursor: Int = 0
    /// The first visible row.
    public var top: Int = 0
}

/// The navigator: the tree of regions, VPCs and their parts on the left.
enum NavigatorPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character(" ")], .toggleExpand, .navigator, help: "Expand or collapse the node"),
    ]

    /// Cursor moves in the navigator.
    static func move(_ state: inout AppState, _ action: Action, page: Int) {
        switch action {
        case .moveDown: state.cursor += 1
        case .moveUp: state.cursor -= 1
        case .pageDown: state.cursor += page
        case .pageUp: state.cursor -= page
        case .top: state.cursor = 0
        case .bottom: state.cursor = state.rows.count - 1
        default: break
        }
        state.cursor = max(0, min(state.cursor, state.rows.count - 1))
        state.panelScroll[.detail] = 0
    }

    /// The mouse over the navigator's box: the wheel scrolls, a click selects (and on the marker, or
    /// on the selected node, opens or closes it).
    /// `n` / `N`: the next (previous) row matching the filter, wrapping around; without a filter
    /// the status line says how to make one.
    static func nextMatch(_ state: inout AppState, forward: Bool) {
        let needle = state.filter.lowercased().trimmingSpaces
        guard !needle.isEmpty else {
            state.message = "no search: / filters the navigator, then n and N go to the next and previous match"
            return
        }
        let rows = state.rows
        guard !rows.isEmpty else { return }
        let matched = state.tree.matches(needle)
        for step in 1...rows.count {
            let row = ((state.cursor + (forward ? step : -step)) % rows.count + rows.count) % rows.count
            if matched[rows[row]] {
                state.cursor = row
                state.focus = .navigator
                return
            }
        }
        state.message = "no match for '\(state.filter)'"
    }

    static func mouse(_ state: inout AppState, _ event: MouseEvent, in nav: Rect) {
        switch event.kind {
        case .wheelUp: state.navigatorTop = max(0, state.navigatorTop - 3); state.cursor = max(0, state.cursor - 3)
        case .wheelDown: state.navigatorTop += 3; state.cursor = min(state.rows.count - 1, state.cursor + 3)
        case .press:
            state.focus = .navigator
            let row = state.navigatorTop + (event.y - nav.y - 1)
            guard event.y > nav.y, event.y < nav.maxY - 1, row >= 0, row < state.rows.count else { return }
            let wasSelected = row == state.cursor
            state.cursor = row
            let node = state.tree.nodes[state.rows[row]]
            let markerX = nav.x + 1 + node.depth * 2
            if node.hasChildren && (event.x == markerX || wasSelected) { state.toggle() }
        case .release: break
        }
    }
}

extension AppState {
    mutating func applyFilter(_ text: String) {
        if filteringFindings {
            findingsPanel.filter = text
            findingsPanel.index = 0
            return
        }
        let selected = selectedID
        filter = text
        refreshRows(keeping: selected)
        navigatorTop = 0
    }

    mutating func open() {
        guard let node = selectedNode else { return }
        if node.hasChildren && focus == .navigator {
            if !expanded.contains(node.id) {
                expanded.insert(node.id)
                refreshRows(keeping: node.id)
            } else if cursor + 1 < rows.count {
                cursor += 1
            }
            return
        }
        focus = .panel
    }

    mutating func back() {
        if mode == .help { mode = .normal; return }
        if focus == .panel {
            focus = .navigator
            return
        }
        // A kept filter is the first thing Esc takes away, as in k9s.
        if !filter.isEmpty {
            applyFilter("")
            return
        }
        guard let node = selectedNode else { return }
        if node.hasChildren && expanded.contains(node.id) {
            expanded.remove(node.id)
            refreshRows(keeping: node.id)
        } else if node.parent >= 0, let row = rows.firstIndex(of: node.parent) {
            cursor = row
        }
    }

    mutating func toggle() {
        guard let node = selectedNode, node.hasChildren else { return }
        if expanded.contains(node.id) { expanded.remove(node.id) } else { expanded.insert(node.id) }
        refreshRows(keeping: node.id)
    }

    /// `:` jump: an exact ID first, then a Name tag or label, case-insensitive; opens the way there.
    mutating func jump(to text: String) {
        let needle = text.trimmingSpaces.lowercased()
        guard !needle.isEmpty else { return }
        let nodes = tree.nodes
        let target = nodes.firstIndex { $0.id.resourceID?.lowercased() == needle }
            ?? nodes.firstIndex { $0.label.lowercased() == needle }
            ?? jumpTarget(for: needle).flatMap { tree.index(of: $0) }
            ?? nodes.firstIndex { $0.id.resourceID != nil && $0.searchText.contains(needle) }
        guard let target else {
            message = "no resource with ID or name '\(text)'"
            return
        }
        var p = nodes[target].parent
        while p >= 0 { expanded.insert(nodes[p].id); p = nodes[p].parent }
        if !filter.isEmpty { filter = "" }
        refreshRows(keeping: nodes[target].id)
        focus = .navigator
    }

    /// What `:` finds that is not a navigator row: an ENI (by ID or private IP) goes to its
    /// endpoint, else its subnet; a route target or prefix list to the route table that has it; a
    /// CIDR to the subnet or VPC with it; an IP to the subnet that holds it.
    func jumpTarget(for needle: String) -> NodeID? {
        if let eni = inventory.networkInterfaces.first(where: { $0.id.lowercased() == needle || $0.privateIP?.description == needle }) {
            if let endpoint = inventory.endpoints.first(where: { $0.networkInterfaceIDs.contains(eni.id) }) { return .endpoint(endpoint.id) }
            return .subnet(eni.subnetID)
        }
        if let table = inventory.routeTables.first(where: { table in
            table.routes.contains { $0.destination.description.lowercased() == needle || $0.target.description.lowercased().hasSuffix(needle) }
        }), needle.contains("-") {
            return .routeTable(table.id)
        }
        if let subnet = inventory.subnets.first(where: { $0.cidr?.description == needle }) { return .subnet(subnet.id) }
        if let vpc = inventory.vpcs.first(where: { $0.cidr?.description == needle }) { return .vpc(vpc.id) }
        if let ip = IPv4Address(needle), let subnet = inventory.subnets.first(where: { $0.cidr?.contains(ip) == true }) {
            return .subnet(subnet.id)
        }
        return nil
    }

    /// IDs, IPs and CIDRs of what is loaded that start with `prefix`, for the `:` prompt's Tab.
    func jumpCompletions(for prefix: String) -> [String] {
        let needle = prefix.lowercased()
        guard !needle.isEmpty else { return [] }
        var names: [String] = tree.nodes.compactMap(\.id.resourceID)
        names += inventory.networkInterfaces.flatMap { [$0.id] + ($0.privateIP.map { [$0.description] } ?? []) }
        names += inventory.subnets.compactMap { $0.cidr?.description }
        names += inventory.contents.prefixLists.map(\.id)
        var seen = Set<String>()
        return names.filter { $0.lowercased().hasPrefix(needle) && seen.insert($0).inserted }.sorted()
    }

    /// Scrolls the navigator so the cursor stays on screen.
    mutating func keepCursorVisible() {
        let visible = max(1, ScreenLayout(self).navigatorRows)
        if cursor < navigatorTop { navigatorTop = cursor }
        if cursor >= navigatorTop + visible { navigatorTop = cursor - visible + 1 }
        navigatorTop = max(0, min(navigatorTop, max(0, rows.count - visible)))
    }
}
