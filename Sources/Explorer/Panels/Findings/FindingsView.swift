import Analysis
import Canvas

/// What the Findings view draws: the findings (sorted by severity) and which one is selected.
public struct FindingsPanelModel: Sendable {
    public var findings: [Finding]
    /// Index into `findings` (clamped when drawn).
    public var selected: Int
    /// Labels for resource IDs (`orders-a (subnet-…)`), when the caller has them.
    public var names: [String: String]
    /// Rules that could not run because a kind they need was not collected: "none" would be a wrong answer.
    public var notEvaluated: [String]
    /// Rules still running (an organisation's cross-VPC rules, after the first frame): more may come.
    public var pending: [String] = []
    /// The first line of the selected finding's detail shown (`J`/`K` scroll it, so a long fix can be read whole).
    public var detailTop = 0

    /// Sorts the findings the way `vpcx check` does: errors first, then VPC, then resource.
    public init(findings: [Finding], selected: Int = 0, names: [String: String] = [:], notEvaluated: [String] = [], detailTop: Int = 0) {
        self.init(sorted: FindingEngine.sorted(findings), selected: selected, names: names, notEvaluated: notEvaluated, detailTop: detailTop)
    }

    /// Findings already in `FindingEngine.sorted` order (the session's, or a filter of them): an
    /// organisation's thousands are not sorted again for every frame.
    init(sorted findings: [Finding], selected: Int = 0, names: [String: String] = [:], notEvaluated: [String] = [],
         pending: [String] = [], detailTop: Int = 0) {
        self.pending = pending
        self.findings = findings
        self.detailTop = detailTop
        self.selected = selected
        self.names = names
        self.notEvaluated = notEvaluated
    }
}

/// The word, marker and role of a severity: meaning never rests on colour alone.
public func severityLabel(_ severity: Severity, glyphs: BoxGlyphs) -> (marker: Character, word: String, role: Role) {
    switch severity {
    case .error: return (glyphs.crossMark, "ERROR", .severityError)
    case .warning: return ("!", "WARN", .severityWarning)
    case .info: return ("i", "INFO", .severityInfo)
    }
}

