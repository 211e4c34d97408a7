import Analysis
import Canvas
import Model

/// The centrepiece: a request's path drawn twice, "Without endpoints" and "With endpoints", as
/// boxes and arrows like the article's diagrams, side by side when the rect is wide enough and
/// stacked when not. Every arrow carries its cost per GB; a blocked hop says `BLOCKED:` and why,
/// so meaning never rests on colour. Drawing goes through a scratch grid the size of the rect,
/// so nothing lands outside it at any size.
public enum PathDiagramView {
    /// How much of each hop is drawn; the richest mode whose height fits is used.
    enum Mode: CaseIterable {
        /// Boxes with every line (IDs, routes, ENI AZ and IP), long lines wrapped.
        case full
        /// Boxes of three rows: title and ID.
        case compact
        /// One text line per hop, no boxes.
        case lines
    }

    /// Narrowest panel that keeps a route like `0.0.0.0/0 → nat-…` readable in a box.
    static let minPanelWidth = 34
    static let gap = 2
    /// Columns from a box's left edge to its arrow stem; labels go to the stem's right.
    static let stemOffset = 3
    /// Rows above each chain: the panel title and its verdict.
    static let headerRows = 2

    /// The diagram as text for `vpcx diagram`: as tall as it needs at `width` columns.
    public static func diagramText(_ path: RequestPath, width: Int, glyphs: BoxGlyphs = .unicode, packet: Int? = nil) -> String {
        let width = max(1, width)
        let height = requiredHeight(path, width: width, glyphs: glyphs)
        var grid = Grid(width: width, height: height)
        drawPathDiagram(path, into: &grid, rect: grid.bounds, context: DrawContext(glyphs: glyphs), packet: packet)
        return grid.text
    }

    /// The rows the diagram takes at full detail, notes included, drawn with `glyphs`.
    public static func requiredHeight(_ path: RequestPath, width: Int, glyphs: BoxGlyphs = .unicode) -> Int {
        let layout = Layout(path: shown(path, glyphs: glyphs), width: max(1, width), mode: .full, glyphs: glyphs)
        return layout.diagramHeight + layout.noteLines(width: max(1, width)).count
    }

    // MARK: Layout

    /// One panel's path laid out for a mode and a panel width. Its path is the `shown` one: every text
    /// already as the display draws it.
    struct Chain {
        var title: String
        var path: RequestPath
        var mode: Mode
        var width: Int
        var boxWidth: Int
        /// Content lines of each hop's box (the title goes in the top border).
        var boxLines: [[String]]
        /// Label lines of the arrow into each hop (index 0, the source, has none).
        var arrowLabels: [[String]]
        /// Rows of the arrow into each hop; padding lines up the service boxes of two panels.
        var arrowRows: [Int]

        init(title: String, path: RequestPath, mode: Mode, width: Int, boxWidth: Int, monthlyGB: Double? = nil,
             glyphs: BoxGlyphs = .unicode) {
            self.title = title
            self.path = path
            self.mode = mode
            self.width = width
            self.boxWidth = min(width, boxWidth)
            let inner = max(1, self.boxWidth - 4)
            let labelWidth = max(1, width - PathDiagramView.stemOffset - 2)
            var boxLines: [[String]] = []
            var labels: [[String]] = []
            var rows: [Int] = []
            for (i, hop) in path.hops.enumerated() {
                let content = [hop.id] + hop.detail.map(\.plain)
                switch mode {
                case .full: boxLines.append(content.flatMap { PathDiagramView.wrap($0, width: inner) })
                case .compact: boxLines.append([content.prefix(2).joined(separator: glyphs.glyph(forNotation: ComposedText.Mark.separator.notation))])
                // One hop a line, wrapped (after its glyph) rather than cut at the panel's edge.
                case .lines: boxLines.append(PathDiagramView.wrap(PathDiagramView.lineText(hop, index: i, monthlyGB: monthlyGB), width: max(1, width - 2)))
                }
                let label = i == 0 ? "" : PathDiagramView.arrowLabel(into: hop, path: path, monthlyGB: monthlyGB)
                let wrapped = mode == .full ? PathDiagramView.wrap(label, width: labelWidth) : [label]
                labels.append(label.isEmpty ? [] : wrapped)
                rows.append(i == 0 || mode == .lines ? 0 : (mode == .full ? max(1, wrapped.count) : 1))
            }
            self.boxLines = boxLines
            arrowLabels = labels
            arrowRows = rows
        }

