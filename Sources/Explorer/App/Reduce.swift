import Analysis
import Canvas
import Model

extension AppState {
    /// Turns a key into an action, given the prompt and focus: typed text goes to an open prompt;
    /// otherwise the global bindings merged with the focused panel's (`KeyMap`).
    public func action(for key: Key) -> Action? {
        switch mode {
        case .filter, .jump, .writePath:
            switch key {
            case .enter: return .textSubmit
            case .escape: return .textCancel
            case .backspace, .delete: return .textBackspace
            case .character(let c): return .text(c)
            case .ctrl("c"): return .quit
            case .down: return .moveDown
            case .up: return .moveUp
            default: return nil
            }
        case .policyEdit:
            return PolicyPanel.action(for: key)
        case .help:
            switch key {
            case .down, .character("j"): return .moveDown
            case .up, .character("k"): return .moveUp
            case .pageDown: return .pageDown
            case .pageUp: return .pageUp
            case .ctrl("c"): return .quit
            default: return .back
            }
        case .normal:
            return keyMap.action(for: key, context: keyContext)
        }
    }

    /// Where keys go: the navigator, or the panel that has focus.
    public var keyContext: KeyContext { focus == .navigator ? .navigator : .panel(panel) }

    /// The next state for an action, and what the outside world must do. The focused panel's reduce
    /// gets the action first; what no panel takes is the explorer's own (prompts, focus, what-if).
    public mutating func reduce(_ action: Action) -> [Effect] {
        switch action {
        case .tick, .loadProgress, .loaded: break // not the person's doing: a notice stays until they act
        default: message = nil
        }
        let effects = reduceOwn(action)
        keepCursorVisible()
        if mode != .policyEdit { syncPolicyTester() }
        refreshMemo()
        return effects
    }

    private mutating func reduceOwn(_ action: Action) -> [Effect] {
        let layout = ScreenLayout(self)
        let page = max(1, layout.navigatorRows - 1)
        if PathsPanel.reduce(&self, action) || CostPanel.reduce(&self, action) || PolicyPanel.reduce(&self, action) { return [] }
        if mode != .help, FindingsPanel.reduce(&self, action, page: page) { return [] }
        var effects: [Effect] = []
        switch action {
        case .quit:
            effects.append(.quit)
        case .resize(let w, let h):
            width = max(1, w)
            height = max(1, h)
        case .showHelp:
            mode = .help
            helpScroll = 0
        case .startFilter:
            mode = .filter
            prompt = filter
        case .startJump:
            mode = .jump
            prompt = ""
        case .text(let c):
            prompt.append(c)
            if mode == .filter { applyFilter(prompt) }
        case .textBackspace:
            if !prompt.isEmpty { prompt.removeLast() }
            if mode == .filter { applyFilter(prompt) }
        case .textSubmit:
            if mode == .jump { jump(to: prompt) }
            if mode == .writePath, !prompt.trimmingSpaces.isEmpty {
                effects.append(.writeFile(path: prompt.trimmingSpaces, contents: WhatIf.terraform(for: whatIf.changes, in: baseInventory)))
            }
            mode = .normal
        case .textCancel:
            if mode == .filter { applyFilter("") }
            mode = .normal
        case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom:
            move(action, page: page)
        case .open:
            open()
        case .back:
            back()
        case .toggleExpand:
            toggle()
        case .switchPane:
            focus = focus == .navigator ? .panel : .navigator
        case .selectPanel(let p):
            panel = p
            if ScreenLayout(self).kind == .single { focus = .panel }
        case .nextPanel:
            panel = Panel(rawValue: panel.rawValue % Panel.allCases.count + 1) ?? .detail
        case .previousPanel:
            panel = Panel(rawValue: (panel.rawValue + Panel.allCases.count - 2) % Panel.allCases.count + 1) ?? .detail
        case .zoom:
            zoomed.toggle()
        case .mouse(let event):
            mouse(event, layout: layout)
        case .toggleEndpoint:
            toggleEndpointWhatIf()
        case .removeNAT:
            removeNATWhatIf()
        case .undo:
            if whatIf.isEmpty {
                message = "no what-if change to undo"
            } else {
                var changes = whatIf
                let last = changes.changes.removeLast()
                setWhatIf(changes)
                message = "undid: \(last.summary)"
            }
        case .writeTerraform:
            if whatIf.isEmpty {
                message = "no what-if changes to write (x adds or removes an endpoint)"
            } else {
                mode = .writePath
                prompt = "vpcx-whatif.tf"
            }
        case .loadProgress(let text):
            loading = text
        case .loaded(let network):
            loading = nil
            replaceInventory(network.inventory, analysis: network.analysis)
        case .loadFailed(let text):
            loading = nil
            message = text
        case .wrote(let path):
            message = "wrote \(path)"
        case .writeFailed(let path, let reason):
            message = "cannot write \(path): \(reason)"
        case .tick, .nextService, .previousService, .animate, .trafficUp, .trafficDown, .toggleSingleAZ, .editPolicy,
             .nextField, .previousField:
            break // the panels' own, handled above
        }
        return effects
    }