/// Draws the Findings view: a count line, the list (scrolled to keep the selection visible), and the
/// selected finding's message and fix. Never draws outside `rect`.
public func drawFindingsView(_ model: FindingsPanelModel, into grid: inout Grid, rect: Rect, context: DrawContext) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area, " ")
    let glyphs = context.glyphs
    let ascii = context.ascii
    let findings = model.findings
    // The model's findings are sorted already: the report only counts them.
    let report = FindingsReport(FindingResults(findings: findings))
    // While rules still run, what is listed is not the answer yet: that comes first, before the counts.
    let label = model.pending.isEmpty ? "Findings" : "Findings so far (\(model.pending.count) rules running)"
    var header = findings.isEmpty ? "\(label): none" : "\(label): \(report.summaryLine)"
    if !model.notEvaluated.isEmpty { header += " (\(model.notEvaluated.count) rules not evaluated)" }
    let counterRoom = findings.count > 1 ? 2 * String(findings.count).count + 2 : 0 // `12/40` at the line's end
    grid.put(TextWidth.truncate(header, to: area.width - counterRoom, ascii: ascii), x: area.x, y: area.y, style: Style(.title, bold: true),
             clip: area)
    guard area.height > 1 else { return }
    if findings.isEmpty {
        var text = model.notEvaluated.isEmpty && model.pending.isEmpty ? "No rule found anything wrong in this network."
            : model.notEvaluated.isEmpty ? "No finding yet."
            : "No finding among the rules that could run. Not evaluated (a kind they need was not collected): "
              + model.notEvaluated.joined(separator: ", ") + "."
        if !model.pending.isEmpty { text += " Still running: " + model.pending.joined(separator: ", ") + "." }
        let lines = TextWidth.wrap(text, width: area.width)
        let settled = model.notEvaluated.isEmpty && model.pending.isEmpty
        for (i, line) in lines.enumerated() where area.y + 1 + i < area.maxY {
            grid.put(line, x: area.x, y: area.y + 1 + i, style: Style(settled ? .ok : .severityWarning), clip: area)
        }
        return
    }
    let selected = max(0, min(findings.count - 1, model.selected))
    let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)

    // The list takes what it needs up to about half the body, so the detail keeps room.
    let listHeight = max(1, min(findings.count, body.height < 8 ? body.height : max(3, (body.height - 1) / 2)))
    let list = Rect(x: body.x, y: body.y, width: body.width, height: listHeight)
    let top = max(0, min(selected - listHeight / 2, findings.count - listHeight))
    // The columns fit the widest of every finding, not only the rows shown, so they stay put as the
    // selection moves. By index: a closure over the findings would copy each one (a dozen strings).
    var ruleWidth = 0, resourceWidth = 0
    for i in findings.indices {
        ruleWidth = max(ruleWidth, TextWidth.of(findings[i].rule))
        resourceWidth = max(resourceWidth, TextWidth.of(model.names[findings[i].resource] ?? findings[i].resource))
    }
    resourceWidth = min(40, resourceWidth)
    for row in 0..<listHeight {
        let index = top + row
        guard index < findings.count else { break }
        let finding = findings[index]
        let y = list.y + row
        let label = severityLabel(finding.severity, glyphs: glyphs)
        let isSelected = index == selected
        var x = list.x
        x = grid.put(isSelected ? String(glyphs.arrowRight) : " ", x: x, y: y, style: Style(.selection, bold: true), clip: list)
        x = grid.put("\(label.marker) \(label.word.padding(5))", x: x, y: y, style: Style(label.role, bold: true), clip: list)
        x = grid.put(" " + TextWidth.sanitize(finding.rule).padding(ruleWidth), x: x, y: y, style: Style(.label), clip: list)
        // The resource keeps its tail when cut (an ID's tail tells IDs apart); the columns never overlap.
        let resource = TextWidth.truncate(TextWidth.sanitize(model.names[finding.resource] ?? finding.resource),
                                          to: min(resourceWidth, max(0, list.maxX - x - 1)), ascii: ascii)
        x = grid.put(" " + resource.padding(resourceWidth), x: x, y: y, style: Style(.id), clip: list)
        // Wide panels have room for the message too.
        if list.maxX - x > 20 {
            grid.put(TextWidth.truncate("  " + TextWidth.sanitize(finding.message), to: list.maxX - x, ascii: ascii, keep: .start), x: x, y: y,
                     style: Style(.normal), clip: list)
        }
        if isSelected {
            grid.restyle(Rect(x: list.x, y: y, width: list.width, height: 1)) { $0.reverse = true }
        }
    }
    if findings.count > listHeight, list.width > 12 {
        // The position goes on the count line, so it never covers a column of the list.
        let more = "\(selected + 1)/\(findings.count)"
        grid.put(more, x: area.maxX - TextWidth.of(more), y: area.y, style: Style(.dim), clip: area)
    }

    // Detail of the selected finding.
    var y = list.maxY
    guard y < body.maxY else { return }
    grid.hline(x: body.x, y: y, length: body.width, glyph: glyphs.horizontal, style: Style(.border))
    y += 1
    let finding = findings[selected]
    let detail = Rect(x: body.x, y: y, width: body.width, height: body.maxY - y)
    let lines = findingDetailLines(finding, names: model.names, width: detail.width)
    // The detail scrolls (J/K) so every line of the fix can be reached; the last row says what is below.
    let detailTop = max(0, min(model.detailTop, lines.count - detail.height))
    for row in 0..<detail.height where detailTop + row < lines.count {
        let i = detailTop + row
        let line = lines[i]
        if row == detail.height - 1 && i < lines.count - 1 {
            grid.put(TextWidth.truncate("\(glyphs.ellipsis) \(lines.count - i) more lines (J/K scroll)", to: detail.width, ascii: ascii),
                     x: detail.x, y: detail.y + row, style: Style(.dim), clip: detail)
            break
        }
        grid.put(TextWidth.truncate(line.0, to: detail.width, ascii: ascii), x: detail.x, y: detail.y + row, style: line.1, clip: detail)
    }
}

/// The selected finding's detail as lines at a width: its title, message, and fix (Terraform
/// wrapped only between tokens, so a quoted service name is never split).
func findingDetailLines(_ finding: Finding, names: [String: String], width: Int) -> [(String, Style)] {
    let label = severityLabel(finding.severity, glyphs: .ascii)
    var lines: [(String, Style)] = []
    let where_ = finding.resource == finding.vpc ? finding.vpc : "\(finding.resource) in \(finding.vpc)"
    lines.append(("\(label.word) \(finding.rule): \(names[finding.resource] ?? where_)", Style(label.role, bold: true)))
    for line in TextWidth.wrap(finding.message, width: width) { lines.append((line, Style(.normal))) }
    lines.append(("Fix:", Style(.label, bold: true)))
    for line in TextWidth.paragraphs(finding.fix) {
        for piece in TextWidth.wrapTokens(String(line), width: max(1, width - 2)) { lines.append(("  " + piece, Style(.value))) }
    }
    return lines
}

fileprivate extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
