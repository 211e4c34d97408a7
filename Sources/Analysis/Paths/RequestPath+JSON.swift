import JSONText
import Model

/// The JSON contract of `vpcx paths --format json` (DESIGN.md "Command line"):
///
///     {"paths": [{"vpc", "subnet", "subnetName", "az", "routeTable", "service", "serviceName", "via",
///                 "endpoint", "networkInterface", "crossAz", "reachable", "hops", "notes", "costPerGB",
///                 "without": {…the same keys, "without": null}}]}
///
/// Each hop is `{"kind", "id", "label", "detail": [String], "costPerGB", "blocked"}`: `kind` one of
/// `source`, `route-table`, `nat-gateway`, `internet-gateway`, `gateway-endpoint`,
/// `interface-endpoint`, `service`; `costPerGB` is the price of the arrow into the hop; `blocked`
/// is the reason traffic cannot enter it, or null. Absent values are null, never missing keys.
extension RequestPath {
    /// The path as a JSON object, keys in contract order.
    public var json: JSONValue {
        func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return .object([
            ("vpc", .string(vpc)),
            ("subnet", .string(subnet)),
            ("subnetName", string(subnetName)),
            ("az", string(az)),
            ("routeTable", string(routeTable)),
            ("service", .string(service)),
            ("serviceName", .string(serviceName)),
            ("via", .string(via.rawValue)),
            ("endpoint", string(endpoint)),
            ("networkInterface", string(networkInterface)),
            ("crossAz", .bool(crossAz)),
            ("reachable", .bool(reachable)),
            ("hops", .array(hops.map(\.json))),
            ("notes", .array(notes.map { .string($0) })),
            ("costPerGB", .number(PerGB.amount(costPerGB))),
            ("without", without?.json ?? .null),
        ])
    }

    /// `{"paths": [...]}` for a list of paths, pretty or compact.
    public static func jsonDocument(_ paths: [RequestPath], pretty: Bool = true) -> String {
        let document = JSONValue.object([("paths", .array(paths.map(\.json)))])
        return pretty ? document.prettyText : document.compactText
    }
}

extension Hop {
    /// The hop as a JSON object (see `RequestPath.json`).
    public var json: JSONValue {
        .object([
            ("kind", .string(kind.rawValue)),
            ("id", .string(id)),
            ("label", .string(label)),
            ("detail", .array(detail.map { .string($0) })),
            ("costPerGB", .number(PerGB.amount(costPerGB))),
            ("blocked", blocked.map { .string($0) } ?? .null),
        ])
    }
}
