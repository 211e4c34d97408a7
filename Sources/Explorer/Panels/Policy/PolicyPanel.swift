import Canvas
import Model

/// The Policy panel's own state.
public struct PolicyState: Hashable, Sendable {
    /// The request tester, for the endpoint it was made for.
    public var tester: PolicyTester?
}

/// The Policy panel: the endpoint policy, and a request tester typed into in place.
enum PolicyPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("e"), .enter], .editPolicy, .panel(.policy), hint: "edit request",
                   help: "Policy: type into the request tester (Tab next field, Esc done)", priority: 10),
    ]

    /// Keys while typing into the tester.
    static func action(for key: Key) -> Action? {
        switch key {
        case .escape, .enter: return .textSubmit
        case .tab, .down: return .nextField
        case .backTab, .up: return .previousField
        case .backspace, .ctrl("h"): return .textBackspace
        case .ctrl("c"): return .quit
        case let key where TextEdit.edit(for: key) != nil: return TextEdit.edit(for: key).map(Action.textEdit)
        case .character(let c): return .text(c)
        default: return nil
        }
    }

    static func reduce(_ state: inout AppState, _ action: Action) -> Bool {
        switch action {
        case .editPolicy:
            state.syncPolicyTester()
            if state.policy.tester != nil {
                state.mode = .policyEdit
                state.panel = .policy
                state.focus = .panel
            } else { state.message = "select an endpoint to test its policy" }
        case .nextField: state.policy.tester?.nextField()
        case .previousField: state.policy.tester?.previousField()
        case .text(let c) where state.mode == .policyEdit: state.policy.tester?.insert(c)
        case .textBackspace where state.mode == .policyEdit: state.policy.tester?.backspace()
        case .textEdit(let edit) where state.mode == .policyEdit: state.policy.tester?.apply(edit)
        case .textSubmit where state.mode == .policyEdit: state.mode = .normal
        default: return false
        }
        return true
    }

    static func draw(_ state: AppState, focused: Bool, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard let endpoint = state.focusEndpoint, let tester = state.policyTester, tester.endpointID == endpoint.id else {
            return PanelView.hint("Select an endpoint to see its policy and test a request against it.", &grid, rect)
        }
        var policyContext = context
        policyContext.focused = focused || state.mode == .policyEdit
        drawPolicyView(endpoint: endpoint, inventory: state.inventory, tester: tester, into: &grid, rect: rect,
                       context: policyContext, scroll: state.panelScroll[.policy].flatMap { $0 == 0 ? nil : $0 })
    }
}