        func boxHeight(_ i: Int) -> Int { mode == .lines ? max(1, boxLines[i].count) : 2 + max(1, boxLines[i].count) }

        var height: Int {
            var total = PathDiagramView.headerRows
            for i in path.hops.indices { total += boxHeight(i) + arrowRows[i] }
            return total
        }

        /// The widest box content, for sizing boxes alike in both panels.
        static func contentWidth(_ path: RequestPath) -> Int {
            path.hops.map { hop in
                max(TextWidth.of(hop.label) + 4, ([hop.id] + hop.detail.map(\.plain)).map { TextWidth.of($0) }.max() ?? 0)
            }.max() ?? 0
        }
    }

    /// Both chains and where they go.
    struct Layout {
        var sideBySide: Bool
        var chains: [Chain]
        var rects: [Rect]
        var diagramHeight: Int
        var glyphs: BoxGlyphs

        init(path: RequestPath, width: Int, mode: Mode, monthlyGB: Double? = nil, glyphs: BoxGlyphs = .unicode) {
            let without = path.without ?? path
            self.glyphs = glyphs
            sideBySide = width >= 2 * PathDiagramView.minPanelWidth + PathDiagramView.gap
            let wanted = max(30, max(Chain.contentWidth(without), Chain.contentWidth(path)) + 4)
            // On a wide screen the panels keep the boxes plus room for arrow labels, not half the width each.
            let panelWidth = sideBySide ? min((width - PathDiagramView.gap) / 2, wanted + 32) : width
            let boxWidth = min(panelWidth, wanted)
            var left = Chain(title: "Without endpoints", path: without, mode: mode, width: panelWidth, boxWidth: boxWidth, monthlyGB: monthlyGB,
                             glyphs: glyphs)
            var right = Chain(title: "With endpoints", path: path, mode: mode, width: panelWidth, boxWidth: boxWidth, monthlyGB: monthlyGB,
                              glyphs: glyphs)
            if sideBySide && mode != .lines {
                // Line up the two service boxes: the shorter chain's last arrow grows.
                let difference = left.height - right.height
                if difference > 0, let last = right.arrowRows.indices.last, last > 0 { right.arrowRows[last] += difference }
                if difference < 0, let last = left.arrowRows.indices.last, last > 0 { left.arrowRows[last] -= difference }
            }
            chains = [left, right]
            if sideBySide {
                let x2 = panelWidth + PathDiagramView.gap
                rects = [Rect(x: 0, y: 0, width: panelWidth, height: left.height),
                         Rect(x: x2, y: 0, width: panelWidth, height: right.height)]
                diagramHeight = max(left.height, right.height)
            } else {
                rects = [Rect(x: 0, y: 0, width: width, height: left.height),
                         Rect(x: 0, y: left.height + 1, width: width, height: right.height)]
                diagramHeight = left.height + 1 + right.height
            }
        }

        /// The lines under the diagrams: what the endpoints change, then the notes.
        func noteLines(width: Int) -> [(text: String, role: Role)] {
            guard let right = chains.last, let left = chains.first else { return [] }
            var lines: [(String, Role)] = [("", .normal)]
            for line in PathDiagramView.wrap(PathDiagramView.verdict(without: left.path, with: right.path, glyphs: glyphs), width: width) {
                lines.append((line, right.path.isPrivate ? .costSaving : .normal))
            }
            for note in right.path.notes {
                let wrapped = PathDiagramView.wrap(note.plain, width: max(1, width - 2))
                for (i, line) in wrapped.enumerated() { lines.append(((i == 0 ? "- " : "  ") + line, .dim)) }
            }
            return lines
        }
    }

    /// What the endpoints change for this request, in one sentence (the paths are `shown` ones).
    static func verdict(without: RequestPath, with path: RequestPath, glyphs: BoxGlyphs = .unicode) -> String {
        let service = path.service
        if let unknown = path.unknown ?? without.unknown { return "Not known: \(unknown)." }
        if path.via == without.via && path.endpoint == nil {
            if path.notes.contains(where: { $0.plain.contains("is bypassed") }) {
                return "The \(service) endpoint is bypassed (see the notes): both paths are the same."
            }
            return "No endpoint serves \(service) from here: both paths are the same."
        }
        if !path.reachable && !without.reachable {
            return "Neither path reaches \(service): see what blocks each."
        }
        if !path.reachable && without.reachable {
            return "The endpoint path is blocked, and \(service) is reachable only without it."
        }
        if path.reachable && !without.reachable {
            return "Only the endpoint reaches \(service): without it there is no way out (\(PerGB.text(path.costPerGB)))."
        }
        let saving = without.costPerGB - path.costPerGB
        if saving > 0 { return "Endpoints save \(PerGB.text(saving)) on \(service) (\(glyphs.displayed("\(PerGB.text(without.costPerGB)) -> \(PerGB.text(path.costPerGB))")))." }
        if saving < 0 { return "The endpoint costs \(PerGB.text(-saving)) more than \(without.via.title) for \(service), but keeps it private." }
        return "Same cost per GB either way (\(PerGB.text(path.costPerGB)))."
    }

