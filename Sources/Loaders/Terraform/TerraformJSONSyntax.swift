/// Terraform's JSON configuration syntax (`.tf.json`) read into the same body the native syntax gives:
/// `{"resource": {"aws_vpc": {"main": {...}}}}` is `resource "aws_vpc" "main" {...}`. Strings are templates
/// (`"${var.cidr}"`), except where Terraform reads them literally (a variable's `default`, a module's
/// `source`) or as an expression (a variable's `type`). Without the provider's schema, a nested object
/// reads as an argument holding an object, which evaluates the same as a nested block.
enum TerraformJSONSyntax {
    /// Block types whose labels are nested as object keys, by how many labels they have.
    static let labelCounts: [String: Int] = [
        "resource": 2, "data": 2, "module": 1, "output": 1, "variable": 1, "provider": 1, "locals": 0, "terraform": 0,
    ]
    /// Nested blocks that are blocks in JSON as well (meta-blocks the evaluator reads as blocks).
    static let nestedBlocks: Set<String> = ["dynamic", "lifecycle", "provisioner", "connection", "timeouts", "content", "default_tags"]

    static func parse(bytes: [UInt8], path: String) throws -> HCLBody {
        let root = try TerraformJSON.decode(bytes, path: path)
        guard let top = root.attributes else {
            throw LoadError(path: path, line: 1, column: 1, message: "a .tf.json file must hold a JSON object")
        }
        let at = HCLPosition(line: 1, column: 1)
        var body = HCLBody()
        for type in top.keys.sorted() where type != "//" {
            guard let labels = labelCounts[type] else { continue }
            for (names, value) in try labelled(top[type] ?? .null, labels, type, path) {
                for object in value.elements ?? [value] {
                    guard let map = object.attributes else {
                        throw LoadError(path: path, line: 1, column: 1, message: "\(type) \(names.joined(separator: ".")) must be a JSON object")
                    }
                    body.blocks.append(HCLBlock(type: type, labels: names, body: try blockBody(map, type, path), position: at))
                }
            }
        }
        return body
    }

    /// Unwraps the label levels: `{"aws_vpc": {"main": BODY}}` → (["aws_vpc", "main"], BODY).
    static func labelled(_ value: HCLValue, _ count: Int, _ type: String, _ path: String) throws -> [([String], HCLValue)] {
        if count == 0 { return [([], value)] }
        guard let map = value.attributes else {
            throw LoadError(path: path, line: 1, column: 1, message: "\(type) must be a JSON object keyed by its labels")
        }
        var out: [([String], HCLValue)] = []
        for key in map.keys.sorted() where key != "//" {
            for (rest, inner) in try labelled(map[key] ?? .null, count - 1, type, path) { out.append(([key] + rest, inner)) }
        }
        return out
    }

    static func blockBody(_ map: [String: HCLValue], _ type: String, _ path: String) throws -> HCLBody {
        var body = HCLBody()
        let at = HCLPosition(line: 1, column: 1)
        for key in map.keys.sorted() where key != "//" {
            let value = map[key] ?? .null
            if nestedBlocks.contains(key) {
                if key == "dynamic", let dynamics = value.attributes {
                    for label in dynamics.keys.sorted() {
                        for object in dynamics[label]?.elements ?? [dynamics[label] ?? .null] {
                            guard let m = object.attributes else { continue }
                            body.blocks.append(HCLBlock(type: key, labels: [label], body: try blockBody(m, key, path), position: at))
                        }
                    }
                } else {
                    for object in value.elements ?? [value] {
                        guard let m = object.attributes else { continue }
                        body.blocks.append(HCLBlock(type: key, labels: [], body: try blockBody(m, key, path), position: at))
                    }
                }
                continue
            }
            let expression: HCLExpr
            switch (type, key) {
            case ("variable", "default"), ("module", "source"), ("module", "version"):
                expression = .literal(value, at)
            case ("variable", "type"), (_, "depends_on"):
                guard let text = value.stringValue else { expression = .literal(value, at); break }
                expression = try HCLParser.parseExpression(bytes: Array(text.utf8), path: path)
            default:
                expression = try self.expression(value, path)
            }
            body.attributes.append(HCLAttribute(name: key, expression: expression, position: at))
        }
        return body
    }

    /// A JSON value as an expression: strings are templates, the rest literal structure.
    static func expression(_ value: HCLValue, _ path: String) throws -> HCLExpr {
        let at = HCLPosition(line: 1, column: 1)
        switch value {
        case .string(let s) where s.contains("${") || s.contains("%{"):
            var parser = HCLParser(bytes: Array(s.utf8), path: path)
            let (parts, terminator) = try parser.parseTemplateParts(quoted: false)
            if let terminator { throw LoadError(path: path, line: 1, column: 1, message: "'%{\(terminator)}' without its opening directive") }
            return HCLParser.simplify(parts, at)
        case .list(let items), .set(let items):
            return .tuple(try items.map { try expression($0, path) }, at)
        case .object(let map), .instance(_, let map):
            return .object(try map.keys.sorted().filter { $0 != "//" }.map { key in
                (key: HCLExpr.literal(.string(key), at), value: try expression(map[key] ?? .null, path))
            }, at)
        default:
            return .literal(value, at)
        }
    }
}
