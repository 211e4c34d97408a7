import JSONText
import Model

extension NetworkDiff {
    /// The plan-like text: `+` added, `-` removed, `~` changed, `?` unknown, in a stable order (kind,
    /// then ID; subnet, then service; rule, then resource). `clean` makes input text safe to print.
    /// `old` and `new` name the two sides (`OLD: snapshots/2026-12-01 (aws-cli)`). In vpcx's ASCII notation
    /// (`old -> new`), the same whatever the locale; `composedText` marks the notation for a display.
    public func text(old: String, new: String, clean: (String) -> String) -> String {
        composedText(old: old, new: new, clean: clean).plain
    }

    /// The plan-like text with vpcx's arrows marked (`clean` applies to the parts between them), for a
    /// display that draws them as glyphs.
    public func composedText(old: String, new: String, clean: (String) -> String) -> ComposedText {
        var out: ComposedText = "--- OLD \(clean(old))\n+++ NEW \(clean(new))\n"
        func label(_ r: ResourceChange) -> String {
            var text = "\(r.kind.singular) \(r.id)"
            if let name = r.name, name != r.id { text += " (\(name))" }
            if let address = r.address { text += " = \(address)" }
            return clean(text)
        }
        if !matches.isEmpty {
            out += "\nMatched without a shared ID (spec address = live ID):\n"
            for m in matches { out += "  \(clean("\(m.kind.singular) \(m.address) = \(m.id)")), by \(m.by)\n" }
        }
        out += "\nResources:\n"
        if resources.isEmpty && unknownKinds.isEmpty { out += "  no changes\n" }
        for r in resources {
            out += "  \(r.isOnlyUnknown ? "?" : r.change.sign) \(label(r))\n"
            for a in r.attributes {
                let sign = a.isUnknown ? "?" : (a.old == nil ? "+" : (a.new == nil ? "-" : "~"))
                let value: ComposedText
                switch (a.old, a.new) {
                case (nil, let n?): value = ComposedText(verbatim: clean(n.text))
                case (let o?, nil): value = ComposedText(verbatim: clean(o.text))
                case (let o?, let n?): value = "\(clean(o.text)) -> \(clean(n.text))"
                case (nil, nil): value = ""
                }
                out += "      \(sign) \(clean(a.key)): \(value)\n"
            }
        }
        for u in unknownKinds {
            out += "  ? \(u.kind.title): not described by \(u.side) (\(u.kind.notLoaded)): additions and removals unknown\n"
        }
        out += "\nPaths (subnets on both sides × services):\n"
        if paths.isEmpty { out += "  no changes\n" }
        for p in paths {
            let from = p.subnetName.map { "\($0) (\(p.subnet))" } ?? p.subnet
            out += "  \(p.isUnknown ? "?" : "~") \(clean(from)) -> \(clean(p.service)): \(p.old.text.mappingParts(clean)) -> \(p.new.text.mappingParts(clean))\n"
        }
        out += "\nFindings:\n"
        if findings.isEmpty && findingsUnknown.isEmpty { out += "  no changes\n" }
        for f in findings {
            out += "  \(f.appeared ? "+" : "-") \(f.finding.severity.rawValue) \(clean(f.finding.rule)) \(clean(f.finding.resource)): \(clean(f.finding.message))\n"
        }
        for f in findingsUnknown {
            let side = f.appeared ? "OLD" : "NEW"
            out += "  ? \(f.finding.severity.rawValue) \(clean(f.finding.rule)) \(clean(f.finding.resource)): only on \(f.appeared ? "NEW" : "OLD"); the rule could not run on \(side)\n"
        }
        out += "\nCost (monthly, endpoints and NAT gateways, same traffic and prices):\n"
        out += "  \(cost.delta == 0 ? " " : "~") total: \(CostFormat.money(cost.old, currency: cost.currency)) -> \(CostFormat.money(cost.new, currency: cost.currency)) (\(CostFormat.delta(cost.delta, currency: cost.currency)))\n"
        if cost.oldEndpoints != cost.newEndpoints {
            out += "      endpoints: \(CostFormat.money(cost.oldEndpoints, currency: cost.currency)) -> \(CostFormat.money(cost.newEndpoints, currency: cost.currency))\n"
        }
        if cost.oldNATGateways != cost.newNATGateways {
            out += "      NAT gateways: \(CostFormat.money(cost.oldNATGateways, currency: cost.currency)) -> \(CostFormat.money(cost.newNATGateways, currency: cost.currency))\n"
        }
        for line in cost.unknown { out += "  ? \(clean(line)): that side's cost is incomplete\n" }
        out += "\n\(summaryLine)\n"
        return out
    }