    /// A hop as one line of text (after its glyph), for the `lines` mode: what it is and what a GB
    /// costs through it, why it blocks, or a route table's route.
    static func lineText(_ hop: Hop, index: Int, monthlyGB: Double? = nil) -> String {
        if let blocked = hop.blocked { return "BLOCKED: \(blocked)" }
        if hop.kind == .routeTable, let route = hop.detail.first { return route.plain }
        var text = "\(hop.label) \(hop.id)"
        if index > 0, hop.kind != .routeTable { text += " " + PerGB.text(hop.costPerGB) + volume(monthlyGB, at: hop.costPerGB) }
        return text
    }

    /// `, 3.2 TB/mo = $144.00`: a monthly figure crossing a hop priced per GB (nothing without a figure).
    static func volume(_ monthlyGB: Double?, at perGB: Double) -> String {
        monthlyGB.map { gb in ", \(CostFormat.volume(gb))/mo" + (perGB > 0 ? " = \(CostFormat.money(gb * perGB))" : "") } ?? ""
    }

    /// The words on the arrow into a hop: its price per GB, and with a monthly figure for the service
    /// (usage file, flow logs, `--gb`) the GB that cross it and what they cost (`$0.045/GB NAT processing,
    /// 3.2 TB/mo = $144.00`), so the diagram itself says where the money goes.
    static func arrowLabel(into hop: Hop, path: RequestPath, monthlyGB: Double? = nil) -> String {
        if let blocked = hop.blocked { return "BLOCKED: \(blocked)" }
        if path.via == .unknown { return "" }
        let volume = volume(monthlyGB, at: hop.costPerGB)
        switch hop.kind {
        case .source, .routeTable: return ""
        case .natGateway: return PerGB.text(hop.costPerGB) + " NAT processing" + volume
        case .interfaceEndpoint:
            return PerGB.text(hop.costPerGB) + (path.crossAz ? " endpoint + cross-AZ" : " endpoint processing") + volume
        case .gatewayEndpoint, .internetGateway, .service: return PerGB.text(hop.costPerGB) + volume
        case .routeTarget:
            // The hop into another VPC: a transit gateway charges per GB, a peering within a region does not.
            if hop.id.hasPrefix("tgw-") { return PerGB.text(hop.costPerGB) + " transit gateway data" + volume }
            if hop.id.hasPrefix("pcx-") { return "peering (no charge in one AZ)" + volume }
            return ""
        case .unknown: return ""
        }
    }

    /// The colour role of a path: endpoint, NAT, internet or blocked.
    static func role(of path: RequestPath) -> Role {
        if path.unknown != nil { return .severityWarning }
        if !path.reachable { return .pathBlocked }
        switch path.via {
        case .gatewayEndpoint, .interfaceEndpoint: return .pathEndpoint
        case .natGateway: return .pathNAT
        case .internetGateway, .egressOnlyInternetGateway: return .pathInternet
        default: return .pathBlocked
        }
    }

    /// Text for an ASCII terminal, folded before layout measures it so a box is as wide as what is drawn:
    /// a character outside ASCII (from an input: a tag, a name) becomes its ASCII stand-in, or `?`.
    /// vpcx's own notation is ASCII already in that mode (`BoxGlyphs.displayed`).
    static func fold(_ text: String, ascii: Bool) -> String {
        guard ascii, text.unicodeScalars.contains(where: { $0.value > 0x7e }) else { return text }
        var out = ""
        for ch in text {
            switch ch {
            case "…": out += "..."
            default: out.append(ch.unicodeScalars.allSatisfy { $0.value < 0x7f } ? ch : Grid.asciiStandIn(for: ch))
            }
        }
        return out
    }

