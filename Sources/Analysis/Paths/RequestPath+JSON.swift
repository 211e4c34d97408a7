import JSONText
import Model

/// The JSON contract of `vpcx paths --format json` (DESIGN.md "Command line"):
///
///     {"paths": [{"vpc", "subnet", "subnetName", "az", "routeTable", "service", "serviceName", "via",
///                 "endpoint", "networkInterface", "crossAz", "reachable", "unknown", "addressFamily",
///                 "hops", "notes", "costPerGB",
///                 "without": {…the same keys, "without": null}}]}
///
/// `reachable` is null when the answer is not known (and `costPerGB` too when the way out is); `unknown` then names the missing fact or the route
/// target vpcx does not follow (`"via": "unknown"` when even the way out is not known). `addressFamily`
/// is `ipv4` or `ipv6`.
///
/// Each hop is `{"kind", "id", "label", "detail": [String], "costPerGB", "blocked"}`: `kind` one of
/// `source`, `route-table`, `nat-gateway`, `internet-gateway`, `gateway-endpoint`,
/// `interface-endpoint`, `route-target`, `unknown`, `service`; `costPerGB` is the price of the arrow into the hop; `blocked`
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
            ("reachable", unknown == nil ? .bool(reachable) : .null),
            ("unknown", string(unknown?.plain)),
            ("addressFamily", .string(addressFamily.rawValue)),
            ("hops", .array(hops.map(\.json))),
            ("notes", .array(notes.map { .string($0.plain) })),
            ("costPerGB", via == .unknown ? .null : .number(PerGB.amount(costPerGB))),
            ("without", without?.json ?? .null),
        ])
    }

    /// `{"paths": [...]}` for a list of paths: pretty for a handful, else one compact path per line
    /// (tens of thousands of paths stay fast to write and easy to grep).
    public static func jsonDocument(_ paths: [RequestPath], pretty: Bool? = nil) -> String {
        String(decoding: jsonDocumentUTF8(paths, pretty: pretty), as: UTF8.self)
    }

    /// `jsonDocument` as UTF-8 bytes, ready to write: the compact form goes straight from the paths into
    /// one buffer, with no JSON tree in between.
    public static func jsonDocumentUTF8(_ paths: [RequestPath], pretty: Bool? = nil) -> [UInt8] {
        if pretty ?? (paths.count <= 20) {
            return Array(JSONValue.object([("paths", .array(paths.map(\.json)))]).prettyText.utf8)
        }
        var writer = PathJSONWriter()
        writer.bytes.reserveCapacity(paths.count * 2200)
        writer.raw("{\"paths\": [\n")
        for (i, path) in paths.enumerated() {
            writer.write(path)
            writer.raw(i == paths.count - 1 ? "\n" : ",\n")
        }
        writer.raw("]}")
        return writer.bytes
    }
}

/// Writes paths as compact JSON (the `json` objects, no spaces) into one byte buffer. Strings that
/// need no escaping (IDs, CIDRs, most notes) are copied as they are; the rest go through `JSONValue.quote`.
struct PathJSONWriter {
    var bytes: [UInt8] = []
    /// `PerGB.amount` of the prices seen so far: a handful of values across every path.
    private var amounts: [UInt64: String] = [:]

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ path: RequestPath) {
        raw("{\"vpc\":"); string(path.vpc)
        raw(",\"subnet\":"); string(path.subnet)
        raw(",\"subnetName\":"); string(path.subnetName)
        raw(",\"az\":"); string(path.az)
        raw(",\"routeTable\":"); string(path.routeTable)
        raw(",\"service\":"); string(path.service)
        raw(",\"serviceName\":"); string(path.serviceName)
        raw(",\"via\":"); string(path.via.rawValue)
        raw(",\"endpoint\":"); string(path.endpoint)
        raw(",\"networkInterface\":"); string(path.networkInterface)
        raw(",\"crossAz\":"); bool(path.crossAz)
        raw(",\"reachable\":")
        if path.unknown == nil { bool(path.reachable) } else { raw("null") }
        raw(",\"unknown\":"); string(path.unknown?.plain)
        raw(",\"addressFamily\":"); string(path.addressFamily.rawValue)
        raw(",\"hops\":[")
        for (i, hop) in path.hops.enumerated() {
            if i > 0 { raw(",") }
            write(hop)
        }
        raw("],\"notes\":"); strings(path.notes)
        raw(",\"costPerGB\":")
        if path.via == .unknown { raw("null") } else { amount(path.costPerGB) }
        raw(",\"without\":")
        if let without = path.without { write(without) } else { raw("null") }
        raw("}")
    }

    mutating func write(_ hop: Hop) {
        raw("{\"kind\":"); string(hop.kind.rawValue)
        raw(",\"id\":"); string(hop.id)
        raw(",\"label\":"); string(hop.label)
        raw(",\"detail\":"); strings(hop.detail)
        raw(",\"costPerGB\":"); amount(hop.costPerGB)
        raw(",\"blocked\":"); string(hop.blocked?.plain)
        raw("}")
    }

    /// Composed texts in their ASCII notation: JSON is the same whatever the locale.
    mutating func strings(_ items: [ComposedText]) {
        raw("[")
        for (i, item) in items.enumerated() {
            if i > 0 { raw(",") }
            string(item.plain)
        }
        raw("]")
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    mutating func amount(_ dollars: Double) {
        if let known = amounts[dollars.bitPattern] {
            bytes.append(contentsOf: known.utf8)
            return
        }
        let text = PerGB.amount(dollars)
        amounts[dollars.bitPattern] = text
        bytes.append(contentsOf: text.utf8)
    }

    mutating func string(_ value: String?) {
        guard let value else { return raw("null") }
        let plain = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5c }) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return true
        }
        if plain == true { return }
        if plain == nil, value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5c }) {
            bytes.append(0x22)
            bytes.append(contentsOf: value.utf8)
            bytes.append(0x22)
            return
        }
        bytes.append(contentsOf: JSONValue.quote(value).utf8)
    }
}
extension Hop {
    /// The hop as a JSON object (see `RequestPath.json`).
    public var json: JSONValue {
        .object([
            ("kind", .string(kind.rawValue)),
            ("id", .string(id)),
            ("label", .string(label)),
            ("detail", .array(detail.map { .string($0.plain) })),
            ("costPerGB", .number(PerGB.amount(costPerGB))),
            ("blocked", blocked.map { .string($0.plain) } ?? .null),
        ])
    }
}
