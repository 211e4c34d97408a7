import Canvas

/// The DNS panel: what the Paths service's name resolves to from the focused subnet.
enum DNSPanel {
    static let bindings: [KeyBinding] = []

    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard state.focusSubnet != nil, let dns = memo.dns else {
            return PanelView.hint("Select a subnet or an endpoint.", &grid, rect)
        }
        let (picker, rest) = rect.splitTop(2)
        PathsPanel.drawServicePicker(state, into: &grid, rect: picker)
        drawDNS(dns, into: &grid, rect: rest, context: context)
    }
}
