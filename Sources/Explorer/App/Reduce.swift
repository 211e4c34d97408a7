import Analysis
import Canvas
import Model

extension AppState {
    /// Turns a key into an action, given the prompt and focus: typed text goes to an open prompt;
    /// otherwise the global bindings merged with the focused panel's (`KeyMap`).
    public func action(for key: Key) -> Action? {
        switch mode {
        case .filter, .jump, .writePath, .trafficEntry:
            switch key {
            case .enter: return .textSubmit
            case .escape: return .textCancel
            case .backspace, .ctrl("h"): return .textBackspace
            case .character(let c): return .text(c)
            case .ctrl("c"): return .quit
            case .tab where mode == .jump: return .textComplete
            case let key where TextEdit.edit(for: key) != nil: return TextEdit.edit(for: key).map(Action.textEdit)
            case .down: return .moveDown
            case .up: return .moveUp
            default: return nil
            }
        case .policyEdit:
            return PolicyPanel.action(for: key)
        case .confirmQuit:
            switch key {
            case .character("q"), .character("y"), .character("Y"), .ctrl("c"): return .confirmYes
            default: return .confirmNo
            }
        case .confirmOverwrite:
            switch key {
            case .character("y"), .character("Y"): return .confirmYes
            case .ctrl("c"): return .quit
            default: return .confirmNo
            }
        case .help:
            switch key {
            case .down, .character("j"): return .moveDown
            case .up, .character("k"): return .moveUp
            case .pageDown, .character(" "), .ctrl("f"), .ctrl("d"): return .pageDown
            case .pageUp, .ctrl("b"), .ctrl("u"): return .pageUp
            case .home, .character("g"): return .top
            case .end, .character("G"): return .bottom
            case .ctrl("c"): return .quit
            default: return .back
            }
        case .normal:
            if let tourAction = tourAction(for: key) { return tourAction }
            return keyMap.action(for: key, context: keyContext, visible: ScreenLayout(self).panels.map(\.panel)) ?? .unboundKey(key)
        }
    }

    /// Why a key did nothing, for the status line: another panel's key names the panel that has it.
    func unboundMessage(_ key: Key) -> String {
        for binding in keyMap.bindings where binding.keys.contains(key) {
            if case .panel(let p) = binding.context { return "\(key): a key of the \(p.title) panel (\(p.rawValue) opens it)" }
            if binding.context == .navigator { return "\(key): a navigator key (Tab goes to the navigator)" }
        }
        return "\(key): not a key here (? lists the keys)"
    }

    /// What-if changes made since the last write (or since the start): what `q` asks about.
    public var hasUnsavedWhatIf: Bool { !whatIf.isEmpty && whatIf != writtenWhatIf }

    /// Where `W` will write `text`: `~` is the home directory, a relative name is in the working
    /// directory (both as the explorer was started with; unknown, the name stays as typed).
    public func resolvedWritePath(_ text: String) -> String {
        let name = text.trimmingSpaces
        if name == "~", let home = homeDirectory { return home }
        if name.hasPrefix("~/"), let home = homeDirectory { return home + name.dropFirst(1) }
        if !name.hasPrefix("/"), !name.hasPrefix("~"), let cwd = workingDirectory { return cwd + (cwd.hasSuffix("/") ? "" : "/") + name }
        return name
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
        let selectedBefore = selectedID
        let effects = reduceOwn(action)
        // A new selection is new content: its panels start at their top.
        if selectedID != selectedBefore { panelScroll = [:] }
        keepCursorVisible()
        if mode != .policyEdit { syncPolicyTester() }
        refreshMemo()
        return effects
    }

