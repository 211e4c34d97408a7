import Analysis
import Canvas
import Model

/// Draws one panel in its box: the frame with its title, then the panel's own view.
enum PanelView {
    static func draw(_ panel: Panel, state: AppState, layout: ScreenLayout, into grid: inout Grid, rect: Rect) {
        let focused = state.focus == .panel && state.panel == panel && state.mode == .normal
        let title = "\(panel.rawValue) \(panel.title)" + subtitle(panel, state)
        grid.box(rect, glyphs: state.glyphs, style: Style(focused ? .borderFocused : .border), title: title)
        let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 1)
        guard !inner.isEmpty else { return }
        let context = DrawContext(glyphs: state.glyphs, focused: focused, frame: state.frame)
        let scroll = state.panelScroll[panel] ?? 0
        switch panel {
        case .detail:
            var lines: [StyledLine] = []
            if let id = state.selectedNode?.id.resourceID {
                for finding in state.findings(for: id) {
                    let label = severityLabel(finding.severity, glyphs: state.glyphs)
                    lines.append(StyledLine([Span("\(label.marker) \(label.word) ", Style(label.role, bold: true)),
                                             Span(finding.rule + ": ", Style(label.role)), Span(finding.message)]))
                }
                if !lines.isEmpty { lines.append(StyledLine("  (7 lists every finding with its fix)", Style(.dim))) }
            }
            lines += DetailContent.lines(for: state.selectedNode, in: state.inventory, glyphs: state.glyphs, resolver: state.resolver)
            grid.put(lines: lines, in: inner, scroll: scroll)
        case .paths:
            drawPaths(state, into: &grid, rect: inner, context: context)
        case .enis:
            guard let vpc = state.focusVPC else { return hint("Select a VPC, a subnet or an endpoint.", &grid, inner) }
            drawENIGrid(state.resolver.eniMatrix(vpc: vpc.id, sourceAZ: state.focusSubnet?.availabilityZone), into: &grid,
                        rect: inner, context: context)
        case .dns:
            guard let subnet = state.focusSubnet else { return hint("Select a subnet or an endpoint.", &grid, inner) }
            let (picker, rest) = inner.splitTop(2)
            drawServicePicker(state, into: &grid, rect: picker)
            drawDNS(state.resolver.dnsResolution(from: subnet.id, service: state.selectedService), into: &grid, rect: rest,
                    context: context)
        case .policy:
            guard let endpoint = state.focusEndpoint, let tester = state.policyTester, tester.endpointID == endpoint.id else {
                return hint("Select an endpoint to see its policy and test a request against it.", &grid, inner)
            }
            var policyContext = context
            policyContext.focused = focused || state.mode == .policyEdit
            drawPolicyView(endpoint: endpoint, inventory: state.inventory, tester: tester, into: &grid, rect: inner,
                           context: policyContext, scroll: state.panelScroll[.policy].flatMap { $0 == 0 ? nil : $0 })
        case .cost:
            let delta = state.whatIf.isEmpty ? nil : state.costReport.monthlyDelta(from: state.baseCostReport)
            let model: CostPanelModel?
            if let endpoint = state.focusEndpoint {
                model = CostPanelModel.endpoint(endpoint.id, report: state.costReport, showSingleAZ: state.singleAZ, whatIfDelta: delta)
            } else if let vpc = state.focusVPC {
                model = CostPanelModel.vpc(vpc.id, report: state.costReport, name: vpc.name, showSingleAZ: state.singleAZ, whatIfDelta: delta)
            } else {
                model = nil
            }
            guard let model else { return hint("Select a VPC or an endpoint to see what it costs.", &grid, inner) }
            drawCostView(model, into: &grid, rect: inner, context: context)
        case .findings:
            var names: [String: String] = [:]
            for finding in state.findings where names[finding.resource] == nil {
                names[finding.resource] = state.inventory.displayName(finding.resource)
            }
            let skipped = FindingEngine.complete.rules.filter { !state.inventory.missing($0.needs).isEmpty }.map(\.id)
            drawFindingsView(FindingsPanelModel(findings: state.findings, selected: state.findingIndex, names: names, notEvaluated: skipped),
                             into: &grid, rect: inner, context: context)
        }
    }

    static func hint(_ text: String, _ grid: inout Grid, _ rect: Rect) {
        grid.put(lines: [StyledLine(text, Style(.dim))], in: rect)
    }

    /// The Paths panel: the service picker, the multi-endpoint flows, then both diagrams.
    static func drawPaths(_ state: AppState, into grid: inout Grid, rect: Rect, context: DrawContext) {
        guard let subnet = state.focusSubnet else { return hint("Select a subnet (or an endpoint) to see its traffic paths.", &grid, rect) }
        let (picker, rest) = rect.splitTop(rect.height >= 16 ? 3 : 1)
        drawServicePicker(state, into: &grid, rect: Rect(x: picker.x, y: picker.y, width: picker.width, height: 1))
        if picker.height >= 3 {
            let flows = [Flow.ecrImagePull, Flow.ssmSessionManager].map { state.resolver.flowPath($0, from: subnet.id) }
            var x = picker.x
            for flow in flows {
                let ok = flow.reachablePrivately
                let mark = ok ? String(context.glyphs.check) : String(context.glyphs.crossMark)
                let text = "\(mark) \(flow.flow.name): " + (ok ? "private" : "via " + flow.publicMembers.map(\.service).joined(separator: ", ") + " not private")
                x = grid.put(text, x: x, y: picker.y + 1, style: Style(ok ? .ok : .severityWarning), clip: picker) + 3
            }
        }
        let path = state.resolver.path(from: subnet.id, to: state.selectedService)
        drawPathDiagram(path, into: &grid, rect: rest, context: context, packet: state.animating ? state.frame : nil)
    }

    /// `Service: ◄ s3 ►  (s/S to change)` with the neighbours dimmed.
    static func drawServicePicker(_ state: AppState, into grid: inout Grid, rect: Rect) {
        let services = state.services
        let index = services.firstIndex(of: state.selectedService) ?? 0
        var x = grid.put("Service ", x: rect.x, y: rect.y, style: Style(.label), clip: rect)
        x = grid.put(String(state.glyphs.arrowLeft) + " ", x: x, y: rect.y, style: Style(.key, bold: true), clip: rect)
        x = grid.put(services[index], x: x, y: rect.y, style: Style(.selection, bold: true), clip: rect)
        x = grid.put(" " + String(state.glyphs.arrowRight), x: x, y: rect.y, style: Style(.key, bold: true), clip: rect)
        let after = services.dropFirst(index + 1).prefix(6).joined(separator: " ")
        x = grid.put("  " + after, x: x, y: rect.y, style: Style(.dim), clip: rect)
        grid.put("  (s/S)", x: x, y: rect.y, style: Style(.dim), clip: rect)
    }

    static func subtitle(_ panel: Panel, _ state: AppState) -> String {
        switch panel {
        case .detail:
            if let node = state.selectedNode, let id = node.id.resourceID { return ": " + (node.label == id ? id : node.label) }
            return ""
        case .paths, .dns:
            guard let subnet = state.focusSubnet else { return "" }
            return ": \(subnet.name ?? subnet.id) \(state.glyphs.arrowRight) \(state.selectedService)"
        case .enis:
            return state.focusVPC.map { ": " + ($0.name ?? $0.id) } ?? ""
        case .policy:
            return state.focusEndpoint.map { ": " + ($0.name ?? $0.id) + (state.mode == .policyEdit ? "  [editing]" : "") } ?? ""
        case .cost:
            return (state.focusEndpoint.map { ": " + $0.service } ?? state.focusVPC.map { ": " + ($0.name ?? $0.id) } ?? "")
                + (state.singleAZ ? "  [single-AZ]" : "")
        case .findings:
            let counts = state.findingCounts
            let errors = counts[.error] ?? 0, warnings = counts[.warning] ?? 0, infos = counts[.info] ?? 0
            return ": \(errors) error, \(warnings) warning, \(infos) info"
        }
    }
}
