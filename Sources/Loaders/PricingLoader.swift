import JSONText
import Model
import Yams

/// Reads a `--pricing` file (YAML, or JSON, which YAML reads too) into a `PricingBook`.
///
/// Any field of the price table may be set at the top level (every region) or under
/// `regions: { REGION: { ... } }` (one region, over the top level); what the file leaves out keeps
/// the built-in us-east-1 list price. Field names are those `vpcx cost --format json` prints in
/// `priceTable`:
///
/// ```yaml
/// name: our EDP prices
/// natGatewayPerGB: 0.04
/// interfaceEndpointDataTiers:
///   - { upToGB: 1000000, pricePerGB: 0.01 }
///   - { upToGB: 5000000, pricePerGB: 0.006 }
///   - { pricePerGB: 0.004 }
/// regions:
///   eu-west-1: { interfaceEndpointHourly: 0.011, natGatewayHourly: 0.048 }
/// ```
public enum PricingLoader {
    /// Reads and parses a pricing file; errors name the file, line and column.
    public static func load(path: String) throws(LoadError) -> PricingBook {
        let bytes = try FileBytes.read(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LoadError(path: path, line: 1, column: 1, message: "a pricing file must be UTF-8 text (YAML or JSON)")
        }
        return try parse(text, path: path)
    }

