import Analysis
import Canvas
import Model

/// The ENIs panel's own state.
public struct ENIsState: Hashable, Sendable {
    /// `/` while the panel has focus: only endpoints whose service, ID, ENI IDs or IPs contain it.
    public var filter = ""
    /// The selected cell, counted row by row over the shown grid (`h`/`l` move it); its full ENI ID
    /// and IP are written under the grid, so a cell cut at 45 columns can still be read whole.
    public var cell = 0
}

/// The ENIs panel: the focused VPC's interface endpoint ENIs per AZ, one cell selected.
enum ENIsPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("l"), .right], .nextCell, .panel(.enis), hint: "next cell",
                   help: "ENIs: select the next cell (its full ENI ID and IP show under the grid)", priority: 10),
        KeyBinding([.character("h"), .left], .previousCell, .panel(.enis), help: "ENIs: select the previous cell"),
    ]

    /// `h`/`l` while the panel has focus.
    static func reduce(_ state: inout AppState, _ action: Action) -> Bool {
        guard state.focus == .panel, state.panel == .enis, state.mode == .normal else { return false }
        switch action {
        case .nextCell, .previousCell:
            let count = shown(state).map { $0.rows.count * $0.zones.count } ?? 0
            guard count > 0 else {
                state.message = "no ENI cells here: select a VPC with interface endpoints"
                return true
            }
            let step = action == .nextCell ? 1 : -1
            state.enis.cell = max(0, min(count - 1, min(state.enis.cell, count - 1) + step))
            return true
        default: return false
        }
    }

    /// The grid the panel shows: the focused VPC's, with only the endpoints matching the filter.
    static func shown(_ state: AppState) -> ENIMatrix? {
        guard state.focusVPC != nil, var matrix = state.frameMemo(for: [.enis]).eniMatrix else { return nil }
        matrix.rows = matrix.rows.filter { row in
            listFilterMatches(state.enis.filter, [row.service, row.endpoint] + row.cells.flatMap { [$0.networkInterface ?? "", $0.ip ?? ""] })
        }
        return matrix
    }

    /// The selected cell of the shown grid, with its row (nil when the grid has none).
    static func selectedCell(_ state: AppState) -> (row: ENIMatrix.Row, cell: ENIMatrix.Cell)? {
        guard let matrix = shown(state), !matrix.zones.isEmpty, !matrix.rows.isEmpty else { return nil }
        let index = max(0, min(state.enis.cell, matrix.rows.count * matrix.zones.count - 1))
        let row = matrix.rows[index / matrix.zones.count]
        let column = index % matrix.zones.count
        guard row.cells.indices.contains(column) else { return nil }
        return (row, row.cells[column])
    }

    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard state.focusVPC != nil, memo.eniMatrix != nil, let matrix = shown(state) else {
            return PanelView.hint("Select a VPC, a subnet or an endpoint.", &grid, rect)
        }
        if matrix.rows.isEmpty, !state.enis.filter.trimmingSpaces.isEmpty {
            return PanelView.hint("No endpoint matches /\(state.enis.filter.trimmingSpaces) (/ then Esc clears the filter).", &grid, rect)
        }
        drawENIGrid(matrix, into: &grid, rect: rect, context: context, selectedCell: state.enis.cell)
    }
}