    /// The path as `glyphs` draw it, before layout measures it: each text Analysis composed with vpcx's
    /// notation drawn (`glyphs.displayed`: `->` as `→` in Unicode), in ASCII mode every text folded. The
    /// copy's texts are display text, with no notation left to mark (and so `verbatim`).
    static func shown(_ path: RequestPath, glyphs: BoxGlyphs) -> RequestPath {
        let ascii = glyphs.isASCII
        func show(_ text: ComposedText) -> ComposedText { ComposedText(verbatim: fold(glyphs.displayed(text), ascii: ascii)) }
        var copy = path
        copy.hops = path.hops.map { hop in
            var hop = hop
            hop.id = fold(hop.id, ascii: ascii)
            hop.label = fold(hop.label, ascii: ascii)
            hop.detail = hop.detail.map(show)
            hop.blocked = hop.blocked.map(show)
            return hop
        }
        copy.notes = path.notes.map(show)
        copy.unknown = path.unknown.map(show)
        copy.without = path.without.map { shown($0, glyphs: glyphs) }
        return copy
    }

    /// Notes and labels wrap with spaces collapsed, and a long hostname or ID splits after a dot
    /// or a dash so its pieces stay whole.
    static func wrap(_ text: String, width: Int) -> [String] {
        TextWidth.wrap(text, width: width, keepSpaces: false, breakAfter: [".", "-"])
    }
}

/// Draws the with/without diagrams of a request into `rect`, choosing side by side or stacked and
/// the richest detail that fits; `packet` places the animated packet on both paths.
/// `fitHeight` (default: the rect's) is the height the diagram's detail is chosen for; the notes
/// follow the diagram for as long as `rect` goes.
public func drawPathDiagram(_ path: RequestPath, into grid: inout Grid, rect: Rect, context: DrawContext, packet: Int? = nil,
                            fitHeight: Int? = nil, monthlyGB: Double? = nil) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    var canvas = Grid(width: rect.width, height: rect.height)
    PathDiagramView.draw(path, into: &canvas, context: context, packet: packet, fitHeight: fitHeight, monthlyGB: monthlyGB)
    // Copy the scratch grid into place; a wide character cut by the grid's edge becomes a space.
    for y in area.y..<area.maxY {
        for x in area.x..<area.maxX {
            var cell = canvas[x - rect.x, y - rect.y]
            if cell.width == 2 && x + 1 >= area.maxX { cell = Cell(" ", style: cell.style) }
            if cell.width == 0 && x == area.x { cell = Cell(" ", style: cell.style) }
            grid[x, y] = cell
        }
    }
}

extension PathDiagramView {
    /// Draws into a grid that is exactly the diagram's rect (origin 0,0).
    static func draw(_ path: RequestPath, into canvas: inout Grid, context: DrawContext, packet: Int?, fitHeight: Int? = nil,
                     monthlyGB: Double? = nil) {
        let path = shown(path, glyphs: context.glyphs)
        let width = canvas.width, height = canvas.height
        let fitHeight = min(height, fitHeight ?? height)
        var chosen: Layout?
        for mode in Mode.allCases {
            let layout = Layout(path: path, width: width, mode: mode, monthlyGB: monthlyGB, glyphs: context.glyphs)
            let fits = layout.diagramHeight <= fitHeight
                && (mode == .lines || layout.chains.allSatisfy { $0.boxWidth >= (mode == .full ? 28 : 16) })
            if fits || mode == .lines { chosen = layout; if fits { break } }
        }
        guard let layout = chosen else { return }
        for (chain, rect) in zip(layout.chains, layout.rects) {
            drawChain(chain, at: rect, into: &canvas, glyphs: context.glyphs, packet: packet)
        }
        var y = layout.diagramHeight
        for line in layout.noteLines(width: width) where y < height {
            canvas.put(TextWidth.truncate(fold(line.text, ascii: context.ascii), to: width, ascii: context.ascii), x: 0, y: y,
                       style: Style(line.role))
            y += 1
        }
    }

