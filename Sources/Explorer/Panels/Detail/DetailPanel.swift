import Analysis
import Canvas
import Model

/// The Detail panel: the selection's findings, then everything about the selected node.
enum DetailPanel {
    static let bindings: [KeyBinding] = []

    /// The panel's lines (made once per selection, into the memo).
    static func lines(_ state: AppState) -> [StyledLine] { lines(state, centralisation: state.selectedRegionCentralisation) }

    /// The same with the selected region's centralise? answer worked out already (the memo shares it with the Cost panel).
    static func lines(_ state: AppState, centralisation: Centralisation?) -> [StyledLine] {
        var lines: [StyledLine] = []
        if let id = state.selectedNode?.id.resourceID {
            for finding in state.findings(for: id) {
                let label = severityLabel(finding.severity, glyphs: state.glyphs)
                lines.append(StyledLine([Span("\(label.marker) \(label.word) ", Style(label.role, bold: true)),
                                         Span(finding.rule + ": ", Style(label.role)), Span(finding.message)]))
            }
            if !lines.isEmpty { lines.append(StyledLine("  (7 lists every finding with its fix)", Style(.dim))) }
            // Cross-VPC findings are about VPCs: while those rules run, "no finding" above is not an answer yet.
            if case .vpc(let vpcID)? = state.selectedNode?.id, state.analysis.isPending(about: vpcID) {
                lines.append(StyledLine("Checking across VPCs" + (state.glyphs.isASCII ? "..." : "…") + " ("
                                        + state.analysis.rulesPending.joined(separator: ", ") + "): their findings come when done",
                                        Style(.severityInfo)))
            }
            // `--compare`: what changed about it since OLD, as the Changes panel says it.
            if let changed = state.analysis.changeLinesByResource[id] {
                lines.append(StyledLine("Since OLD (8 lists every change):", Style(.severityWarning, bold: true)))
                lines += changed.map { StyledLine(state.glyphs.displayed($0), Style(ChangesPanel.role($0.plain))) }
            }
        }
        return lines + DetailContent.lines(for: state.selectedNode, in: state.inventory, glyphs: state.glyphs, resolver: state.resolver,
                                           centralisation: centralisation)
    }

    /// The lines folded to the panel's width, so a long one continues below instead of being cut.
    static func wrappedLines(_ state: AppState, memo: SelectionMemo, width: Int) -> [StyledLine] {
        (memo.detailLines ?? lines(state)).flatMap { $0.wrapped(width: width) }
    }

    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, scroll: Int) {
        grid.put(lines: wrappedLines(state, memo: memo, width: rect.width), in: rect, scroll: scroll)
    }
}
