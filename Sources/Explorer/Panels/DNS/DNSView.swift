import Analysis
import Canvas
import Model

/// What a service's default hostname resolves to from the selected subnet, the settings checked
/// (each `PASS`, `FAIL` or `UNKNOWN` in words, not only colour), and the endpoint's own names.
public enum DNSView {
    /// The lines of the view with their roles, before clipping.
    static func lines(_ dns: DNSResolution, glyphs: BoxGlyphs) -> [(text: String, role: Role, bold: Bool)] {
        var lines: [(String, Role, Bool)] = []
        lines.append((dns.hostname, .title, true))
        lines.append(("  from \(dns.subnetName ?? dns.subnet)\(dns.az.map { " (\($0))" } ?? "") resolves to:", .label, false))
        if dns.resolvesPrivately {
            for answer in dns.answers {
                let place = [answer.ip ?? "IP unknown", answer.networkInterface, answer.availabilityZone ?? "AZ unknown"]
                lines.append(("  \(glyphs.check) " + place.joined(separator: "  ") + (answer.sameAZ ? "  (same AZ)" : ""),
                              .pathEndpoint, answer.sameAZ))
            }
            if dns.answers.isEmpty { lines.append(("  \(glyphs.check) \(dns.answerText)", .pathEndpoint, false)) }
        } else if let gateway = dns.gatewayEndpoint {
            // A gateway endpoint works by route, not DNS: public addresses are what it expects.
            lines.append(("  \(glyphs.check) public AWS addresses, carried by the gateway endpoint \(gateway)'s route", .pathEndpoint, false))
        } else if dns.requirements.contains(where: { $0.name == "name resolves" && $0.status == .fail }) {
            lines.append(("  \(glyphs.crossMark) nothing: the name does not resolve (NXDOMAIN)", .severityError, true))
        } else if dns.privateDNSMatters {
            lines.append(("  \(glyphs.crossMark) public AWS addresses (not the endpoint)", .pathNAT, true))
        } else {
            lines.append(("  \(glyphs.bullet) public AWS addresses (no endpoint for \(dns.service) in this VPC)", .pathNAT, false))
        }
        if !dns.answeredBy.isEmpty {
            // Which part of Resolver answered: the endpoint's own zone, a shared zone, a forwarding rule, public DNS.
            lines.append(("  answered by:", .label, false))
            for line in dns.answeredBy { lines.append(("    " + glyphs.displayed(line), .value, false)) }
        }
        lines.append(("", .normal, false))
        // The settings are a problem only when an interface endpoint relies on them.
        let matters = dns.privateDNSMatters
        lines.append((matters ? "Requirements for private DNS" : "Private DNS settings (only an interface endpoint needs them)", .label, true))
        for requirement in dns.requirements {
            let mark: String
            let role: Role
            switch requirement.status {
            case .pass: mark = "\(glyphs.check) PASS   "; role = .ok
            case .fail where !matters: mark = "- no     "; role = .dim
            case .fail: mark = "\(glyphs.crossMark) FAIL   "; role = .severityError
            case .unknown: mark = "? UNKNOWN"; role = .unknown
            }
            lines.append(("  \(mark) \(requirement.name): \(glyphs.displayed(requirement.detail))", role, requirement.status != .pass && matters))
        }
        if dns.regionalName != nil || !dns.zonalNames.isEmpty {
            lines.append(("", .normal, false))
            lines.append(("Endpoint DNS names (work without private DNS)", .label, true))
            if let regional = dns.regionalName { lines.append(("  regional  \(regional)", .value, false)) }
            for zonal in dns.zonalNames {
                lines.append(("  \(zonal.availabilityZone ?? "zonal")  \(zonal.name)", .value, false))
            }
        }
        if !dns.notes.isEmpty {
            lines.append(("", .normal, false))
            for note in dns.notes { lines.append(("- " + glyphs.displayed(note), .dim, false)) }
        }
        return lines
    }

    /// The lines wrapped at a width (never cut at the panel's edge): a continuation keeps its
    /// line's indentation and two more spaces; hostnames and IDs break after `.` or `-`.
    static func wrappedLines(_ dns: DNSResolution, glyphs: BoxGlyphs, width: Int) -> [(text: String, role: Role, bold: Bool)] {
        lines(dns, glyphs: glyphs).flatMap { line -> [(text: String, role: Role, bold: Bool)] in
            let text = PathDiagramView.fold(TextWidth.sanitize(line.text), ascii: glyphs.isASCII)
            let indent = String(text.prefix { $0 == " " })
            guard TextWidth.of(text) > width else { return [(text, line.role, line.bold)] }
            guard TextWidth.of(indent) + 4 < width / 2 else { return TextWidth.hardWrap(text, width: width).map { ($0, line.role, line.bold) } }
            let hang = indent + "  "
            // The first line keeps the indentation (the word wrap would drop it), and its own spacing.
            let first = TextWidth.wrap(String(text.dropFirst(indent.count)), width: width - TextWidth.of(indent), breakAfter: [".", "-"])
                .map { indent + $0 }
            // The rest again at the width left after the hanging indent.
            let rest = first.dropFirst().joined(separator: " ").trimmingSpaces
            let more = TextWidth.wrap(rest, width: max(1, width - TextWidth.of(hang)), keepSpaces: false, breakAfter: [".", "-"])
            return [(first[0], line.role, line.bold)] + more.map { (hang + $0, line.role, line.bold) }
        }
    }

    /// The view as text at a width, for snapshots and the command line.
    public static func text(_ dns: DNSResolution, width: Int, glyphs: BoxGlyphs = .unicode) -> String {
        let count = wrappedLines(dns, glyphs: glyphs, width: max(1, width)).count
        var grid = Grid(width: max(1, width), height: count)
        drawDNS(dns, into: &grid, rect: grid.bounds, context: DrawContext(glyphs: glyphs))
        return grid.text
    }
}

/// Draws the DNS view into `rect`, its lines wrapped at the rect's width (the panel scrolls for more).
public func drawDNS(_ dns: DNSResolution, into grid: inout Grid, rect: Rect, context: DrawContext) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    for (i, line) in DNSView.wrappedLines(dns, glyphs: context.glyphs, width: area.width).enumerated() where area.y + i < area.maxY {
        grid.put(TextWidth.truncate(line.text, to: area.width, ascii: context.ascii), x: area.x, y: area.y + i,
                 style: Style(line.role, bold: line.bold), clip: area)
    }
}
