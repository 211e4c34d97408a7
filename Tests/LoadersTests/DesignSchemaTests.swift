import Foundation
import Testing
import Yams
@testable import Loaders

/// `schema/vpcx-design.schema.json` is what editors check design files with: it must accept the
/// shipped example, refuse what the loader refuses by shape, and know every key the loader takes.
/// Read as plain JSON (Foundation), checked by the small draft 2020-12 subset the schema uses.
@Suite struct DesignSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("schema/vpcx-design.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A YAML document as the JSON values a schema speaks of (plain scalars resolved as YAML 1.2 core does).
    static func instance(_ yaml: String) throws -> Any {
        func value(_ node: Node) -> Any {
            switch node {
            case .scalar(let scalar):
                guard scalar.style == .plain else { return scalar.string }
                if let b = node.bool { return b }
                if let n = node.int { return n }
                return scalar.string
            case .mapping(let mapping):
                var object: [String: Any] = [:]
                for (k, v) in mapping { object[k.string ?? ""] = value(v) }
                return object
            case .sequence(let sequence): return sequence.map(value)
            }
        }
        return value(try #require(try Yams.compose(yaml: yaml)))
    }

    /// Where an instance breaks the schema (empty: valid). Supports what the schema uses: $ref, type,
    /// properties, required, additionalProperties, items, minItems, enum, oneOf, not, pattern, minimum,
    /// maximum, minLength.
    static func violations(_ value: Any, _ schema: [String: Any], root: [String: Any], at path: String = "$") -> [String] {
        var out: [String] = []
        if let ref = schema["$ref"] as? String {
            let name = ref.replacingOccurrences(of: "#/$defs/", with: "")
            if let target = (root["$defs"] as? [String: Any])?[name] as? [String: Any] {
                out += violations(value, target, root: root, at: path)
            } else {
                out.append("\(path): no definition \(ref)")
            }
        }
        if let type = schema["type"] as? String {
            let ok: Bool
            switch type {
            case "object": ok = value is [String: Any]
            case "array": ok = value is [Any]
            case "string": ok = value is String
            case "integer": ok = value is Int
            case "boolean": ok = value is Bool
            default: ok = false
            }
            if !ok { return out + ["\(path): not \(type)"] }
        }
        if let choices = schema["enum"] as? [String], !choices.contains(value as? String ?? "\u{0}") {
            out.append("\(path): not one of \(choices)")
        }
        if let text = value as? String {
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                out.append("\(path): does not match \(pattern)")
            }
            if let min = schema["minLength"] as? Int, text.count < min { out.append("\(path): shorter than \(min)") }
        }
        if let n = value as? Int {
            if let min = schema["minimum"] as? Int, n < min { out.append("\(path): below \(min)") }
            if let max = schema["maximum"] as? Int, n > max { out.append("\(path): above \(max)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path): needs \(key)") }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    out += violations(item, property, root: root, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    out += violations(item, additional, root: root, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    out.append("\(path): unknown key \(key)")
                }
            }
        }
        if let array = value as? [Any] {
            if let min = schema["minItems"] as? Int, array.count < min { out.append("\(path): fewer than \(min) items") }
            if let items = schema["items"] as? [String: Any] {
                for (i, item) in array.enumerated() { out += violations(item, items, root: root, at: "\(path)[\(i)]") }
            }
        }
        if let choices = schema["oneOf"] as? [[String: Any]] {
            let matching = choices.filter { violations(value, $0, root: root, at: path).isEmpty }.count
            if matching != 1 { out.append("\(path): matches \(matching) of oneOf, not 1") }
        }
        if let not = schema["not"] as? [String: Any], violations(value, not, root: root, at: path).isEmpty {
            out.append("\(path): matches what it must not")
        }
        return out
    }

    @Test func isDraft2020WithDescriptions() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["description"] is String)
        let defs = try #require(schema["$defs"] as? [String: Any])
        for (name, def) in defs {
            #expect((def as? [String: Any])?["description"] is String, "$defs.\(name) has no description")
        }
    }

    @Test func acceptsTheShippedExample() throws {
        let schema = try Self.schema()
        let example = try String(contentsOf: Self.root.appendingPathComponent("examples/blog-eu-west-1.vpcx.yaml"), encoding: .utf8)
        #expect(Self.violations(try Self.instance(example), schema, root: schema) == [])
        // The loader's own test design too.
        #expect(Self.violations(try Self.instance(DesignLoaderTests.threeAZs), schema, root: schema) == [])
    }

    @Test func refusesWhatTheLoaderRefusesByShape() throws {
        let schema = try Self.schema()
        let base = "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n"
        for (text, expected) in [
            (base + "    subnet: {}\n", "unknown key subnet"),
            (base + "    nat: per-az\n", "not one of"),
            (base + "    azs: 1\n    subnets: { p: { netnum_from: 1 } }\n", "oneOf"),
            (base + "    endpoints: [{ service: s3, route_tables: [] }]\n", "matches 0 of oneOf"),
            (base + "    tags: { Name: x }\n", "must not"),
            ("vpcs: []\n", "needs region"),
        ] {
            let found = Self.violations(try Self.instance(text), schema, root: schema)
            #expect(found.contains { $0.contains(expected) }, "\(text): \(found)")
            // And the loader refuses it as well.
            #expect(throws: LoadError.self) { try DesignLoader.parse(text, path: "x.vpcx.yaml") }
        }
    }

    @Test func knowsEveryKeyTheLoaderTakes() throws {
        let schema = try Self.schema()
        let defs = try #require(schema["$defs"] as? [String: Any])
        for (object, keys) in DesignLoader.keys {
            let def = object == "design" ? schema : try #require(defs[object] as? [String: Any], "no $defs.\(object)")
            let properties = try #require(def["properties"] as? [String: Any], "\(object) has no properties")
            #expect(Set(properties.keys) == Set(keys), "\(object): schema \(properties.keys.sorted()) vs loader \(keys.sorted())")
            #expect(def["additionalProperties"] as? Bool == false, "\(object) allows unknown keys")
            for (key, property) in properties {
                #expect((property as? [String: Any])?["description"] is String, "\(object).\(key) has no description")
            }
        }
        // The choices the loader takes are the schema's enums.
        let vpc = try #require(defs["vpc"] as? [String: Any])
        let nat = try #require((vpc["properties"] as? [String: Any])?["nat"] as? [String: Any])
        #expect(nat["enum"] as? [String] == DesignLoader.natChoices)
    }
}
