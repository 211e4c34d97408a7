import Canvas
import Model

/// The whole screen for a state: what the terminal presents and `vpcx snapshot` prints.
public enum Screen {
    /// Renders a state into a grid of its size.
    public static func render(_ state: AppState) -> Grid {
        var grid = Grid(width: state.width, height: state.height)
        render(state, into: &grid)
        return grid
    }

    /// Renders into an existing grid (reused between frames to spare allocations).
    public static func render(_ state: AppState, into grid: inout Grid) {
        if grid.width != state.width || grid.height != state.height {
            grid = Grid(width: state.width, height: state.height)
        } else {
            grid.fill(grid.bounds)
        }
        let layout = ScreenLayout(state)
        if layout.kind == .tooSmall {
            drawTooSmall(state, into: &grid)
            if state.glyphs.isASCII { grid.asciify() }
            return
        }
        HeaderView.draw(state, into: &grid, rect: layout.header)
        if let bar = layout.tabBar { TabBar.draw(state, layout: layout, into: &grid, rect: bar) }
        if let nav = layout.navigator { NavigatorView.draw(state, into: &grid, rect: nav) }
        for (panel, rect) in layout.panels {
            PanelView.draw(panel, state: state, layout: layout, into: &grid, rect: rect)
        }
        FooterView.draw(state, layout: layout, into: &grid, rect: layout.footer)
        if state.tour != nil { TourBar.draw(state, into: &grid) }
        if state.mode == .help { HelpView.draw(state, into: &grid, rect: grid.bounds) }
        if let loading = state.loading, state.isLoadingBlind { drawLoading(loading, state: state, into: &grid) }
        if state.glyphs.isASCII { grid.asciify() }
    }

    static func drawTooSmall(_ state: AppState, into grid: inout Grid) {
        let lines = ["Terminal too small", "\(state.width)x\(state.height); vpcx needs 40x12", "(q quits)"]
        for (i, line) in lines.enumerated() {
            let y = state.height / 2 - 1 + i
            let text = TextWidth.truncate(line, to: state.width, ascii: state.glyphs.isASCII)
            grid.put(text, x: max(0, (state.width - TextWidth.of(text)) / 2), y: y, style: Style(i == 0 ? .severityWarning : .dim, bold: i == 0))
        }
    }

    static func drawLoading(_ text: String, state: AppState, into grid: inout Grid) {
        let width = min(state.width - 4, max(30, TextWidth.of(text) + 4))
        let rect = Rect(x: (state.width - width) / 2, y: state.height / 2 - 1, width: width, height: 3)
        grid.fill(rect)
        grid.box(rect, glyphs: state.glyphs, title: "Loading")
        grid.put(TextWidth.truncate(text, to: width - 4, ascii: state.glyphs.isASCII), x: rect.x + 2, y: rect.y + 1, style: Style(.value))
    }
}

/// What the header says about the loaded network, worked out once per analysis (`AppState.install`),
/// not per frame: an organisation's thousands of sources are sorted and split to name their root.
struct HeaderFacts: Sendable {
    /// The sources' path, or their common directory (nil: nothing loaded).
    var sourceText: String?
    var gaps = 0
    var assumed = 0
    /// Kinds no source described (none for an empty network).
    var missing: [ResourceKind] = []
    /// Kinds a first look is still reading (`InventoryContents.loading`).
    var loading: [ResourceKind] = []
    /// The one region, or "N regions", or the inventory's.
    var region: String?
    var account: String?
    var vpcCount = 0
    /// The newest source's time, as the header prints it.
    var newest: String?

    init() {}

    init(_ inventory: Inventory) {
        let sources = inventory.sources
        if sources.isEmpty { sourceText = nil }
        else if sources.allSatisfy({ $0.path == sources[0].path }) { sourceText = sources[0].path }
        else { sourceText = HeaderView.sourceRoot(sources) }
        gaps = sources.reduce(0) { $0 + $1.gaps.count }
        assumed = inventory.contents.assumptions.count
        // A kind still loading (a first look) is not one no source described.
        missing = inventory.vpcs.isEmpty && inventory.endpoints.isEmpty ? []
            : inventory.missingKinds.filter { !inventory.contents.loading.contains($0) }
        loading = ResourceKind.allCases.filter { inventory.contents.loading.contains($0) }
        let regions = Set(inventory.vpcs.compactMap(\.region))
        if let one = regions.count == 1 ? regions.first : inventory.region {
            region = regions.count > 1 ? "\(regions.count) regions" : one
        }
        account = inventory.account
        vpcCount = inventory.vpcs.count
        newest = sources.compactMap(\.modified).max().map(Timestamp.text)
    }
}