    /// Moves: the help screen scrolls, a focused panel scrolls, else the navigator's cursor moves.
    mutating func move(_ action: Action, page: Int) {
        if mode == .help {
            switch action {
            case .moveDown: helpScroll += 1
            case .moveUp: helpScroll = max(0, helpScroll - 1)
            case .pageDown: helpScroll += 10
            case .pageUp: helpScroll = max(0, helpScroll - 10)
            default: break
            }
            return
        }
        if focus == .panel && mode == .normal {
            var scroll = panelScroll[panel] ?? 0
            switch action {
            case .moveDown: scroll += 1
            case .moveUp: scroll -= 1
            case .pageDown: scroll += page
            case .pageUp: scroll -= page
            case .top: scroll = 0
            case .bottom: scroll = Int.max / 2
            default: break
            }
            panelScroll[panel] = max(0, scroll)
            return
        }
        NavigatorPanel.move(&self, action, page: page)
    }

    /// The mouse: the navigator's box, the tab bar, or a panel's box.
    mutating func mouse(_ event: MouseEvent, layout: ScreenLayout) {
        guard mouseEnabled else { return }
        if let nav = layout.navigator, nav.contains(x: event.x, y: event.y) {
            NavigatorPanel.mouse(&self, event, in: nav)
            return
        }
        if let bar = layout.tabBar, bar.contains(x: event.x, y: event.y), event.kind == .press {
            for (panel, span) in TabBar.spans(in: bar, state: self) where event.x >= span.lowerBound && event.x < span.upperBound {
                self.panel = panel
                if layout.kind == .single { focus = .panel }
                return
            }
            if layout.kind == .single { focus = .navigator }
            return
        }
        for (panel, rect) in layout.panels where rect.contains(x: event.x, y: event.y) {
            switch event.kind {
            case .wheelUp: panelScroll[panel] = max(0, (panelScroll[panel] ?? 0) - 3)
            case .wheelDown: panelScroll[panel] = (panelScroll[panel] ?? 0) + 3
            case .press:
                focus = .panel
                self.panel = panel
            case .release: break
            }
            return
        }
    }
}

extension AppState {
    /// `x`: on a selected endpoint, switch it off; in the Paths panel, switch the service's endpoint
    /// off or back on, or add one where the VPC has none (Analysis plans where it goes).
    mutating func toggleEndpointWhatIf() {
        if focus == .navigator || panel != .paths, case .endpoint(let id)? = selectedID {
            return apply(whatIf.disablingEndpoint(id))
        }
        guard let vpc = focusVPC else {
            message = "select an endpoint, or a subnet and a service in the Paths panel"
            return
        }
        apply(whatIf.toggling(service: selectedService, vpc: vpc.id, subnetID: focusSubnet?.id, base: baseInventory, shown: inventory))
    }

    /// `N`: the NAT gateway the focused subnet's default route uses, removed.
    mutating func removeNATWhatIf() {
        apply(whatIf.removingNAT(for: focusSubnet?.id, in: inventory))
    }

    /// A planned what-if: its changes in play (when there are any), its line in the footer.
    mutating func apply(_ plan: WhatIfPlan) {
        if let changes = plan.changes { setWhatIf(changes) }
        message = plan.message
    }
}