    private mutating func reduceOwn(_ action: Action) -> [Effect] {
        let layout = ScreenLayout(self)
        let page = max(1, layout.navigatorRows - 1)
        if reduceTour(action) { return [] }
        if PathsPanel.reduce(&self, action) || CostPanel.reduce(&self, action) || ENIsPanel.reduce(&self, action) || PolicyPanel.reduce(&self, action) { return [] }
        if mode != .help, FindingsPanel.reduce(&self, action, page: page) { return [] }
        var effects: [Effect] = []
        switch action {
        case .quit:
            if hasUnsavedWhatIf {
                mode = .confirmQuit
            } else {
                effects.append(.quit)
            }
        case .confirmYes:
            switch mode {
            case .confirmQuit: effects.append(.quit)
            case .confirmOverwrite:
                effects.append(.writeFile(path: pendingWritePath, contents: WhatIf.terraform(for: whatIf.changes, in: baseInventory),
                                          overwrite: true))
            default: break
            }
            mode = .normal
        case .confirmNo:
            if mode == .confirmOverwrite {
                mode = .writePath
                prompt = pendingWritePath
                promptSelected = false
            } else {
                mode = .normal
                message = "not quitting: W writes the what-if changes"
            }
        case .unboundKey(let key):
            message = unboundMessage(key)
        case .tourNext, .tourBack, .tourExplore:
            message = "not in a tour (vpcx tour starts one)" // a user key map can bind them outside one
        case .copySelection:
            effects += copySelection()
        case .suspend:
            effects.append(.suspend)
        case .repaint:
            effects.append(.repaint)
        case .nextMatch, .previousMatch:
            NavigatorPanel.nextMatch(&self, forward: action == .nextMatch)
        case .resize(let w, let h):
            width = max(1, w)
            height = max(1, h)
        case .showHelp:
            mode = .help
            helpScroll = 0
        case .startFilter:
            // `/` filters the focused list: Findings, ENIs or Cost when that panel has the keys, else the navigator.
            let filtersOwnList: Set<Panel> = [.findings, .enis, .cost]
            filterTarget = focus == .panel && filtersOwnList.contains(panel) && ScreenLayout(self).rect(of: panel) != nil ? panel : nil
            mode = .filter
            prompt = filterTarget.map(listFilter) ?? filter
            promptSelected = !prompt.isEmpty
        case .startJump:
            mode = .jump
            prompt = ""
            promptSelected = false
        case .text(let c):
            promptField.insert(c)
            if mode == .filter { applyPromptFilter(prompt) }
        case .textBackspace:
            promptField.backspace()
            if mode == .filter { applyPromptFilter(prompt) }
        case .textEdit(let edit):
            promptField.apply(edit)
            if mode == .filter { applyPromptFilter(prompt) }
        case .textComplete:
            let options = jumpCompletions(for: prompt)
            if let first = options.first {
                // The longest start every option shares (the whole ID when only one matches).
                var common = first
                for option in options.dropFirst() { while !option.lowercased().hasPrefix(common.lowercased()) { common.removeLast() } }
                if common.count >= prompt.count { prompt = common }
            }
        case .textSubmit:
            if mode == .jump { jump(to: prompt) }
            if mode == .trafficEntry { CostPanel.applyTyped(&self, prompt) }
            let writing = mode == .writePath
            mode = .normal
            if writing, !prompt.trimmingSpaces.isEmpty {
                pendingWritePath = resolvedWritePath(prompt)
                effects.append(.writeFile(path: pendingWritePath, contents: WhatIf.terraform(for: whatIf.changes, in: baseInventory)))
            }
        case .textCancel:
            if mode == .filter { applyPromptFilter("") }
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
            // Opening a panel by its number gives it the keys.
            panel = p
            focus = .panel
        case .nextPanel:
            let shown = shownPanels
            panel = shown[((shown.firstIndex(of: panel) ?? 0) + 1) % shown.count]
        case .previousPanel:
            let shown = shownPanels
            panel = shown[((shown.firstIndex(of: panel) ?? 0) + shown.count - 1) % shown.count]
        case .zoom:
            zoomed.toggle()
            if zoomed { focus = .panel }
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
        case .writeUsage:
            effects += CostPanel.writeUsage(&self)
        case .writeTerraform:
            if whatIf.isEmpty {
                message = "no what-if changes to write (x adds or removes an endpoint)"
            } else {
                mode = .writePath
                prompt = pendingWritePath.isEmpty ? "vpcx-whatif.tf" : pendingWritePath
                promptSelected = true
            }
        case .loadProgress(let text):
            loading = text
        case .loaded(let network):
            // A first look leaves the load running: the header says what is still being read.
            if !network.isFirstLook { loading = nil }
            if let given = network.supposed { adoptTrafficAndPrices(given) }
            if let usage = network.usage { cost.usage = usage }
            replaceInventory(network.inventory, analysis: network.analysis, comparedWith: network.comparedWith)
        case .acrossVPCsChecked(let generation, let found):
            if analysis.generation == generation, !analysis.rulesPending.isEmpty { install(analysis.completing(with: found)) }
        case .loadFailed(let text):
            loading = nil
            message = text
        case .wrote(let path):
            writtenWhatIf = whatIf
            message = "wrote \(path)"
        case .writeExists(let path):
            pendingWritePath = path
            mode = .confirmOverwrite
        case .writeFailed(let path, let reason):
            message = "cannot write \(path): \(reason)"
        case .tick, .nextService, .previousService, .animate, .trafficUp, .trafficDown, .toggleSingleAZ, .editPolicy,
             .typeTraffic, .wroteUsage,
             .nextField, .previousField, .detailDown, .detailUp, .nextCell, .previousCell:
            break // the panels' own, handled above
        }
        return effects
    }

    /// The `/` filter of a panel's own list ("" for none).
    func listFilter(_ panel: Panel) -> String {
        switch panel {
        case .findings: return findingsPanel.filter
        case .enis: return enis.filter
        case .cost: return cost.filter
        default: return ""
        }
    }

    /// Applies the open `/` prompt to the list it filters: a panel's own list, or the navigator.
    /// A panel's list starts again at its first match.
    mutating func applyPromptFilter(_ text: String) {
        switch filterTarget {
        case .findings?:
            findingsPanel.filter = text
            findingsPanel.index = 0
            findingsPanel.detailTop = 0
        case .enis?:
            enis.filter = text
            enis.cell = 0
            panelScroll[.enis] = 0
        case .cost?:
            cost.filter = text
            panelScroll[.cost] = 0
        default:
            applyFilter(text)
        }
    }

