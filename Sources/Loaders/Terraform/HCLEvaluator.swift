/// Evaluates HCL expressions with Terraform's semantics. Names the expression cannot bind itself
/// (`var.x`, `aws_vpc.main`, `module.m`) go to a resolver the configuration supplies. Unknown values
/// propagate: an operation on an unknown is unknown, under the first unknown's name.
public struct HCLEvaluator {
    /// Resolves a root name, with its first attribute when the expression has one (`var` + `region`),
    /// so a reference to one resource does not evaluate every resource of that type.
    public typealias Resolver = (_ root: String, _ attribute: String?, _ position: HCLPosition) throws -> HCLValue

    /// The file the expressions come from, for error locations.
    public var path: String
    /// Names bound by the expression's context: `count`, `each`, `for` variables, `dynamic` iterators.
    public var bindings: [String: HCLValue]
    public var resolver: Resolver?
    /// The directory `file()` and `templatefile()` read relative to (path.module).
    public var baseDirectory: String
    /// `module.vpc`: the module instance the expressions belong to, named in errors (empty for the root).
    public var moduleAddress = ""
    /// Which files `file()`, `templatefile()` and friends may read (nil: only under `baseDirectory`).
    var files: TerraformFileAccess?
    /// Inside a `templatefile()`, which may not call itself (Terraform's rule, and no endless recursion).
    var insideTemplateFile = false

    /// The longest string an expression may build (jsonencode of doubling locals, `%9999999999s`).
    static let maxStringBytes = 16 << 20

    static let splatBinding = "\u{0}splat"

    public init(path: String, bindings: [String: HCLValue] = [:], baseDirectory: String = ".", resolver: Resolver? = nil) {
        self.path = path
        self.bindings = bindings
        self.resolver = resolver
        self.baseDirectory = baseDirectory
    }

    func error(_ message: String, _ at: HCLPosition) -> LoadError {
        LoadError(path: path, line: at.line, column: at.column,
                  message: moduleAddress.isEmpty ? message : "\(message) (in \(moduleAddress))")
    }

    func binding(_ name: String, _ value: HCLValue) -> HCLEvaluator {
        var copy = self
        copy.bindings[name] = value
        return copy
    }

    // MARK: Expressions

    public func evaluate(_ expr: HCLExpr) throws -> HCLValue {
        switch expr {
        case .literal(let value, _):
            return value
        case .template(let parts, let position):
            if parts.count == 1, case .interpolation(let inner) = parts[0] { return try evaluate(inner) }
            return try render(parts, position)
        case .variable(let name, let position):
            if let value = bindings[name] { return value }
            return try resolve(name, nil, position)
        case .getAttr(let base, let name, let position):
            if case .variable(let root, let rootPosition) = base, bindings[root] == nil {
                return try resolve(root, name, rootPosition)
            }
            // `data.TYPE.NAME`, `resource.TYPE.NAME` and `module.NAME.OUTPUT` name one thing with two attributes,
            // so a reference to one output of a module evaluates that output only.
            if case .getAttr(.variable(let root, let rootPosition), let first, _) = base, bindings[root] == nil,
               root == "data" || root == "resource" || root == "module" {
                return try resolve(root, "\(first).\(name)", rootPosition)
            }
            return try attribute(of: try evaluate(base), name, position)
        case .index(let base, let keyExpr, let position):
            return try index(try evaluate(base), try evaluate(keyExpr), position)
        case .splat(let source, let each, _):
            let value = try evaluate(source)
            switch value {
            case .unknown: return value
            case .null: return .list([])
            case .list(let items), .set(let items):
                return .list(try items.map { try binding(HCLEvaluator.splatBinding, $0).evaluate(each) })
            default:
                return .list([try binding(HCLEvaluator.splatBinding, value).evaluate(each)])
            }
        case .splatItem(let position):
            guard let value = bindings[HCLEvaluator.splatBinding] else { throw error("splat item outside a splat", position) }
            return value
        case .tuple(let items, _):
            return .list(try items.map { try evaluate($0) })
        case .object(let items, _):
            var map: [String: HCLValue] = [:]
            for (keyExpr, valueExpr) in items {
                let key = try evaluate(keyExpr)
                if case .unknown = key { return key }
                guard let k = key.stringValue else { throw error("an object key must be a string, not \(key.typeName)", keyExpr.position) }
                map[k] = try evaluate(valueExpr)
            }
            return .object(map)
        case .call(let name, let argExprs, let expandLast, let position):
            return try call(name, argExprs, expandLast: expandLast, position)
        case .forExpr(let clause, let position):
            return try evaluateFor(clause, position)
        case .conditional(let conditionExpr, let then, let otherwise, let position):
            let condition = try evaluate(conditionExpr)
            if case .unknown = condition { return condition }
            guard let b = condition.boolValue else {
                throw error("the condition must be a bool, not \(condition.typeName)", position)
            }
            return try evaluate(b ? then : otherwise)
        case .unary(let op, let operandExpr, let position):
            let operand = try evaluate(operandExpr)
            if case .unknown = operand { return operand }
            if op == "!" {
                guard let b = operand.boolValue else { throw error("'!' needs a bool, not \(operand.typeName)", position) }
                return .bool(!b)
            }
            guard let n = operand.numberValue else { throw error("'-' needs a number, not \(operand.typeName)", position) }
            return .number(-n)
        case .binary(let op, let leftExpr, let rightExpr, let position):
            return try binary(op, leftExpr, rightExpr, position)
        case .parens(let inner, _):
            return try evaluate(inner)
        }
    }