    /// `Plan: 1 to add, 2 to remove, 1 to change; 3 paths change (1 unknown); 1 finding appears (1 error), 0 disappear; cost +$7.30/month.`
    public var summaryLine: String {
        let unknownPaths = paths.count - knownPathChanges.count
        let appeared = findings.filter(\.appeared).count
        let errors = newErrors.count
        var line = "Diff: \(count(.added)) to add, \(count(.removed)) to remove, \(count(.changed)) to change; "
        line += "\(paths.count) path\(paths.count == 1 ? "" : "s") change\(paths.count == 1 ? "s" : "")"
        if unknownPaths > 0 { line += " (\(unknownPaths) unknown)" }
        line += "; \(appeared) finding\(appeared == 1 ? "" : "s") appear\(appeared == 1 ? "s" : "")"
        if errors > 0 { line += " (\(errors) error\(errors == 1 ? "" : "s"))" }
        line += ", \(findings.count - appeared) disappear"
        line += "; cost \(CostFormat.delta(cost.delta, currency: cost.currency))/month"
        if !cost.unknown.isEmpty { line += " (incomplete)" }
        return line + "."
    }

    /// The diff as JSON: `{"resources": [...], "paths": [...], "findings": [...], "cost": {...}, ...}`.
    public func json(old: String, new: String, clean: @escaping (String) -> String) -> JSONValue {
        func s(_ text: String) -> JSONValue { .string(clean(text)) }
        func opt(_ text: String?) -> JSONValue { text.map(s) ?? .null }
        func fact(_ v: FactValue?) -> JSONValue {
            switch v {
            case nil: return .null
            case .value(let x)?: return s(x)
            case .unknown(let why)?: return .object([("unknown", s(why))])
            }
        }
        func number(_ x: Double) -> JSONValue { .number(CostFormat.plain(x)) }
        func outcome(_ o: PathOutcome) -> JSONValue {
            .object([("via", .string(o.via.rawValue)), ("reachable", o.unknown == nil ? .bool(o.reachable) : .null),
                     ("endpoint", opt(o.endpoint)), ("blocked", opt(o.blocked?.plain)), ("unknown", opt(o.unknown?.plain))])
        }
        func finding(_ f: FindingChange, _ status: String) -> JSONValue {
            .object([("change", .string(status)), ("rule", s(f.finding.rule)), ("severity", .string(f.finding.severity.rawValue)),
                     ("resource", s(f.finding.resource)), ("vpc", s(f.finding.vpc)), ("message", s(f.finding.message))])
        }
        let resourceList: [JSONValue] = resources.map { r in
            .object([("change", .string(r.isOnlyUnknown ? "unknown" : r.change.rawValue)), ("kind", .string(r.kind.rawValue)),
                     ("id", s(r.id)), ("name", opt(r.name)), ("address", opt(r.address)),
                     ("attributes", .array(r.attributes.map { a in
                         .object([("key", s(a.key)), ("old", fact(a.old)), ("new", fact(a.new)), ("unknown", .bool(a.isUnknown))])
                     }))])
        }
        return .object([
            ("old", s(old)), ("new", s(new)),
            ("changed", .bool(hasChanges)),
            ("summary", .object([("added", .number("\(count(.added))")), ("removed", .number("\(count(.removed))")),
                                 ("changed", .number("\(count(.changed))")), ("paths", .number("\(paths.count)")),
                                 ("pathsUnknown", .number("\(paths.count - knownPathChanges.count)")),
                                 ("findingsAppeared", .number("\(findings.filter(\.appeared).count)")),
                                 ("findingsDisappeared", .number("\(findings.filter { !$0.appeared }.count)")),
                                 ("newErrors", .number("\(newErrors.count)"))])),
            ("matches", .array(matches.map { m in
                .object([("kind", .string(m.kind.rawValue)), ("id", s(m.id)), ("address", s(m.address)), ("by", .string(m.by))])
            })),
            ("resources", .array(resourceList)),
            ("unknownKinds", .array(unknownKinds.map { .object([("kind", .string($0.kind.rawValue)), ("side", .string($0.side)),
                                                                ("reason", .string($0.kind.notLoaded))]) })),
            ("paths", .array(paths.map { p in
                .object([("change", .string(p.isUnknown ? "unknown" : "changed")), ("subnet", s(p.subnet)), ("subnetName", opt(p.subnetName)),
                         ("service", s(p.service)), ("old", outcome(p.old)), ("new", outcome(p.new))])
            })),
            ("findings", .array(findings.map { finding($0, $0.appeared ? "appeared" : "disappeared") }
                                + findingsUnknown.map { finding($0, "unknown") })),
            ("cost", .object([("currency", .string(cost.currency)), ("old", number(cost.old)), ("new", number(cost.new)),
                              ("delta", number(cost.delta)),
                              ("endpoints", .object([("old", number(cost.oldEndpoints)), ("new", number(cost.newEndpoints))])),
                              ("natGateways", .object([("old", number(cost.oldNATGateways)), ("new", number(cost.newNATGateways))])),
                              ("incomplete", .array(cost.unknown.map(s)))])),
        ])
    }
}

extension ResourceKind {
    /// The kind as people say it, singular (`route table`, `VPC endpoint`).
    public var singular: String {
        switch self {
        case .vpcs: return "VPC"
        case .subnets: return "subnet"
        case .routeTables: return "route table"
        case .vpcEndpoints: return "VPC endpoint"
        case .networkInterfaces: return "network interface"
        case .securityGroups: return "security group"
        case .natGateways: return "NAT gateway"
        case .internetGateways: return "internet gateway"
        case .prefixLists: return "prefix list"
        case .vpcAttributes: return "VPC DNS attributes"
        }
    }
}
