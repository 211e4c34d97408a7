import Canvas
import Foundation
import JSONText
import Model

/// What every command's output says about where its answer came from: what vpcx assumed (data sources
/// answered without AWS) and which resources are planned by a spec rather than deployed.
enum Provenance {
    /// `Assumed:` and `Planned:` sections after a command's text; empty when nothing was assumed or planned.
    static func text(_ inventory: Inventory) -> String {
        var out = ""
        let assumptions = inventory.contents.assumptions
        if !assumptions.isEmpty {
            out += "\nAssumed:\n" + assumptions.map { "  - \(TextWidth.sanitize($0))\n" }.joined()
        }
        let planned = inventory.contents.planned.sorted()
        if !planned.isEmpty {
            out += "\nPlanned (added by the spec, not yet in AWS):\n" + planned.map { "  + \(TextWidth.sanitize($0))\n" }.joined()
        }
        return out
    }

    /// The `incomplete` (what a Terraform source could not read), `assumptions` and `planned` arrays, to add to a command's JSON object.
    static func jsonFields(_ inventory: Inventory) -> [(key: String, value: JSONValue)] {
        var fields: [(key: String, value: JSONValue)] = []
        let gaps = inventory.sources.filter { $0.format == .terraform }.flatMap(\.gaps)
        if !gaps.isEmpty {
            fields.append(("incomplete", .array(gaps.map { .string(TextWidth.sanitize($0)) })))
        }
        if !inventory.contents.assumptions.isEmpty {
            fields.append(("assumptions", .array(inventory.contents.assumptions.map { .string(TextWidth.sanitize($0)) })))
        }
        if !inventory.contents.planned.isEmpty {
            fields.append(("planned", .array(inventory.contents.planned.sorted().map { .string(TextWidth.sanitize($0)) })))
        }
        return fields
    }

    /// A command's JSON object with the provenance fields appended.
    static func json(_ value: JSONValue, _ inventory: Inventory) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        return .object(fields + jsonFields(inventory))
    }

    /// The same for a JSON document already written as bytes (`{"paths": [...]}`): the fields go before the last `}`.
    static func json(_ bytes: [UInt8], _ inventory: Inventory) -> [UInt8] {
        let fields = jsonFields(inventory)
        guard !fields.isEmpty, let close = bytes.lastIndex(of: UInt8(ascii: "}")) else { return bytes }
        var out = Array(bytes[..<close])
        for (key, value) in fields {
            out += Array(",\n\(JSONValue.quote(key)): \(value.prettyText)".utf8)
        }
        out += Array("\n}".utf8) + bytes[bytes.index(after: close)...]
        return out
    }
}
