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

    /// `{"paths": [...]}` for a list of paths: pretty for a handful, else one compact path per line
    /// (tens of thousands of paths stay fast to write and easy to grep).
    public static func jsonDocument(_ paths: [RequestPath], pretty: Bool? = nil) -> String {
        if pretty ?? (paths.count <= 20) {
            return JSONValue.object([("paths", .array(paths.map(\.json)))]).prettyText
        }
        var out = "{\"paths\": [\n"
        out.reserveCapacity(paths.count * 2400)
        for (i, path) in paths.enumerated() {
            JSONFast.write(path.json, to: &out)
            out += i == paths.count - 1 ? "\n" : ",\n"
        }
        return out + "]}"
    }
}

/// Compact JSON writing with a fast path for strings that need no escaping (IDs, CIDRs, most notes).
enum JSONFast {
    static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                quote(member.key, to: &out)
                out += ":"
                write(member.value, to: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .string(let s): quote(s, to: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quote(_ s: String, to out: inout String) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5c }) {
            out += "\""
            out += s
            out += "\""
        } else {
            out += JSONValue.quote(s)
        }
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
