import Analysis
import Canvas

/// The Changes panel (`--compare OLD NEW`): what `vpcx diff OLD NEW` says, resources added, removed
/// and changed, then the paths, findings and monthly cost that follow. Its text is the diff's own
/// (`NetworkDiff.text`), made once on load; the panel only colours it by sign and scrolls it.
enum ChangesPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("8")], .selectPanel(.changes), .global,
                   help: "Changes panel (with --compare OLD NEW): what changed and what follows"),
    ]

    /// The role of a diff line: added and appearing read as new, removed and disappearing as gone,
    /// changed as a warning, unknown (`?`) as unknown.
    static func role(_ line: String) -> Role {
        switch line.first(where: { $0 != " " }) {
        case "+": return .ok
        case "-": return .severityError
        case "~": return .severityWarning
        case "?": return .unknown
        default: return .normal
        }
    }

    static func draw(_ state: AppState, into grid: inout Grid, rect: Rect) {
        guard state.diff != nil else {
            return PanelView.hint("Start vpcx with --compare OLD NEW to see what changed between two networks.", &grid, rect)
        }
        for (row, line) in state.analysis.changeLines.enumerated() where row < rect.height {
            grid.put(state.glyphs.displayed(line), x: rect.x, y: rect.y + row, style: Style(role(line.plain)), clip: rect)
        }
    }

    /// `: 3 resources, 2 paths`.
    static func subtitle(_ state: AppState) -> String {
        guard let diff = state.diff else { return "" }
        return ": \(diff.resources.count) resources, \(diff.paths.count) paths, \(diff.findings.count) findings"
    }
}
