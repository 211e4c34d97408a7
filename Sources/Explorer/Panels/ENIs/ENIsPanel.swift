import Canvas

/// The ENIs panel: the focused VPC's interface endpoint ENIs per AZ. No keys of its own yet.
enum ENIsPanel {
    static let bindings: [KeyBinding] = []

    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard state.focusVPC != nil, let matrix = memo.eniMatrix else {
            return PanelView.hint("Select a VPC, a subnet or an endpoint.", &grid, rect)
        }
        drawENIGrid(matrix, into: &grid, rect: rect, context: context)
    }
}
