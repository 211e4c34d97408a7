import Analysis
import Canvas
import Model

/// A multi-endpoint flow drawn as its legs: one line per service the task needs, each with the way
/// its "with endpoints" path leaves the subnet and its cost, then the flow's verdict. The leg that
/// leaks through NAT or fails is in the error role and marked in text, so it never rests on colour.
enum FlowLegs {
    /// The lines of the legs block with their roles: a header, one line per leg, the verdict.
    static func lines(_ flow: FlowPath, glyphs: BoxGlyphs, traffic gb: (String) -> Double? = { _ in nil })
        -> [(text: String, role: Role, bold: Bool)] {
        var lines: [(String, Role, Bool)] = [("\(flow.flow.name), with endpoints, leg by leg:", .title, true)]
        let width = flow.members.map { TextWidth.of($0.service) }.max() ?? 0
        for member in flow.members {
            let problem = FlowPath.isProblem(member)
            let mark: String
            let role: Role
            if member.unknown != nil { mark = "?"; role = .unknown }
            else if problem { mark = String(glyphs.crossMark); role = .severityError }
            else if member.isPrivate { mark = String(glyphs.check); role = .pathEndpoint }
            else { mark = String(glyphs.bullet); role = .pathInternet }
            var text = "  \(mark) " + TextWidth.pad(member.service, to: width) + "  "
            if member.unknown != nil {
                text += "unknown: " + glyphs.displayed(member.unknown ?? "")
            } else if !member.reachable {
                text += "BLOCKED: " + glyphs.displayed(member.hops.compactMap(\.blocked).first ?? "no way out")
            } else {
                // Most telling first, so a narrow panel keeps it: the way out and its price, then
                // the resource it goes through, then the month at the stated traffic.
                text += "via \(member.via.title)  " + PerGB.text(member.costPerGB) + (member.crossAz ? " + cross-AZ" : "")
                let through = member.endpoint ?? member.hops.first { $0.kind == .natGateway || $0.kind == .internetGateway }?.id
                if let through { text += "  " + through }
                if let volume = gb(member.service) {
                    text += "  \(CostFormat.number(volume, decimals: 0)) GB = \(CostFormat.money(volume * member.costPerGB))/month"
                }
            }
            lines.append((text, role, problem))
        }
        lines.append((verdictLine(flow), flow.verdict.isProblem ? .severityError : flow.verdict == .unknown ? .unknown : .ok, true))
        return lines
    }

    /// The flow's verdict in a sentence.
    static func verdictLine(_ flow: FlowPath) -> String {
        let problems = flow.problemMembers.map(\.service).joined(separator: ", ")
        switch flow.verdict {
        case .private: return "Verdict: private, every leg through an endpoint."
        case .works: return "Verdict: works; public legs via the internet gateway (free)."
        case .leaksThroughNAT: return "Verdict: leaks: \(problems) through the NAT, paying NAT processing per GB."
        case .broken: return "Verdict: fails: \(problems) does not get there."
        case .unknown: return "Verdict: unknown: a leg depends on facts not in the inventory."
        }
    }

    /// Draws the block into `rect`, cut at its edges.
    static func draw(_ flow: FlowPath, into grid: inout Grid, rect: Rect, context: DrawContext,
                     traffic gb: (String) -> Double? = { _ in nil }) {
        let area = rect.intersection(grid.bounds)
        for (i, line) in lines(flow, glyphs: context.glyphs, traffic: gb).enumerated() where area.y + i < area.maxY {
            let text = PathDiagramView.fold(TextWidth.sanitize(line.text), ascii: context.ascii)
            grid.put(TextWidth.truncate(text, to: area.width, ascii: context.ascii), x: area.x, y: area.y + i,
                     style: Style(line.role, bold: line.bold), clip: area)
        }
    }
}
