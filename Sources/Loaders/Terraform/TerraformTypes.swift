/// Variable type constraints (`type = list(string)`, `object({ a = optional(number, 1) })`): converting a
/// given value the way Terraform does, so `-var count=3` is a number and a list given for a set is a set.
enum TerraformTypes {
    /// Whether the constraint is plain `string` (then `-var` text is taken as is, not parsed).
    static func isString(_ type: HCLExpr?) -> Bool {
        if case .variable("string", _)? = type { return true }
        return false
    }

    static func convert(_ value: HCLValue, _ type: HCLExpr, _ fail: (String) -> LoadError) throws -> HCLValue {
        if case .unknown = value { return value }
        if value == .null { return value }
        switch type {
        case .variable(let name, _):
            switch name {
            case "string":
                guard let s = value.stringValue else { throw fail("a string is required, not \(value.typeName)") }
                return .string(s)
            case "number":
                guard let n = value.numberValue else { throw fail("a number is required, not \(value)") }
                return .number(n)
            case "bool":
                guard let b = value.boolValue else { throw fail("a bool is required, not \(value)") }
                return .bool(b)
            default:
                return value
            }
        case .call(let name, let args, _, _):
            switch name {
            case "list", "set", "tuple":
                guard let items = value.elements else { throw fail("a \(name) is required, not \(value.typeName)") }
                var converted = items
                if name == "tuple" {
                    if case .tuple(let types, _)? = args.first, types.count == items.count {
                        converted = try zip(items, types).map { try convert($0, $1, fail) }
                    }
                } else if let element = args.first {
                    converted = try items.map { try convert($0, element, fail) }
                }
                return name == "set" ? HCLValue.makeSet(converted) : .list(converted)
            case "map":
                guard let map = value.attributes else { throw fail("a map is required, not \(value.typeName)") }
                guard let element = args.first else { return .object(map) }
                return .object(try map.mapValues { try convert($0, element, fail) })
            case "object":
                guard let map = value.attributes else { throw fail("an object is required, not \(value.typeName)") }
                guard case .object(let fields, _)? = args.first else { return .object(map) }
                var out: [String: HCLValue] = [:]
                for (keyExpr, fieldType) in fields {
                    guard case .literal(.string(let key), _) = keyExpr else { continue }
                    if let v = map[key] {
                        out[key] = try convert(v, unwrapOptional(fieldType), fail)
                    } else if case .call("optional", let optionalArgs, _, _) = fieldType {
                        if optionalArgs.count > 1 {
                            let d = try HCLEvaluator(path: "").evaluate(optionalArgs[1])
                            out[key] = try convert(d, optionalArgs[0], fail)
                        } else {
                            out[key] = .null
                        }
                    } else {
                        throw fail("attribute \"\(key)\" is required")
                    }
                }
                return .object(out)
            default:
                return value
            }
        default:
            return value
        }
    }

    static func unwrapOptional(_ type: HCLExpr) -> HCLExpr {
        if case .call("optional", let args, _, _) = type, let inner = args.first { return inner }
        return type
    }
}