    func resolve(_ root: String, _ attribute: String?, _ position: HCLPosition) throws -> HCLValue {
        guard let resolver else {
            throw error("'\(root)' cannot be referenced here: only literal values are allowed", position)
        }
        let value = try resolver(root, attribute, position)
        return value
    }

    /// `value.name`.
    public func attribute(of value: HCLValue, _ name: String, _ position: HCLPosition) throws -> HCLValue {
        switch value {
        case .unknown(let u): return .unknown("\(u).\(name)")
        case .object(let map):
            guard let v = map[name] else { throw error("this object has no attribute '\(name)'", position) }
            return v
        case .instance(let address, let map):
            // Attributes the configuration does not set are computed by the provider: known after apply.
            // One set to null reads back the same way: an optional-and-computed argument left null is
            // filled in by the provider (`ipv6_cidr_block = var.x` with a null default), as plan shows.
            guard let v = map[name], v != .null else { return .unknown("\(address).\(name)") }
            return v
        case .null: throw error("cannot read attribute '\(name)' of a null value", position)
        case .list, .set:
            throw error("cannot read attribute '\(name)' of a \(value.typeName); use an index or a splat ([*].\(name))", position)
        default: throw error("cannot read attribute '\(name)' of a \(value.typeName)", position)
        }
    }

    /// `value[key]`.
    public func index(_ value: HCLValue, _ key: HCLValue, _ position: HCLPosition) throws -> HCLValue {
        if case .unknown(let u) = value { return .unknown("\(u)[\(key.referenceKey)]") }
        if case .unknown = key { return key }
        switch value {
        case .list(let items):
            guard let n = key.numberValue, n == n.rounded() else { throw error("a list index must be a whole number, not \(key)", position) }
            guard n >= 0, n < Double(items.count) else {
                throw error("index \(HCLValue.format(n)) is out of range for a list of \(items.count) elements", position)
            }
            return items[Int(n)]
        case .object(let map), .instance(_, let map):
            guard let k = key.stringValue else { throw error("a map key must be a string, not \(key.typeName)", position) }
            guard let v = map[k] else { throw error("the map has no element \"\(k)\"", position) }
            return v
        case .set: throw error("elements of a set cannot be selected by index; convert it with tolist() first", position)
        case .null: throw error("cannot index a null value", position)
        default: throw error("cannot index a \(value.typeName)", position)
        }
    }

    // MARK: Templates