    /// `y`: what is selected, as text to paste: the finding's fix in the Findings panel; the
    /// selected resource's ID from the navigator (or anywhere when there are no what-ifs); else,
    /// with what-ifs, their Terraform export (what `W` writes).
    mutating func copySelection() -> [Effect] {
        guard clipboardEnabled else {
            message = "copying is off (--no-osc52 or osc52: false in the config)"
            return []
        }
        let text: String
        let what: String
        let listed = FindingsPanel.shown(self)
        if focus == .panel, panel == .findings, listed.indices.contains(findingIndex) {
            text = listed[findingIndex].fix
            what = "the fix for \(listed[findingIndex].rule)"
        } else if focus == .panel, panel == .enis, ScreenLayout(self).rect(of: .enis) != nil,
                  let selected = ENIsPanel.selectedCell(self), let eni = selected.cell.networkInterface,
                  !selected.row.planned, !selected.row.endpoint.hasPrefix("vpce-whatif-") {
            // The selected cell of the ENI grid: its ENI ID, the text a cut-off cell hides.
            text = eni
            what = "\(eni) (\(selected.row.service) in \(selected.cell.availabilityZone))"
        } else if let id = selectedNode?.id.resourceID, focus == .navigator || whatIf.isEmpty {
            text = id
            what = id
        } else if !whatIf.isEmpty {
            // A panel without a list item of its own to copy: the Terraform `W` would write.
            text = WhatIf.terraform(for: whatIf.changes, in: baseInventory)
            let count = whatIf.changes.count
            what = "the what-if export (\(count) change\(count == 1 ? "" : "s"), \(TextWidth.paragraphs(text).count) lines of Terraform)"
        } else {
            message = "nothing to copy here: select a resource (or a finding in 7)"
            return []
        }
        message = "copied \(what) (OSC 52: the terminal must allow clipboard writes)"
        return [.copy(text)]
    }

    /// Moves: the help screen scrolls, a focused panel scrolls, else the navigator's cursor moves.
    mutating func move(_ action: Action, page: Int) {
        if mode == .help {
            let view = HelpView.viewport(self)
            let page = max(1, view.visibleHeight - 1)
            switch action {
            case .moveDown: helpScroll += 1
            case .moveUp: helpScroll -= 1
            case .pageDown: helpScroll += page
            case .pageUp: helpScroll -= page
            case .top: helpScroll = 0
            case .bottom: helpScroll = view.maxTop
            default: break
            }
            helpScroll = view.clamp(helpScroll)
            return
        }
        if focus == .panel && mode == .normal {
            scroll(panel, action, page: max(1, (PanelView.viewport(panel, state: self)?.visibleHeight ?? page) - 1))
            return
        }
        NavigatorPanel.move(&self, action, page: page)
    }

    /// Scrolls a panel by a line (`by` lines for the wheel), a page, or to an end, held inside its
    /// content (so `G` then `k` moves at once).
    mutating func scroll(_ panel: Panel, _ action: Action, page: Int = 10, by step: Int = 1) {
        var scroll = panelScroll[panel] ?? 0
        switch action {
        case .moveDown: scroll += step
        case .moveUp: scroll -= step
        case .pageDown: scroll += page
        case .pageUp: scroll -= page
        case .top: scroll = 0
        case .bottom: scroll = Int.max / 2
        default: break
        }
        if let view = PanelView.viewport(panel, state: self) { scroll = view.clamp(scroll) }
        panelScroll[panel] = max(0, min(scroll, 100_000))
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
            case .wheelUp:
                if panel == .findings { _ = FindingsPanel.wheel(&self, by: -3) } else { scroll(panel, .moveUp, by: 3) }
            case .wheelDown:
                if panel == .findings { _ = FindingsPanel.wheel(&self, by: 3) } else { scroll(panel, .moveDown, by: 3) }
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
            // Switched off already (it stays in the navigator, marked OFF): back on.
            if whatIf.disabledEndpoints.contains(id) {
                var next = whatIf
                next.changes.append(.enableEndpoint(id))
                return apply(WhatIfPlan(changes: next, message: "what-if: \(id) back on"))
            }
            return apply(whatIf.disablingEndpoint(id))
        }
        guard let vpc = focusVPC else {
            message = "select an endpoint, or a subnet and a service in the Paths panel"
            return
        }
        apply(whatIf.toggling(service: selectedService, vpc: vpc.id, subnetID: focusSubnet?.id, base: baseInventory, shown: inventory))
    }

    /// `X`: the NAT gateway the focused subnet's default route uses, removed.
    mutating func removeNATWhatIf() {
        apply(whatIf.removingNAT(for: focusSubnet?.id, in: inventory))
    }

    /// A planned what-if: its changes in play (when there are any), its line in the footer.
    mutating func apply(_ plan: WhatIfPlan) {
        if let changes = plan.changes { setWhatIf(changes.netted) }
        message = plan.message
    }
}