    /// Parses pricing text; `path` is for messages and for the tables' names.
    public static func parse(_ text: String, path: String) throws(LoadError) -> PricingBook {
        guard let root = try compose(text, path: path) else { throw LoadError(path: path, line: 1, column: 1, message: "empty pricing file") }
        guard let mapping = root.mapping else {
            throw fail(root, path, "a pricing file is a mapping of price fields (and `regions:`), found \(kind(root))")
        }
        var base = PriceTable.listPrices
        var setAtTop = false
        var regionNodes: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if !seen.insert(key).inserted { throw fail(keyNode, path, "'\(key)' is given twice") }
            if key == "regions" {
                guard let regions = value.mapping else { throw fail(value, path, "`regions` maps a region code to price fields") }
                var seenRegions: Set<String> = []
                for (regionKey, fields) in regions {
                    let region = regionKey.string ?? ""
                    guard ServiceName.isRegion(region) else {
                        throw fail(regionKey, path, "'\(region)' is not a region code (like eu-west-1)")
                    }
                    if !seenRegions.insert(region).inserted { throw fail(regionKey, path, "region '\(region)' is given twice") }
                    regionNodes.append((region, regionKey, fields))
                }
                continue
            }
            try apply(key: key, keyNode: keyNode, value: value, to: &base, path: path)
            setAtTop = true
        }
        if setAtTop && !seen.contains("name") {
            base.name = "\(path) (over built-in us-east-1 list prices)"
        }
        var regions: [String: PriceTable] = [:]
        for (region, _, fields) in regionNodes {
            guard let fieldMapping = fields.mapping else {
                throw fail(fields, path, "region '\(region)' needs a mapping of price fields, found \(kind(fields))")
            }
            var table = base
            var named = false
            var seenFields: Set<String> = []
            for (keyNode, value) in fieldMapping {
                let key = keyNode.string ?? ""
                if !seenFields.insert(key).inserted { throw fail(keyNode, path, "'\(key)' is given twice") }
                if key == "regions" { throw fail(keyNode, path, "`regions` belongs at the top level") }
                try apply(key: key, keyNode: keyNode, value: value, to: &table, path: path)
                named = named || key == "name"
            }
            if !named { table.name = "\(path): \(region)" }
            regions[region] = table
        }
        return PricingBook(defaultTable: base, regions: regions, source: path)
    }

    static func apply(key: String, keyNode: Node, value: Node, to table: inout PriceTable, path: String) throws(LoadError) {
        switch key {
        case "name": table.name = try string(value, path)
        case "currency": table.currency = try string(value, path)
        case "hoursPerMonth":
            table.hoursPerMonth = try price(value, path)
            if table.hoursPerMonth == 0 { throw fail(value, path, "hoursPerMonth must be above 0") }
        case "interfaceEndpointHourly": table.interfaceEndpointHourly = try price(value, path)
        case "interfaceEndpointDataTiers": table.interfaceEndpointDataTiers = try tiers(value, path)
        case "gatewayEndpointHourly": table.gatewayEndpointHourly = try price(value, path)
        case "gatewayEndpointPerGB": table.gatewayEndpointPerGB = try price(value, path)
        case "natGatewayHourly": table.natGatewayHourly = try price(value, path)
        case "natGatewayPerGB": table.natGatewayPerGB = try price(value, path)
        case "transitGatewayAttachmentHourly": table.transitGatewayAttachmentHourly = try price(value, path)
        case "transitGatewayPerGB": table.transitGatewayPerGB = try price(value, path)
        case "crossAZPerGB": table.crossAZPerGB = try price(value, path)
        default:
            let known = PriceTable.fieldNames.joined(separator: ", ")
            throw fail(keyNode, path, "unknown price field '\(key)' (known: \(known), regions)")
        }
    }

    static func string(_ node: Node, _ path: String) throws(LoadError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, path, "expected text, found \(kind(node))") }
        return scalar.string
    }

    static func price(_ node: Node, _ path: String) throws(LoadError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingSpaces), value.isFinite else {
            throw fail(node, path, "expected a number, found \(describe(node))")
        }
        guard value >= 0 else { throw fail(node, path, "a price cannot be negative (\(scalar.string))") }
        return value
    }

    static func tiers(_ node: Node, _ path: String) throws(LoadError) -> [(upToGB: Double?, pricePerGB: Double)] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            throw fail(node, path, "interfaceEndpointDataTiers is a list of {upToGB, pricePerGB}, the last without upToGB")
        }
        var result: [(upToGB: Double?, pricePerGB: Double)] = []
        var previous = 0.0
        for (i, item) in sequence.enumerated() {
            guard let fields = item.mapping else { throw fail(item, path, "a tier is {upToGB: N, pricePerGB: N}, found \(kind(item))") }
            var upTo: Double?
            var perGB: Double?
            for (keyNode, value) in fields {
                switch keyNode.string ?? "" {
                case "upToGB":
                    if case .scalar(let s) = value, ["", "~", "null"].contains(s.string) { upTo = nil; continue }
                    let bound = try price(value, path)
                    guard bound > previous else { throw fail(value, path, "tiers must rise: upToGB \(s(bound)) is not above \(s(previous))") }
                    upTo = bound
                case "pricePerGB": perGB = try price(value, path)
                default: throw fail(keyNode, path, "unknown tier field '\(keyNode.string ?? "")' (known: upToGB, pricePerGB)")
                }
            }
            guard let perGB else { throw fail(item, path, "this tier has no pricePerGB") }
            if upTo == nil && i != sequence.count - 1 {
                throw fail(item, path, "only the last tier may leave out upToGB (it has no upper bound)")
            }
            if let upTo { previous = upTo }
            result.append((upTo, perGB))
        }
        return result
    }

    static func s(_ x: Double) -> String { CostFormat.plain(x) }

    static func fail(_ node: Node, _ path: String, _ message: String) -> LoadError {
        LoadError(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    static func describe(_ node: Node) -> String {
        if case .scalar(let scalar) = node { return "'\(scalar.string)'" }
        return kind(node)
    }

    /// A YAML document's nodes (nil for an empty one), within the depth bound every YAML input has:
    /// shared by the pricing and design files. Errors are located.
    static func compose(_ text: String, path: String) throws(LoadError) -> Node? {
        do {
            try YAMLDepth.check(text)
            return try Yams.compose(yaml: text)
        } catch let error as YAMLDepth.TooDeep {
            throw LoadError(path: path, line: error.line, column: error.column, message: error.description)
        } catch let error as YamlError {
            throw located(error, path: path)
        } catch {
            throw LoadError(path: path, line: 1, column: 1, message: "cannot read as YAML or JSON: \(error)")
        }
    }

    static func located(_ error: YamlError, path: String) -> LoadError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = context.map { "\(problem) \($0.text)" } ?? problem
            return LoadError(path: path, line: mark.line, column: mark.column, message: "not valid YAML or JSON: \(what)")
        case .reader(let problem, _, _, _):
            return LoadError(path: path, line: 1, column: 1, message: "not valid YAML or JSON: \(problem)")
        default:
            return LoadError(path: path, line: 1, column: 1, message: "not valid YAML or JSON: \(error)")
        }
    }
}

fileprivate extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
