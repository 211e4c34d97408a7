import Canvas

/// Where each part of the screen goes at the current size: shared by drawing and by mouse hit tests.
public struct ScreenLayout: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Under 40x12: only a message.
        case tooSmall
        /// Under 80x24: one pane at a time.
        case single
        /// Navigator and one panel with tabs.
        case split
        /// 160 columns and wider: navigator and detail on the left, the panels side by side on the right.
        case dashboard
    }

    public var kind: Kind
    public var header: Rect
    public var footer: Rect
    /// The navigator's box (nil when not shown).
    public var navigator: Rect?
    /// The tab bar over the panels (nil in the dashboard's multi-panel view).
    public var tabBar: Rect?
    /// Each visible panel and its box.
    public var panels: [(panel: Panel, rect: Rect)]

    public static let dashboardPanels: [Panel] = [.paths, .enis, .policy, .cost]

    public init(_ state: AppState) {
        let w = state.width, h = state.height
        header = Rect(x: 0, y: 0, width: w, height: min(1, h))
        footer = Rect(x: 0, y: max(0, h - 1), width: w, height: h > 1 ? 1 : 0)
        let body = Rect(x: 0, y: 1, width: w, height: max(0, h - 2))
        navigator = nil
        tabBar = nil
        panels = []
        if w < 40 || h < 12 {
            kind = .tooSmall
            return
        }
        if w < 80 || h < 24 {
            kind = .single
            // Zoomed: the panel takes the tab bar's line too.
            if state.zoomed && state.focus == .panel {
                panels = [(state.panel, body)]
                return
            }
            let (bar, rest) = body.splitTop(1)
            tabBar = bar
            if state.focus == .navigator { navigator = rest } else { panels = [(state.panel, rest)] }
            return
        }
        let dashboardPanel = ScreenLayout.dashboardPanels.contains(state.panel) || state.panel == .detail
        if w >= 160 && h >= 36 && !state.zoomed && dashboardPanel {
            kind = .dashboard
            let leftWidth = min(60, max(44, w * 3 / 10))
            let (left, right) = body.splitLeft(leftWidth)
            let (nav, detail) = left.splitTop(left.height * 11 / 20)
            navigator = nav
            let (bar, area) = right.splitTop(1)
            tabBar = bar
            let (top, bottom) = area.splitTop(max(14, area.height * 11 / 20))
            let columns = bottom.columns(3)
            panels = [(.detail, detail), (.paths, top), (.enis, columns[0]), (.policy, columns[1]), (.cost, columns[2])]
            return
        }
        kind = .split
        // Zoomed: the panel takes the navigator's columns as well (z again, or Tab to the
        // navigator, gives them back).
        if state.zoomed && state.focus == .panel {
            let (bar, area) = body.splitTop(1)
            tabBar = bar
            panels = [(state.panel, area)]
            return
        }
        let navWidth = min(52, max(30, w * 38 / 100))
        let (nav, right) = body.splitLeft(navWidth)
        navigator = nav
        let (bar, area) = right.splitTop(1)
        tabBar = bar
        panels = [(state.panel, area)]
    }

    /// The box of a panel, if it is on screen.
    public func rect(of panel: Panel) -> Rect? { panels.first { $0.panel == panel }?.rect }

    /// Rows the navigator can list (inside its border).
    public var navigatorRows: Int { max(0, (navigator?.height ?? 0) - 2) }
}
