import Analysis
import Canvas

/// The per-AZ ENIs of a VPC's interface endpoints: AZs as columns, endpoints as rows. A missing AZ
/// says `MISSING` and what it costs callers there; the source subnet's AZ is marked `[AZ]` and
/// highlighted, so the mark survives a monochrome theme.
public enum ENIGridView {
    /// The grid as text, for snapshots and the command line.
    public static func text(_ matrix: ENIMatrix, width: Int, glyphs: BoxGlyphs = .unicode) -> String {
        let height = 2 + 2 * max(1, matrix.rows.count) + 1 + 2 * matrix.rows.reduce(0) { $0 + $1.cells.filter(\.isMissing).count }
        var grid = Grid(width: max(1, width), height: height)
        drawENIGrid(matrix, into: &grid, rect: grid.bounds, context: DrawContext(glyphs: glyphs))
        return grid.text
    }
}

/// Draws an ENI matrix into `rect`: two rows per endpoint (ENI ID, then IP), notes for missing AZs below.
/// With `selectedCell` (counted row by row), that cell is marked and its full ENI ID and IP are
/// written under the grid, however narrow the columns.
public func drawENIGrid(_ matrix: ENIMatrix, into grid: inout Grid, rect: Rect, context: DrawContext, selectedCell: Int? = nil) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let glyphs = context.glyphs
    func put(_ text: String, _ x: Int, _ y: Int, width: Int, _ style: Style, keep: TextWidth.Keep = .automatic) {
        guard width > 0 else { return }
        let cell = Rect(x: x, y: y, width: width, height: 1).intersection(area)
        grid.put(TextWidth.truncate(TextWidth.sanitize(text), to: width, ascii: context.ascii, keep: keep), x: x, y: y, style: style,
                 clip: cell)
    }
    guard !matrix.rows.isEmpty else {
        put("No interface endpoints in \(matrix.vpc).", area.x, area.y, width: area.width, Style(.dim))
        return
    }
    let zones = matrix.zones
    let wideFirst = min(max(16, area.width / (zones.count + 2)), 24)
    // Narrow (an ENI ID does not fit a column): the AZs by their letter, an ID by its tail, and a
    // narrower first column so an IP fits whole.
    let compact = zones.isEmpty ? false : (area.width - wideFirst) / zones.count - 1 < 21
    let first = compact ? min(wideFirst, 12) : wideFirst
    let columnWidth = zones.isEmpty ? 0 : max(1, (area.width - first) / zones.count)
    let zonePrefix = compact ? commonPrefix(zones) : ""
    var y = area.y
    put("ENDPOINT", area.x, y, width: first - 1, Style(.label, bold: true))
    for (i, zone) in zones.enumerated() {
        let isSource = zone == matrix.sourceAZ
        let name = compact && zones.count > 1 ? String(zone.dropFirst(zonePrefix.count)) : zone
        put(isSource ? "[\(name)]" : name, area.x + first + i * columnWidth, y, width: columnWidth - 1,
            Style(isSource ? .selection : .label, bold: true))
    }
    y += 1
    grid.hline(x: area.x, y: y, length: min(area.width, first + zones.count * columnWidth), glyph: glyphs.horizontal,
               style: Style(.border))
    y += 1
    var notes: [String] = []
    let cellCount = matrix.rows.count * zones.count
    let selected = selectedCell.flatMap { cellCount > 0 ? max(0, min($0, cellCount - 1)) : nil }
        .map { (row: $0 / zones.count, column: $0 % zones.count) }
    for (rowIndex, row) in matrix.rows.enumerated() where y < area.maxY {
        put(row.service, area.x, y, width: first - 1, Style(.interfaceEndpoint, bold: true))
        put(row.state == "available" ? row.endpoint : "\(glyphs.crossMark) \(row.state) \(row.endpoint)", area.x, y + 1, width: first - 1,
            Style(row.state == "available" ? .id : .severityError))
        for (i, cell) in row.cells.enumerated() {
            let x = area.x + first + i * columnWidth
            if cell.isMissing {
                put("\(glyphs.crossMark) MISSING", x, y, width: columnWidth - 1, Style(.severityWarning, bold: true))
                put(cell.consequence ?? "", x, y + 1, width: columnWidth - 1, Style(.severityWarning))
                notes.append("\(row.service) has no ENI in \(cell.availabilityZone): \(cell.consequence ?? "no ENI")")
            } else if row.endpoint.hasPrefix("vpce-whatif-") || row.planned {
                // A what-if endpoint's ENIs, or those of one the spec adds, do not exist yet.
                put("planned", x, y, width: columnWidth - 1, Style(.whatIf))
                put("IP on create", x, y + 1, width: columnWidth - 1, Style(.dim))
            } else if compact {
                // The IP first (what a reader compares), the ENI ID's tail under it.
                put(cell.ip ?? "IP ?", x, y, width: columnWidth - 1, Style(.value), keep: .end)
                put(cell.networkInterface ?? "", x, y + 1, width: columnWidth - 1, Style(.id))
            } else {
                put(cell.networkInterface ?? "", x, y, width: columnWidth - 1, Style(.id))
                put(cell.ip ?? "IP unknown", x, y + 1, width: columnWidth - 1, Style(.value))
            }
            if cell.availabilityZone == matrix.sourceAZ {
                grid.restyle(Rect(x: x, y: y, width: columnWidth - 1, height: 2).intersection(area)) { $0.bold = true }
            }
            if let selected, selected.row == rowIndex, selected.column == i {
                grid.restyle(Rect(x: x, y: y, width: columnWidth - 1, height: 2).intersection(area)) { $0.reverse = true }
            }
        }
        y += 2
    }
    if compact && zones.count > 1 && y < area.maxY {
        y += 1
        put("AZs: " + zones.joined(separator: ", "), area.x, y, width: area.width, Style(.dim))
        y += 1
    }
    if let selected, matrix.rows[selected.row].cells.indices.contains(selected.column), y < area.maxY {
        // The selected cell in full: what a narrow column cut off.
        let row = matrix.rows[selected.row]
        let cell = row.cells[selected.column]
        let what: String
        if cell.isMissing {
            what = "no ENI: \(cell.consequence ?? "callers here have no ENI in this AZ")"
        } else if row.endpoint.hasPrefix("vpce-whatif-") || row.planned {
            what = "planned (ENI and IP on create)"
        } else {
            what = "\(cell.networkInterface ?? "ENI unknown") \(cell.ip ?? "IP unknown")"
        }
        y += 1
        let text = "\(glyphs.arrowRight) \(row.service) in \(cell.availabilityZone): \(what)"
        for line in TextWidth.wrap(text, width: max(1, area.width), keepSpaces: false, breakAfter: ["-", "."]) where y < area.maxY {
            put(line, area.x, y, width: area.width, Style(.value, bold: true))
            y += 1
        }
    }
    if !notes.isEmpty && y < area.maxY {
        y += 1
        for note in notes {
            for (i, line) in PathDiagramView.wrap(note, width: max(1, area.width - 2)).enumerated() where y < area.maxY {
                put((i == 0 ? "- " : "  ") + line, area.x, y, width: area.width, Style(.severityWarning))
                y += 1
            }
        }
    }
}

/// The start all the AZ names share (`eu-west-1`), so a narrow grid heads its columns `a b c`.
func commonPrefix(_ names: [String]) -> String {
    guard var prefix = names.first else { return "" }
    for name in names.dropFirst() {
        while !name.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
