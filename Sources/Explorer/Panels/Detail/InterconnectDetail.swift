import Analysis
import Canvas
import Model

/// The detail lines about what lies between VPCs: a VPC's peerings and transit gateway attachments,
/// an account's VPCs in a region, and a region's "centralise?" answer.
enum InterconnectDetail {
    static var heading: Style { DetailContent.heading }
    static var dim: Style { DetailContent.dim }

    /// `Peering` and `Transit gateway` sections of a VPC; unknown kinds say so, never "none".
    static func vpcLines(_ vpc: VPC, _ inventory: Inventory, _ glyphs: BoxGlyphs) -> [StyledLine] {
        let arrow = glyphs.glyph(forNotation: ComposedText.Mark.arrow.notation)
        let separator = glyphs.glyph(forNotation: ComposedText.Mark.separator.notation)
        let net = inventory.interconnect
        guard !net.isEmpty else { return [] }
        var lines: [StyledLine] = [StyledLine("Peering", heading)]
        if !net.knows(.peeringConnections) {
            lines.append(StyledLine("  unknown: " + InterconnectKind.peeringConnections.notLoaded, Style(.unknown)))
        } else {
            let peerings = net.peerings(of: vpc.id)
            if peerings.isEmpty { lines.append(StyledLine("  none", dim)) }
            for peering in peerings {
                guard let peer = peering.peer(of: vpc.id) else { continue }
                let place = [peer.ownerID.map { "account \($0)" }, peer.region].compactMap { $0 }.joined(separator: ", ")
                let blocks = peer.cidrs.map(\.description).joined(separator: ", ")
                lines.append(StyledLine([Span("  " + peering.id, DetailContent.id), Span(" \(arrow) " + inventory.displayName(peer.vpcID)),
                                         Span(place.isEmpty ? "" : " (\(place))", dim),
                                         Span(peering.isActive ? "" : "  \(peering.status)", Style(.severityWarning, bold: true))]))
                if !blocks.isEmpty { lines.append(StyledLine("    peer CIDRs \(blocks)", dim)) }
                let dns = peering.side(vpc.id)?.allowsDNSResolutionFromRemote
                lines.append(StyledLine("    DNS resolution from the peer: " + (dns.map { $0 ? "allowed" : "not allowed" } ?? "unknown")
                                        + " (EC2 hostnames only; endpoint private DNS never crosses a peering)", dim))
            }
        }
        lines.append(StyledLine("Transit gateway", heading))
        if !net.knows(.transitGatewayAttachments) {
            lines.append(StyledLine("  unknown: " + InterconnectKind.transitGatewayAttachments.notLoaded, Style(.unknown)))
        } else {
            let attachments = net.attachments(of: vpc.id)
            if attachments.isEmpty { lines.append(StyledLine("  no attachment", dim)) }
            for attachment in attachments {
                let table = attachment.associatedRouteTableID ?? (attachment.associationKnown ? "no route table" : "route table unknown")
                lines.append(StyledLine([Span("  " + attachment.id, DetailContent.id), Span(" \(arrow) \(attachment.transitGatewayID)\(separator)\(table)"),
                                         Span(attachment.isAvailable ? "" : "  \(attachment.state)", Style(.severityWarning, bold: true))]))
                if !attachment.subnetIDs.isEmpty {
                    lines.append(StyledLine("    in " + attachment.subnetIDs.map { inventory.name(of: $0) ?? $0 }.joined(separator: ", "), dim))
                }
            }
        }
        let zones = net.privateZones(of: vpc.id)
        if net.knows(.hostedZones) || !zones.isEmpty {
            lines.append(StyledLine("Private hosted zones", heading))
            if zones.isEmpty { lines.append(StyledLine("  none associated", dim)) }
            for zone in zones { lines.append(StyledLine([Span("  " + zone.name), Span(" (\(zone.id))", dim)])) }
        }
        let rules = net.resolverRules(of: vpc.id)
        if !rules.isEmpty {
            lines.append(StyledLine("Resolver rules", heading))
            for rule in rules {
                lines.append(StyledLine("  \(rule.id) \(rule.ruleType) \(rule.domainName)" + (rule.targetIPs.isEmpty ? "" : " \(arrow) " + rule.targetIPs.map(\.description).joined(separator: ", "))))
            }
        }
        lines.append("")
        return lines
    }

    static func accountLines(_ account: String, _ region: String, _ vpcs: [VPC], _ inventory: Inventory) -> [StyledLine] {
        var lines = [StyledLine("Account \(account) in \(region)", heading), ""]
        lines.append(DetailContent.field("VPCs", "\(vpcs.count)"))
        let endpoints = vpcs.reduce(0) { $0 + (inventory.endpointsByVPC[$1.id]?.count ?? 0) }
        lines.append(DetailContent.field("Endpoints", inventory.knows(.vpcEndpoints) ? "\(endpoints)" : "unknown (not collected)"))
        if inventory.interconnect.knows(.transitGatewayAttachments) {
            let attached = vpcs.filter { !inventory.interconnect.attachments(of: $0.id).isEmpty }.count
            lines.append(DetailContent.field("TGW-attached VPCs", "\(attached)"))
        }
        return lines
    }

    /// The region's centralisation answer at the session's traffic and prices (without traffic the
    /// break-even GB stands in for it); the Cost panel draws the same answer with its chart.
    static func centraliseLines(_ answer: Centralisation, glyphs: BoxGlyphs) -> [StyledLine] {
        var lines: [StyledLine] = ["", StyledLine("Centralise?", heading)]
        for (i, line) in answer.lines.enumerated() where i > 0 {
            let style = line.plain.hasPrefix("  ->") ? Style(answer.savingMonthly > 0 ? .costSaving : .severityWarning, bold: true)
                : line.plain.hasPrefix("  note:") ? dim : Style(.value)
            lines.append(StyledLine(glyphs.displayed(line), style))
        }
        return lines
    }
}
