import Canvas

/// The DNS panel: what the Paths service's name resolves to from the focused subnet.
enum DNSPanel {
    /// The service picker it shows is the Paths panel's: the same keys change it here.
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("s"), .character(">")], .nextService, .panel(.dns), hint: "service", help: "DNS: next service", priority: 10),
        KeyBinding([.character("S"), .character("<")], .previousService, .panel(.dns), help: "DNS: previous service"),
    ]

    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard state.focusSubnet != nil, let dns = memo.dns else {
            return PanelView.hint("Select a subnet or an endpoint.", &grid, rect)
        }
        let (picker, rest) = rect.splitTop(2)
        PathsPanel.drawServicePicker(state, into: &grid, rect: picker)
        drawDNS(dns, into: &grid, rect: rest, context: context)
    }
}
