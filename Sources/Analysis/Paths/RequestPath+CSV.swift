/// `vpcx paths --format csv`: one row per path, the JSON contract's scalar keys as columns, so a
/// spreadsheet or `csvkit` gets the same facts as `--format json` (hops are the diagram; the CSV keeps
/// the first blocked hop's reason instead).
extension RequestPath {
    /// The header row, in the JSON contract's order; `without*` describe the path with no endpoints.
    public static let csvColumns = ["vpc", "subnet", "subnetName", "az", "routeTable", "service", "serviceName", "via",
                                    "endpoint", "networkInterface", "crossAz", "reachable", "blocked", "costPerGB",
                                    "withoutVia", "withoutReachable", "withoutCostPerGB", "notes"]

    /// The row's fields, unquoted. An absent value (unknown AZ, no endpoint) is an empty field, as JSON's null.
    public func csvFields(clean: (String) -> String = { $0 }) -> [String] {
        func text(_ s: String?) -> String { s.map(clean) ?? "" }
        return [text(vpc), text(subnet), text(subnetName), text(az), text(routeTable), text(service), text(serviceName),
                via.rawValue, text(endpoint), text(networkInterface), String(crossAz), String(reachable),
                text(blockedHop?.blocked?.plain), PerGB.amount(costPerGB),
                without.map { $0.via.rawValue } ?? "", without.map { String($0.reachable) } ?? "",
                without.map { PerGB.amount($0.costPerGB) } ?? "", notes.map { clean($0.plain) }.joined(separator: "; ")]
    }

    /// The whole CSV document: header, then one row per path; fields quoted where CSV (RFC 4180) needs it.
    public static func csvDocument(_ paths: [RequestPath], clean: (String) -> String = { $0 }) -> String {
        var out = csvColumns.joined(separator: ",") + "\n"
        for path in paths { out += path.csvFields(clean: clean).map(CostReport.csvField).joined(separator: ",") + "\n" }
        return out
    }
}
