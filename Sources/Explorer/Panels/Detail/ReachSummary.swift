import Analysis
import Canvas
import Model

/// How a subnet reaches each service, one line each, and the article's multi-endpoint flows
/// (the Paths panel draws the diagrams).
enum ReachSummary {
    static func lines(for subnet: Subnet, in inventory: Inventory, resolver: CountedResolver, glyphs: BoxGlyphs) -> [StyledLine] {
        var services = ["s3", "dynamodb"]
        for service in inventory.endpoints(in: subnet.vpcID).map(\.service).sorted() where !services.contains(service) {
            services.append(service)
        }
        var lines: [StyledLine] = []
        for path in resolver.paths(from: [subnet.id], services: services) {
            var role: Role
            switch path.via {
            case .gatewayEndpoint, .interfaceEndpoint: role = path.reachable ? .pathEndpoint : .pathBlocked
            case .natGateway: role = path.reachable ? .pathNAT : .pathBlocked
            case .internetGateway, .egressOnlyInternetGateway: role = .pathInternet
            default: role = .pathBlocked
            }
            if path.unknown != nil { role = .severityWarning }
            var spans = [Span("  " + TextWidth.pad(path.service, to: 16), Style(.value)),
                         Span(TextWidth.pad(path.via.rawValue + (path.crossAz ? " (cross-AZ)" : ""), to: 30), Style(role, bold: !path.reachable)),
                         Span(path.unknown != nil ? "UNKNOWN" : path.reachable ? PerGB.text(path.costPerGB) : "UNREACHABLE", Style(path.reachable ? .dim : .pathBlocked, bold: !path.reachable))]
            if let note = path.notes.first, !path.reachable || !path.via.isEndpoint && inventory.endpoints(in: subnet.vpcID).contains(where: { $0.service == path.service }) {
                spans.append(Span("  " + glyphs.displayed(note), Style(.severityWarning)))
            }
            lines.append(StyledLine(spans))
        }
        for flow in [Flow.ecrImagePull, Flow.ssmSessionManager] {
            let result = resolver.flowPath(flow, from: subnet.id)
            // A mark means a problem: a public subnet pulling layers over its internet gateway works and is free.
            let verdict = result.verdict
            let mark = verdict == .private ? String(glyphs.check)
                : verdict.isProblem ? String(glyphs.crossMark) : verdict == .unknown ? "?" : String(glyphs.bullet)
            let role: Role = verdict.isProblem ? .severityError : verdict == .unknown ? .unknown : .ok
            lines.append(StyledLine([Span("  \(mark) ", Style(role, bold: true)), Span(result.summary, Style(role))]))
        }
        return lines
    }
}