    func render(_ parts: [HCLTemplatePart], _ position: HCLPosition) throws -> HCLValue {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let s):
                out += s
            case .interpolation(let expr):
                let value = try evaluate(expr)
                if case .unknown = value { return value }
                guard let s = value.stringValue else {
                    throw error(value == .null ? "a null value cannot be interpolated" : "a \(value.typeName) cannot be interpolated into a string", expr.position)
                }
                out += s
                guard out.utf8.count <= HCLEvaluator.maxStringBytes else {
                    throw error("the string grows beyond \(HCLEvaluator.maxStringBytes >> 20) MiB", expr.position)
                }
            case .ifDirective(let conditionExpr, let then, let otherwise):
                let condition = try evaluate(conditionExpr)
                if case .unknown = condition { return condition }
                guard let b = condition.boolValue else { throw error("the %{if} condition must be a bool", conditionExpr.position) }
                let inner = try render(b ? then : otherwise, position)
                guard case .string(let s) = inner else { return inner }
                out += s
            case .forDirective(let keyName, let valueName, let collectionExpr, let body):
                let collection = try evaluate(collectionExpr)
                if case .unknown = collection { return collection }
                for (key, value) in try pairs(collection, collectionExpr.position) {
                    var scope = binding(valueName, value)
                    if let keyName { scope = scope.binding(keyName, key) }
                    let inner = try scope.render(body, position)
                    guard case .string(let s) = inner else { return inner }
                    out += s
                }
            }
        }
        return .string(out)
    }

    // MARK: for expressions

    /// The (key, value) pairs a `for` iterates: index and element of a list, element twice for a set,
    /// key and value of a map in lexical key order.
    func pairs(_ collection: HCLValue, _ position: HCLPosition) throws -> [(HCLValue, HCLValue)] {
        switch collection {
        case .list(let items): return items.enumerated().map { (.number(Double($0.offset)), $0.element) }
        case .set(let items): return items.map { ($0, $0) }
        case .object(let map), .instance(_, let map): return map.keys.sorted().map { (.string($0), map[$0] ?? .null) }
        case .null: throw error("cannot iterate over a null value", position)
        default: throw error("cannot iterate over a \(collection.typeName)", position)
        }
    }

    func evaluateFor(_ clause: HCLForClause, _ position: HCLPosition) throws -> HCLValue {
        let collection = try evaluate(clause.collection)
        if case .unknown = collection { return collection }
        var list: [HCLValue] = []
        var map: [String: HCLValue] = [:]
        var groups: [String: [HCLValue]] = [:]
        for (key, value) in try pairs(collection, clause.collection.position) {
            var scope = binding(clause.valueName, value)
            if let k = clause.keyName { scope = scope.binding(k, key) }
            if let conditionExpr = clause.condition {
                let condition = try scope.evaluate(conditionExpr)
                if case .unknown = condition { return condition }
                guard let b = condition.boolValue else { throw error("the for expression's 'if' must be a bool", conditionExpr.position) }
                if !b { continue }
            }
            if let keyExpr = clause.keyExpr {
                let k = try scope.evaluate(keyExpr)
                if case .unknown = k { return k }
                guard let ks = k.stringValue else { throw error("a for expression's key must be a string", keyExpr.position) }
                let v = try scope.evaluate(clause.valueExpr)
                if clause.grouping {
                    groups[ks, default: []].append(v)
                } else {
                    if map[ks] != nil {
                        throw error("two elements have the key \"\(ks)\"; add '...' after the value to group them", keyExpr.position)
                    }
                    map[ks] = v
                }
            } else {
                list.append(try scope.evaluate(clause.valueExpr))
            }
        }
        if clause.keyExpr == nil { return .list(list) }
        if clause.grouping { return .object(groups.mapValues { .list($0) }) }
        return .object(map)
    }

    // MARK: Operators

    func binary(_ op: String, _ leftExpr: HCLExpr, _ rightExpr: HCLExpr, _ position: HCLPosition) throws -> HCLValue {
        let left = try evaluate(leftExpr)
        if op == "&&", left.boolValue == false { return .bool(false) }
        if op == "||", left.boolValue == true { return .bool(true) }
        let right = try evaluate(rightExpr)
        if case .unknown = left { return left }
        if case .unknown = right { return right }
        switch op {
        case "&&", "||":
            guard let a = left.boolValue, let b = right.boolValue else {
                throw error("'\(op)' needs bools, not \(left.typeName) and \(right.typeName)", position)
            }
            return .bool(op == "&&" ? a && b : a || b)
        case "==", "!=":
            if let u = left.firstUnknown ?? right.firstUnknown { return .unknown(u) }
            let equal = HCLEvaluator.equal(left, right)
            return .bool(op == "==" ? equal : !equal)
        default:
            guard let a = left.numberValue, let b = right.numberValue else {
                throw error("'\(op)' needs numbers, not \(left.typeName) and \(right.typeName)", position)
            }
            switch op {
            case "+": return .number(a + b)
            case "-": return .number(a - b)
            case "*": return .number(a * b)
            case "/":
                guard b != 0 else { throw error("division by zero", position) }
                return .number(a / b)
            case "%":
                guard b != 0 else { throw error("modulo by zero", position) }
                return .number(a.truncatingRemainder(dividingBy: b))
            case "<": return .bool(a < b)
            case ">": return .bool(a > b)
            case "<=": return .bool(a <= b)
            default: return .bool(a >= b)
            }
        }
    }

    /// Terraform's equality: same type and same value (a list equals a tuple with the same elements).
    static func equal(_ a: HCLValue, _ b: HCLValue) -> Bool {
        switch (a, b) {
        case (.list(let x), .list(let y)), (.set(let x), .set(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)), (.instance(_, let x), .instance(_, let y)),
             (.object(let x), .instance(_, let y)), (.instance(_, let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { k, v in y[k].map { equal(v, $0) } ?? false }
        default:
            return a == b
        }
    }

    // MARK: Calls

    func call(_ name: String, _ argExprs: [HCLExpr], expandLast: Bool, _ position: HCLPosition) throws -> HCLValue {
        // try() and can() see errors of their arguments, so they evaluate them themselves.
        if name == "try" {
            guard !argExprs.isEmpty else { throw error("try() needs at least one argument", position) }
            for expr in argExprs {
                if let value = try? evaluate(expr) { return value }
            }
            throw error("no argument of try() could be evaluated", position)
        }
        if name == "can" {
            guard argExprs.count == 1 else { throw error("can() takes one argument", position) }
            do {
                let value = try evaluate(argExprs[0])
                if case .unknown = value { return value }
                return .bool(true)
            } catch {
                return .bool(false)
            }
        }
        var args = try argExprs.map { try evaluate($0) }
        if expandLast, let last = args.last {
            if case .unknown = last { return last }
            guard let items = last.elements else {
                throw error("the argument expanded with '...' must be a list or set", argExprs[argExprs.count - 1].position)
            }
            args.removeLast()
            args += items
        }
        let result = try HCLFunctions.call(name, args, self, position)
        if case .string(let s) = result, s.utf8.count > HCLEvaluator.maxStringBytes {
            throw error("\(name)(): the string grows beyond \(HCLEvaluator.maxStringBytes >> 20) MiB", position)
        }
        return result
    }
}