/// The top line: what is loaded, from where, for which account and region; what-ifs and findings.
enum HeaderView {
    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect) {
        grid.fill(rect, style: Style(.header))
        let facts = state.headerFacts
        var spans = [Span(" vpcx ", Style(.header, bold: true, reverse: true)), Span(" ", Style(.header))]
        let sourceText: String
        // While the first load runs, nothing is known yet: say it is loading, not that nothing is there.
        let loadingFirst = facts.sourceText == nil && state.loading != nil
        if loadingFirst { sourceText = "loading" + (state.glyphs.isASCII ? "..." : "…") }
        else { sourceText = facts.sourceText ?? "(nothing loaded)" }
        // The source is cut so what matters most (findings, what-if) always fits.
        spans.append(Span(TextWidth.truncate(sourceText, to: max(12, rect.width * 2 / 5), ascii: state.glyphs.isASCII),
                          Style(.header, bold: true)))
        // A first look: what is still being read comes first, as it qualifies every figure after it.
        if state.loading != nil, !facts.loading.isEmpty {
            spans.append(Span("  loading " + facts.loading.map(\.title).joined(separator: ", ") + (state.glyphs.isASCII ? "..." : "…"),
                              Style(.severityInfo, bold: true)))
        }
        // Deferred cross-VPC rules: the counts after this are not the last word yet.
        if !state.analysis.rulesPending.isEmpty {
            spans.append(Span("  checking across VPCs" + (state.glyphs.isASCII ? "..." : "…"), Style(.severityInfo, bold: true)))
        }
        let counts = state.findingCounts
        if let errors = counts[.error] { spans.append(Span("  \(errors) error\(errors == 1 ? "" : "s")", Style(.severityError, bold: true))) }
        if let warnings = counts[.warning] { spans.append(Span("  \(warnings) warning\(warnings == 1 ? "" : "s")", Style(.severityWarning))) }
        if !state.whatIf.isEmpty {
            spans.append(Span("  WHAT-IF: \(state.whatIf.changes.count) change\(state.whatIf.changes.count == 1 ? "" : "s")", Style(.whatIf, bold: true)))
        }
        if facts.gaps > 0 { spans.append(Span("  gaps: \(facts.gaps)", Style(.severityWarning, bold: true))) }
        if facts.assumed > 0 { spans.append(Span("  assumed: \(facts.assumed)", Style(.severityWarning))) }
        // Kinds no source described, and the call that collects them: what every "unknown" below stands for.
        let missing = facts.missing
        if !missing.isEmpty {
            spans.append(Span("  not collected: " + missing.map(\.title).joined(separator: ", ")
                              + " (aws ec2 " + missing.map(\.awsCommand).joined(separator: ", ") + ")", Style(.severityWarning)))
        }
        if let region = facts.region { spans.append(Span("  " + region, Style(.header))) }
        if let account = facts.account { spans.append(Span("  acct " + account, Style(.header))) }
        if !loadingFirst {
            spans.append(Span("  \(facts.vpcCount) VPC\(facts.vpcCount == 1 ? "" : "s")", Style(.header)))
        }
        if let newest = facts.newest { spans.append(Span("  " + newest, Style(.header))) }
        grid.put(StyledLine(spans), x: rect.x, y: rect.y, clip: rect)
    }

    /// A short label for several sources: their common directory, or the first and a count. In one
    /// pass over the paths, narrowing the shared leading components: an organisation has 8,205
    /// sources, and the header is made again after every what-if.
    static func sourceRoot(_ sources: [SourceInfo]) -> String {
        guard let first = sources.first?.path else { return "" }
        // The longest shared run of bytes of the paths, each ended by a "/" so a path that is another's
        // folder counts whole; cut back to its last "/", that is whole folder names. Bytes, not split
        // components: this runs after every what-if, over an organisation's 8,205 sources.
        var common = Array(first.utf8) + [UInt8(ascii: "/")]
        for source in sources.dropFirst() where !common.isEmpty {
            var shared = 0
            for byte in source.path.utf8 {
                guard shared < common.count, common[shared] == byte else { break }
                shared += 1
            }
            if shared == source.path.utf8.count, shared < common.count, common[shared] == UInt8(ascii: "/") { shared += 1 }
            common.removeLast(common.count - shared)
        }
        let folder = common.lastIndex(of: UInt8(ascii: "/")).map { String(decoding: common[..<$0], as: UTF8.self) } ?? ""
        guard folder.isEmpty || folder == "/" else { return folder + "/" }
        // Nothing shared: the first path by name and how many others.
        let distinct = Set(sources.map(\.path))
        return "\(distinct.min() ?? first) +\(distinct.count - 1)"
    }
}

/// UTC date and time from seconds since 1970, without Foundation: `2026-11-27 22:18Z`.
enum Timestamp {
    static func text(_ seconds: Double) -> String {
        let total = Int(seconds)
        var days = total / 86_400
        let secondsOfDay = total % 86_400
        // Civil-from-days (Howard Hinnant's algorithm), valid for the Gregorian calendar.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60))Z"
    }
}
