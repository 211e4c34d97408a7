import Analysis
import Canvas
import Model

/// The Paths panel's own state: the service the picker shows and the packet animation.
public struct PathsState: Hashable, Sendable {
    /// The index of the chosen service in `AppState.services`.
    public var serviceIndex = 0
    public var animating = false
    /// A counter that advances while the animation runs.
    public var frame = 0
}

/// The Paths panel: the traffic of the focused subnet to a service, with and without endpoints.
enum PathsPanel {
    static let bindings: [KeyBinding] = [
        KeyBinding([.character("s"), .character(">")], .nextService, .panel(.paths), hint: "service",
                   help: "Paths: next service", priority: 10),
        KeyBinding([.character("S"), .character("<")], .previousService, .panel(.paths), help: "Paths: previous service"),
        KeyBinding([.character("a")], .animate, .panel(.paths), hint: "animate", help: "Paths: animate a packet along both paths",
                   priority: 11),
    ]

    /// The panel's actions; false when the action is not the panel's.
    static func reduce(_ state: inout AppState, _ action: Action) -> Bool {
        let count = state.services.count
        switch action {
        case .nextService: state.paths.serviceIndex = (state.paths.serviceIndex + 1) % count
        case .previousService: state.paths.serviceIndex = (state.paths.serviceIndex + count - 1) % count
        case .animate:
            state.paths.animating.toggle()
            state.paths.frame = 0
        case .tick:
            if state.paths.animating { state.paths.frame &+= 1 }
        default: return false
        }
        return true
    }

    /// The picker, the multi-endpoint flows, then both diagrams, from the selection's memo. When the
    /// service is one leg of a flow (ecr.dkr of an image pull), the flow's legs come first: each with
    /// its own path and cost, the leg that leaks through NAT (or fails) in the error role, and the
    /// flow's verdict. That is the answer a slow, costly image pull needs, so it takes rows before
    /// the diagram does. `fit` is the height of the room the panel is shown in: the diagram's detail
    /// is chosen for it, and the notes follow below (`rect` may be taller: the panel scrolls to them).
    static func draw(_ state: AppState, memo: SelectionMemo, into grid: inout Grid, rect: Rect, context: DrawContext, fit: Int? = nil) {
        var fit = fit ?? rect.height
        guard let subnet = state.focusSubnet, let path = memo.path else {
            return PanelView.hint("Select a subnet (or an endpoint) to see its traffic paths.", &grid, rect)
        }
        // `--compare`: a path OLD and NEW answer differently says how it went before, above the diagrams.
        var rect = rect
        if let change = state.analysis.pathChanges[SessionAnalysis.pathKey(subnet: subnet.id, service: path.service)] {
            let (line, rest) = rect.splitTop(1)
            let before = context.glyphs.displayed("before: via \(change.old.text), now: via \(change.new.text)")
            grid.put(PathDiagramView.fold(before, ascii: context.ascii), x: line.x, y: line.y,
                     style: Style(change.isUnknown ? .unknown : .severityWarning, bold: true), clip: line)
            rect = rest
            fit -= 1
        }
        let flows = memo.flows ?? []
        let vpc = state.focusSubnet.flatMap { state.inventory.vpc($0.vpcID) }
        // The subnet's own figure when the usage file or the flow logs measured it, else the VPC's.
        let gb: (String) -> Double? = { service in
            vpc.flatMap { v in state.traffic.gb(for: service, from: subnet, in: v) ?? state.traffic.gb(for: service, in: v) }
        }
        let current = flows.first { $0.flow.services.contains(path.service) }
        let legRows = current.map { FlowLegs.lines($0, glyphs: context.glyphs, traffic: gb).count } ?? 0
        let (picker, rest) = rect.splitTop(current != nil ? 1 : (fit >= 16 ? 3 : 1))
        drawServicePicker(state, into: &grid, rect: Rect(x: picker.x, y: picker.y, width: picker.width, height: 1))
        if let current {
            let (legs, diagram) = rest.splitTop(min(legRows + 1, max(0, rest.height - 4)))
            FlowLegs.draw(current, into: &grid, rect: legs, context: context, traffic: gb)
            return drawPathDiagram(path, into: &grid, rect: diagram, context: context, packet: state.animating ? state.frame : nil,
                                   fitHeight: fit - picker.height - legs.height, monthlyGB: gb(path.service))
        }
        if picker.height >= 3 {
            var x = picker.x
            for flow in flows {
                let verdict = flow.verdict
                let mark = verdict == .private ? String(context.glyphs.check)
                    : verdict.isProblem ? String(context.glyphs.crossMark) : verdict == .unknown ? "?" : String(context.glyphs.bullet)
                let role: Role = verdict.isProblem ? .severityError : verdict == .unknown ? .unknown : .ok
                x = grid.put(PathDiagramView.fold("\(mark) " + flow.summary, ascii: context.ascii), x: x, y: picker.y + 1,
                             style: Style(role), clip: picker) + 3
            }
        }
        drawPathDiagram(path, into: &grid, rect: rest, context: context, packet: state.animating ? state.frame : nil,
                        fitHeight: fit - picker.height, monthlyGB: gb(path.service))
    }

    /// `Service: ◄ s3 ►  (s/S to change)` with the neighbours dimmed (the DNS panel shows it too).
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
}
