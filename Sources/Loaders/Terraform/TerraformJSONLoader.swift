#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONText
import Model

/// Loads `terraform show -json` output: a state (`values`) or a plan (`planned_values`), through the same
/// mapping as `.tf` files. In a plan, values known only after apply are absent; where the configuration
/// says which resource they come from (`vpc_id = aws_vpc.main.id`), that resource's ID (or address) is used,
/// else they stay unknown under the name `ADDRESS.attribute`.
public enum TerraformJSONLoader {
    /// Whether the bytes look like `terraform show -json` output (a JSON object with `format_version`
    /// and `values`, `planned_values` or `terraform_version`), judged from the start of the text.
    public static func looksLikeTerraformJSON<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Bool
        where Bytes.Element == UInt8, Bytes.Index == Int {
        var i = bytes.startIndex
        while i < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[i]) { i += 1 }
        guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "{") else { return false }
        let prefix = bytes.prefix(64 * 1024)
        func sniff(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
            guard ByteSearch.contains("\"format_version\"", in: head) else { return false }
            return ByteSearch.contains("\"planned_values\"", in: head) || ByteSearch.contains("\"values\"", in: head)
                || ByteSearch.contains("\"terraform_version\"", in: head)
        }
        // Mapped files and arrays are contiguous; anything else is copied once.
        return prefix.withContiguousStorageIfAvailable(sniff) ?? Array(prefix).withUnsafeBufferPointer(sniff)
    }

    /// Maps a state or plan into the model.
    /// - Throws: `LoadError` at the JSON syntax error, or when the document is not Terraform's.
    public static func load(bytes: [UInt8], path: String) throws -> InventoryContents {
        let document = try TerraformJSON.decode(bytes, path: path)
        guard let top = document.attributes else {
            throw LoadError(path: path, line: 1, column: 1, message: "not terraform show -json output: expected a JSON object")
        }
        guard top["format_version"] != nil else {
            throw LoadError(path: path, line: 1, column: 1, message: "not terraform show -json output: no format_version")
        }
        let isPlan = top["planned_values"] != nil
        // A document with values must hold them in the shape Terraform writes, else it is broken, not empty.
        func broken(_ message: String, near needle: String) -> LoadError {
            let (line, column) = locate(bytes, needle)
            return LoadError(path: path, line: line, column: column, message: "not terraform show -json output: \(message)")
        }
        let valuesKey = isPlan ? "planned_values" : "values"
        if let values = top[valuesKey] {
            guard let v = values.attributes else { throw broken("\(valuesKey) must be an object, not \(values.typeName)", near: "\"\(valuesKey)\"") }
            if let root = v["root_module"], root.attributes == nil {
                throw broken("root_module must be an object, not \(root.typeName)", near: "\"root_module\"")
            }
        }
        func checkShape(_ module: [String: HCLValue]) throws {
            if let resources = module["resources"], resources.elements == nil {
                throw broken("resources must be a list, not \(resources.typeName)", near: "\"resources\"")
            }
            if let children = module["child_modules"], children.elements == nil {
                throw broken("child_modules must be a list, not \(children.typeName)", near: "\"child_modules\"")
            }
            for child in module["child_modules"]?.elements ?? [] {
                guard let m = child.attributes else { throw broken("a child module must be an object", near: "\"child_modules\"") }
                try checkShape(m)
            }
        }
        let rootModule = top[valuesKey]?.attributes?["root_module"]?.attributes ?? [:]
        try checkShape(rootModule)

        // Which attributes a plan leaves unknown, by address.
        var afterUnknown: [String: [String: HCLValue]] = [:]
        for change in top["resource_changes"]?.elements ?? [] {
            guard let c = change.attributes, let address = c["address"]?.stringValue,
                  let unknown = c["change"]?.attributes?["after_unknown"]?.attributes else { continue }
            afterUnknown[address] = unknown
        }
        // The configuration's references, by module prefix and resource address without index.
        var references: [String: [String: HCLValue]] = [:]
        func readConfiguration(_ module: [String: HCLValue], prefix: String) {
            for resource in module["resources"]?.elements ?? [] {
                guard let r = resource.attributes, let address = r["address"]?.stringValue,
                      let expressions = r["expressions"]?.attributes else { continue }
                references[prefix + address] = expressions
            }
            for (name, call) in module["module_calls"]?.attributes ?? [:] {
                if let child = call.attributes?["module"]?.attributes { readConfiguration(child, prefix: prefix + "module.\(name).") }
            }
        }
        let configuration = top["configuration"]?.attributes
        if let root = configuration?["root_module"]?.attributes { readConfiguration(root, prefix: "") }

        var instances: [TerraformResourceInstance] = []
        func walk(_ module: [String: HCLValue]) throws {
            for resource in module["resources"]?.elements ?? [] {
                guard let r = resource.attributes, r["mode"]?.stringValue != "data",
                      let address = r["address"]?.stringValue, let type = r["type"]?.stringValue else { continue }
                var values = r["values"]?.attributes ?? [:]
                for (key, flag) in afterUnknown[address] ?? [:] where flag == .bool(true) && (values[key] == nil || values[key] == .null) {
                    values[key] = .unknown("\(address).\(key)")
                }
                if isPlan, values["id"] == nil || values["id"]?.isUnknown == true { values["id"] = .string(address) }
                try TerraformValidation.check(type: type, values: values, body: HCLBody()) { _, message in
                    let (line, column) = locate(bytes, TerraformJSON.encode(.string(address)))
                    return LoadError(path: path, line: line, column: column, message: "\(address): \(message)")
                }
                instances.append(TerraformResourceInstance(address: address, type: type, values: values, order: [instances.count]))
            }
            for child in module["child_modules"]?.elements ?? [] {
                if let m = child.attributes { try walk(m) }
            }
        }
        try walk(rootModule)
        if isPlan { resolveUnknownReferences(&instances, references) }

        var region: String?
        if let provider = configuration?["provider_config"]?.attributes?["aws"]?.attributes,
           let constant = provider["expressions"]?.attributes?["region"]?.attributes?["constant_value"]?.stringValue {
            region = constant
        }
        var builder = TerraformMapping.Builder(defaultTags: [:], region: region)
        var contents = builder.build(instances, fromState: !isPlan)
        if region == nil {
            region = contents.endpoints.lazy.compactMap { ServiceName.region($0.serviceName) }.first
                ?? contents.subnets.lazy.compactMap(\.availabilityZone).first.map { String($0.dropLast()) }
        }
        contents.sources = [SourceInfo(path: path, format: .terraformJSON, region: region)]
        return contents
    }

    /// The line and column of the first occurrence of `needle` in the document (1:1 when it is not there),
    /// so an error about a value points at the resource that holds it.
    static func locate(_ bytes: [UInt8], _ needle: String) -> (Int, Int) {
        let n = Array(needle.utf8)
        guard !n.isEmpty, n.count <= bytes.count else { return (1, 1) }
        var line = 1, lineStart = 0
        var i = 0
        while i + n.count <= bytes.count {
            if bytes[i] == n[0], Array(bytes[i..<(i + n.count)]) == n { return (line, i - lineStart + 1) }
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (1, 1)
    }

    /// A plan's unknown `vpc_id` whose configuration says `aws_vpc.main.id` becomes that instance's ID;
    /// an unknown `subnet_ids` whose configuration says `aws_subnet.private[*].id` becomes all their IDs.
    static func resolveUnknownReferences(_ instances: inout [TerraformResourceInstance], _ references: [String: [String: HCLValue]]) {
        func base(_ address: String) -> String {
            if address.hasSuffix("]"), let open = address.lastIndex(of: "[") { return String(address[..<open]) }
            return address
        }
        var byBase: [String: [TerraformResourceInstance]] = [:]
        for r in instances { byBase[base(r.address), default: []].append(r) }
        func idOf(_ r: TerraformResourceInstance) -> HCLValue { .string(r.values["id"]?.stringValue ?? r.address) }

        for i in instances.indices {
            let r = instances[i]
            let b = base(r.address)
            let modulePath = b.range(of: r.type + ".", options: .backwards).map { String(b[..<$0.lowerBound]) } ?? ""
            guard let expressions = references[b] else { continue }
            let suffix = r.address.hasSuffix("]") ? String(r.address[(r.address.lastIndex(of: "[") ?? r.address.endIndex)...]) : ""
            for (key, value) in r.values {
                guard value.isUnknown, let refs = expressions[key]?.attributes?["references"]?.elements?.compactMap(\.stringValue),
                      let first = refs.first else { continue }
                let target = first.hasSuffix(".id") ? String(first.dropLast(3)) : first
                guard let candidates = byBase[modulePath + base(target)], !candidates.isEmpty else { continue }
                if key.hasSuffix("_ids") {
                    instances[i].values[key] = .list(candidates.map(idOf))
                } else if candidates.count == 1 {
                    instances[i].values[key] = idOf(candidates[0])
                } else if target.hasSuffix("]"), let exact = candidates.first(where: { $0.address == modulePath + target }) {
                    instances[i].values[key] = idOf(exact)
                } else if !suffix.isEmpty, refs.contains("count.index") || refs.contains("each.key"),
                          let same = candidates.first(where: { $0.address.hasSuffix(suffix) }) {
                    instances[i].values[key] = idOf(same)
                }
            }
        }
    }
}