    static func drawChain(_ chain: Chain, at rect: Rect, into canvas: inout Grid, glyphs: BoxGlyphs, packet: Int?) {
        let path = chain.path
        let role = role(of: path)
        let ascii = glyphs.isASCII
        let clip = rect
        func put(_ text: String, _ x: Int, _ y: Int, _ style: Style) {
            canvas.put(TextWidth.truncate(TextWidth.sanitize(text), to: max(0, clip.maxX - x), ascii: ascii), x: x, y: y,
                       style: style, clip: clip)
        }
        // Header: the panel's title, then the verdict in words (not only colour).
        put(chain.title.uppercased(), rect.x, rect.y, Style(.title, bold: true))
        let status: String
        if path.unknown != nil {
            status = "? " + (path.via == .unknown ? "unknown (not collected)" : "via \(path.via.title), then unknown")
        } else if path.reachable {
            status = "\(glyphs.check) via \(path.via.title)\(glyphs.glyph(forNotation: ComposedText.Mark.separator.notation))\(PerGB.text(path.costPerGB))"
        } else {
            status = "\(glyphs.crossMark) unreachable" + (path.via == .none ? "" : " via \(path.via.title)")
        }
        put(fold(status, ascii: ascii), rect.x, rect.y + 1, Style(role, bold: !path.reachable))

        let blockedIndex = path.hops.firstIndex { $0.blocked != nil }
        let stations = blockedIndex.map { $0 + 1 } ?? path.hops.count
        let packetStation = packet.map { stations > 0 ? (($0 % stations) + stations) % stations : 0 }
        var y = rect.y + PathDiagramView.headerRows
        let stemX = rect.x + PathDiagramView.stemOffset

        for (i, hop) in path.hops.enumerated() {
            let beyond = blockedIndex.map { i > $0 } ?? false
            let hopRole: Role = hop.blocked != nil ? .pathBlocked : (beyond ? .dim : (hop.kind == .source ? .border : role))
            if chain.mode == .lines {
                let glyph: String
                if hop.blocked != nil { glyph = String(glyphs.crossMark) }
                else if i == 0 { glyph = String(glyphs.bullet) }
                else { glyph = String(glyphs.arrowRight) }
                for (row, line) in chain.boxLines[i].enumerated() {
                    put((row == 0 ? glyph : " ") + " " + line, rect.x, y + row, Style(hopRole))
                }
                if packetStation == i { put(String(glyphs.packet), rect.x, y, Style(.packet, bold: true)) }
                y += chain.boxHeight(i)
                continue
            }
            // The arrow into the hop.
            if i > 0 {
                let rows = chain.arrowRows[i]
                let arrowRole: Role = hop.blocked != nil ? .pathBlocked : (beyond ? .dim : role)
                for r in 0..<rows {
                    let last = r == rows - 1
                    var glyph = last ? glyphs.arrowDown : glyphs.vertical
                    if hop.blocked != nil && r == 0 { glyph = glyphs.crossMark }
                    canvas.put(String(glyph), x: stemX, y: y + r, style: Style(arrowRole, bold: hop.blocked != nil), clip: clip)
                    if r < chain.arrowLabels[i].count {
                        let labelRole: Role = hop.blocked != nil ? .pathBlocked : (hop.costPerGB > 0 ? .costExpense : .costSaving)
                        put(chain.arrowLabels[i][r], stemX + 2, y + r, Style(labelRole, bold: hop.blocked != nil))
                    }
                }
                if packetStation == i {
                    canvas.put(String(glyphs.packet), x: stemX, y: y + rows - 1, style: Style(.packet, bold: true), clip: clip)
                }
                y += rows
            }
            // The box.
            let boxRect = Rect(x: rect.x, y: y, width: chain.boxWidth, height: chain.boxHeight(i)).intersection(clip)
            let title = (hop.blocked != nil ? "\(glyphs.crossMark) " : "") + hop.label
            canvas.box(boxRect, glyphs: glyphs, style: Style(hopRole), title: title,
                       titleStyle: Style(hopRole == .border ? .title : hopRole, bold: true))
            for (row, line) in chain.boxLines[i].enumerated() {
                let style = Style(row == 0 ? .id : (beyond ? .dim : .normal))
                let inner = Rect(x: boxRect.x + 2, y: boxRect.y + 1, width: boxRect.width - 4, height: boxRect.height - 2)
                canvas.put(TextWidth.truncate(TextWidth.sanitize(line), to: inner.width, ascii: ascii), x: inner.x,
                           y: inner.y + row, style: style, clip: inner)
            }
            if i < path.hops.count - 1, boxRect.width > PathDiagramView.stemOffset + 1 {
                canvas.put(String(glyphs.teeDown), x: stemX, y: boxRect.maxY - 1, style: Style(hopRole), clip: clip)
            }
            if packetStation == i && i == 0 {
                canvas.put(String(glyphs.packet), x: boxRect.x + 1, y: boxRect.y + 1, style: Style(.packet, bold: true), clip: boxRect)
            }
            y += chain.boxHeight(i)
        }
    }
}
