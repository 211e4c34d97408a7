#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Model

/// One resource instance the configuration would create, with its evaluated arguments
/// (nested blocks as lists of objects, as `terraform show -json` writes them too).
struct TerraformResourceInstance {
    /// `module.vpc_endpoints.aws_vpc_endpoint.interface["kms"]`: stands in for the ID until apply.
    var address: String
    var type: String
    var values: [String: HCLValue]
    /// Sorts instances in declaration order across modules.
    var order: [Int]
    /// The block that declares it (`.tf` sources; nil for `terraform show -json`).
    var declaredAt: Declaration? = nil
}

/// What a whole configuration evaluates to: every resource instance of every module, and the provider's region.
final class TerraformProgram {
    let rootDirectory: String
    var instances: [TerraformResourceInstance] = []
    /// The AWS provider's region, when the root's `provider "aws"` block states it (or an unknown's name).
    var region: HCLValue?
    var defaultTags: [String: HCLValue] = [:]
    /// Module keys (`vpc`, `vpc.endpoints`) → directory, from `.terraform/modules/modules.json` when `terraform init` ran.
    var installedModules: [String: String] = [:]
    var moduleCount = 0

    init(rootDirectory: String) {
        self.rootDirectory = rootDirectory
        if let data = FileManager.default.contents(atPath: rootDirectory + "/.terraform/modules/modules.json"),
           let json = try? TerraformJSON.decode(Array(data)),
           let modules = json.attributes?["Modules"]?.elements {
            for module in modules {
                guard let m = module.attributes, let key = m["Key"]?.stringValue, let dir = m["Dir"]?.stringValue else { continue }
                installedModules[key] = dir.hasPrefix("/") ? dir : rootDirectory + "/" + dir
            }
        }
    }
}

/// A value given for a root variable: raw `-var` text (typed by the variable's declaration) or a value from a file.
enum TerraformVariableInput {
    case text(String)
    case value(HCLValue)
}

/// One instance of a module (the root, or a `module` block's source), evaluated lazily with memoisation:
/// a reference evaluates what it names, and a name met again while it is being evaluated is a cycle.
final class TerraformModuleInstance {
    unowned let program: TerraformProgram
    let directory: String
    /// `module.vpc_endpoints.` (empty for the root): the prefix of every address in this module.
    let prefix: String
    /// `vpc_endpoints` (dotted for nested modules), as `.terraform/modules/modules.json` keys them.
    let key: String
    let order: [Int]
    var inputs: [String: TerraformVariableInput]

    struct Declared<T> {
        var item: T
        var path: String
        var index: Int
    }

    var variables: [String: Declared<HCLBlock>] = [:]
    var locals: [String: Declared<HCLAttribute>] = [:]
    var resources: [String: Declared<HCLBlock>] = [:]
    var modules: [String: Declared<HCLBlock>] = [:]
    var outputs: [String: Declared<HCLBlock>] = [:]
    var providers: [Declared<HCLBlock>] = []

    private var variableCache: [String: HCLValue] = [:]
    private var localCache: [String: HCLValue] = [:]
    private var resourceCache: [String: HCLValue] = [:]
    private var moduleCache: [String: HCLValue] = [:]
    private var outputCache: [String: HCLValue]?
    /// Names being evaluated, innermost last: a name met again is a cycle.
    private var inProgress: [String] = []

    init(program: TerraformProgram, directory: String, prefix: String, key: String, order: [Int],
         inputs: [String: TerraformVariableInput]) {
        self.program = program
        self.directory = directory
        self.prefix = prefix
        self.key = key
        self.order = order
        self.inputs = inputs
    }

    /// Reads the declarations of parsed files (in Terraform's order: file names lexically).
    func declare(_ files: [(path: String, body: HCLBody)]) throws {
        var index = 0
        for (path, body) in files {
            if let stray = body.attributes.first {
                throw LoadError(path: path, line: stray.position.line, column: stray.position.column,
                                message: "an argument named '\(stray.name)' is not expected at the top level of a configuration")
            }
            for block in body.blocks {
                index += 1
                func fail(_ message: String) -> LoadError {
                    LoadError(path: path, line: block.position.line, column: block.position.column, message: message)
                }
                func labels(_ n: Int) throws {
                    guard block.labels.count == n else {
                        throw fail("a \(block.type) block needs \(n) label\(n == 1 ? "" : "s"), found \(block.labels.count)")
                    }
                }
                switch block.type {
                case "variable":
                    try labels(1)
                    if variables[block.labels[0]] != nil { throw fail("variable \"\(block.labels[0])\" is declared twice") }
                    variables[block.labels[0]] = Declared(item: block, path: path, index: index)
                case "locals":
                    for attribute in block.body.attributes {
                        if locals[attribute.name] != nil {
                            throw LoadError(path: path, line: attribute.position.line, column: attribute.position.column,
                                            message: "local value \"\(attribute.name)\" is defined twice")
                        }
                        locals[attribute.name] = Declared(item: attribute, path: path, index: index)
                    }
                case "resource":
                    try labels(2)
                    let key = "\(block.labels[0]).\(block.labels[1])"
                    if resources[key] != nil { throw fail("resource \(key) is declared twice") }
                    resources[key] = Declared(item: block, path: path, index: index)
                case "module":
                    try labels(1)
                    if modules[block.labels[0]] != nil { throw fail("module \"\(block.labels[0])\" is declared twice") }
                    modules[block.labels[0]] = Declared(item: block, path: path, index: index)
                case "output":
                    try labels(1)
                    outputs[block.labels[0]] = Declared(item: block, path: path, index: index)
                case "provider":
                    try labels(1)
                    providers.append(Declared(item: block, path: path, index: index))
                case "data":
                    try labels(2)
                default:
                    // terraform, moved, import, check, removed...: nothing the network depends on.
                    continue
                }
            }
        }
    }

    /// An evaluator for expressions of one file of this module.
    func evaluator(_ path: String, bindings: [String: HCLValue] = [:]) -> HCLEvaluator {
        HCLEvaluator(path: path, bindings: bindings, baseDirectory: directory) { [unowned self] root, attribute, position in
            try self.resolve(root, attribute, position, path)
        }
    }

    private func fail(_ path: String, _ at: HCLPosition, _ message: String) -> LoadError {
        LoadError(path: path, line: at.line, column: at.column, message: message)
    }

    private func enter(_ name: String, _ path: String, _ at: HCLPosition) throws {
        if let start = inProgress.firstIndex(of: name) {
            let chain = (inProgress[start...] + [name]).joined(separator: " → ")
            throw fail(path, at, "cycle: \(chain)")
        }
        inProgress.append(name)
    }

    private func leave() { inProgress.removeLast() }

    func resolve(_ root: String, _ attribute: String?, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        switch root {
        case "var", "local", "module", "path", "terraform":
            guard let name = attribute else { throw fail(path, at, "'\(root)' must be followed by an attribute name") }
            switch root {
            case "var": return try variable(name, at, path)
            case "local": return try local(name, at, path)
            case "module": return try module(name, at, path)
            case "path":
                switch name {
                case "module": return .string(directory)
                case "root": return .string(program.rootDirectory)
                case "cwd": return .string(FileManager.default.currentDirectoryPath)
                default: throw fail(path, at, "unknown attribute path.\(name)")
                }
            default:
                if name == "workspace" { return .string("default") }
                throw fail(path, at, "unknown attribute terraform.\(name)")
            }
        case "data":
            // Data sources read AWS: their attributes are unknown, named after the reference.
            return .unknown(attribute.map { "data.\($0)" } ?? "data")
        case "count":
            throw fail(path, at, "count.index can only be used in a block that sets count")
        case "each":
            throw fail(path, at, "each.key and each.value can only be used in a block that sets for_each")
        case "self":
            return .unknown("self")
        default:
            guard let name = attribute else { throw fail(path, at, "unknown name '\(root)'") }
            let key = "\(root).\(name)"
            guard resources[key] != nil else {
                throw fail(path, at, "reference to undeclared resource \(key)")
            }
            return try resource(key, at, path)
        }
    }

    // MARK: Variables and locals

    func variable(_ name: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        if let v = variableCache[name] { return v }
        guard let declared = variables[name] else {
            throw fail(path, at, "reference to undeclared input variable \"\(name)\"")
        }
        let block = declared.item.body
        let constant = HCLEvaluator(path: declared.path, baseDirectory: directory)
        let typeExpr = block.attribute("type")?.expression
        var value: HCLValue
        switch inputs[name] {
        case .text(let text)?:
            if typeExpr == nil || TerraformTypes.isString(typeExpr) {
                value = .string(text)
            } else {
                let expr = try HCLParser.parseExpression(bytes: Array(text.utf8), path: "-var \(name)")
                value = try HCLEvaluator(path: "-var \(name)").evaluate(expr)
            }
        case .value(let v)?:
            value = v
        case nil:
            if let d = block.attribute("default") {
                value = try constant.evaluate(d.expression)
            } else {
                value = .unknown("var.\(name)")
            }
        }
        if let typeExpr {
            value = try TerraformTypes.convert(value, typeExpr) { message in
                self.fail(declared.path, declared.item.position, "variable \"\(name)\": \(message)")
            }
        }
        variableCache[name] = value
        return value
    }

    func local(_ name: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        if let v = localCache[name] { return v }
        guard let declared = locals[name] else { throw fail(path, at, "reference to undeclared local value \"\(name)\"") }
        try enter("local.\(name)", declared.path, declared.item.position)
        defer { leave() }
        let value = try evaluator(declared.path).evaluate(declared.item.expression)
        localCache[name] = value
        return value
    }

    // MARK: Resources

    static let metaArguments: Set<String> = ["count", "for_each", "provider", "depends_on", "providers", "source", "version"]
    static let metaBlocks: Set<String> = ["lifecycle", "provisioner", "connection", "timeouts"]

    /// The (key, each.value) pairs of a `for_each`: a map's entries, or a set of strings' elements.
    static func forEachPairs(_ value: HCLValue, fail: (String) -> LoadError) throws -> [(String, HCLValue)] {
        switch value {
        case .object(let map), .instance(_, let map):
            return map.keys.sorted().map { ($0, map[$0] ?? .null) }
        case .set(let items):
            return try items.map { item in
                guard let s = item.stringValue else { throw fail("for_each over a set needs strings, found \(item.typeName)") }
                return (s, item)
            }
        case .list:
            throw fail("for_each needs a map or a set of strings, not a list; convert it with toset()")
        default:
            throw fail("for_each needs a map or a set of strings, not \(value.typeName)")
        }
    }

    /// The instances a `count` or `for_each` asks for: (address suffix, bindings, index).
    func expansion(_ body: HCLBody, _ ev: HCLEvaluator, _ what: String) throws -> [(suffix: String, bindings: [String: HCLValue])]? {
        if let countAttribute = body.attribute("count") {
            let count = try ev.evaluate(countAttribute.expression)
            if case .unknown(let u) = count {
                throw fail(ev.path, countAttribute.position, "the count of \(what) depends on \(u), which is not known before apply")
            }
            guard let n = count.numberValue, n == n.rounded(), n >= 0, n <= 100_000 else {
                throw fail(ev.path, countAttribute.position, "count must be a whole number from 0 to 100000, not \(count)")
            }
            return (0..<Int(n)).map { ("[\($0)]", ["count": .object(["index": .number(Double($0))])]) }
        }
        if let forEachAttribute = body.attribute("for_each") {
            let forEach = try ev.evaluate(forEachAttribute.expression)
            if let u = forEach.isUnknown ? forEach.firstUnknown : nil {
                throw fail(ev.path, forEachAttribute.position, "the for_each of \(what) depends on \(u), which is not known before apply")
            }
            let pairs = try TerraformModuleInstance.forEachPairs(forEach) { self.fail(ev.path, forEachAttribute.position, $0) }
            return pairs.map { key, value in
                ("[\(HCLValue.string(key).referenceKey)]", ["each": .object(["key": .string(key), "value": value])])
            }
        }
        return nil
    }

    func resource(_ key: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        if let v = resourceCache[key] { return v }
        guard let declared = resources[key] else { throw fail(path, at, "reference to undeclared resource \(key)") }
        try enter(key, declared.path, declared.item.position)
        defer { leave() }
        let block = declared.item
        let type = block.labels[0]
        let ev = evaluator(declared.path)
        func instance(_ suffix: String, _ bindings: [String: HCLValue], _ n: Int) throws -> HCLValue {
            let address = prefix + key + suffix
            var scoped = ev
            for (k, v) in bindings { scoped.bindings[k] = v }
            var values = try evaluateBody(block.body, scoped)
            TerraformMapping.addComputedAttributes(type: type, address: address, values: &values, region: program.region)
            program.instances.append(TerraformResourceInstance(address: address, type: type, values: values,
                                                               order: order + [declared.index, n],
                                                               declaredAt: Declaration(path: declared.path, line: declared.item.position.line)))
            return .instance(address: address, attributes: values)
        }
        let value: HCLValue
        if let expansion = try expansion(block.body, ev, key) {
            let items = try expansion.enumerated().map { try instance($1.suffix, $1.bindings, $0) }
            value = Self.expandedValue(items, keys: expansion.map(\.bindings), counted: block.body.attribute("count") != nil)
        } else {
            value = try instance("", [:], 0)
        }
        resourceCache[key] = value
        return value
    }

    /// Evaluates a resource's body: arguments by name, nested blocks as lists of objects, `dynamic` blocks expanded.
    func evaluateBody(_ body: HCLBody, _ ev: HCLEvaluator) throws -> [String: HCLValue] {
        var values: [String: HCLValue] = [:]
        for attribute in body.attributes where !TerraformModuleInstance.metaArguments.contains(attribute.name) {
            values[attribute.name] = try ev.evaluate(attribute.expression)
        }
        for block in body.blocks where !TerraformModuleInstance.metaBlocks.contains(block.type) {
            if block.type == "dynamic" {
                guard let type = block.labels.first else { throw fail(ev.path, block.position, "a dynamic block needs a label") }
                var iterator = type
                if let it = block.body.attribute("iterator") {
                    guard case .variable(let name, _) = it.expression else { throw fail(ev.path, it.position, "iterator must be a name") }
                    iterator = name
                }
                guard let forEachAttribute = block.body.attribute("for_each") else {
                    throw fail(ev.path, block.position, "a dynamic block needs for_each")
                }
                guard let content = block.body.blocks("content").first else {
                    throw fail(ev.path, block.position, "a dynamic block needs a content block")
                }
                let collection = try ev.evaluate(forEachAttribute.expression)
                if case .unknown = collection {
                    values[type] = collection
                    continue
                }
                var list = values[type]?.elements ?? []
                for (k, v) in try ev.pairs(collection, forEachAttribute.position) {
                    let scoped = ev.binding(iterator, .object(["key": k, "value": v]))
                    list.append(.object(try evaluateBody(content.body, scoped)))
                }
                values[type] = .list(list)
            } else {
                var list = values[block.type]?.elements ?? []
                list.append(.object(try evaluateBody(block.body, ev)))
                values[block.type] = .list(list)
            }
        }
        return values
    }

    // MARK: Modules

    func module(_ name: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        if let v = moduleCache[name] { return v }
        guard let declared = modules[name] else { throw fail(path, at, "reference to undeclared module \"\(name)\"") }
        try enter("module.\(name)", declared.path, declared.item.position)
        defer { leave() }
        let block = declared.item
        let ev = evaluator(declared.path)
        guard let sourceAttribute = block.body.attribute("source") else {
            throw fail(declared.path, block.position, "module \"\(name)\" needs a source")
        }
        let source = try ev.evaluate(sourceAttribute.expression)
        guard let sourceText = source.stringValue else {
            throw fail(declared.path, sourceAttribute.position, "a module source must be a literal string")
        }
        let childKey = key.isEmpty ? name : "\(key).\(name)"
        var directory: String?
        if sourceText.hasPrefix("./") || sourceText.hasPrefix("../") {
            directory = self.directory + "/" + sourceText
        } else if let installed = program.installedModules[childKey] {
            directory = installed
        }
        guard let directory else {
            // A registry or git module that `terraform init` has not fetched: its outputs cannot be known.
            let value = HCLValue.unknown("module.\(name)")
            moduleCache[name] = value
            return value
        }
        func instance(_ suffix: String, _ bindings: [String: HCLValue], _ n: Int) throws -> HCLValue {
            var scoped = ev
            for (k, v) in bindings { scoped.bindings[k] = v }
            var inputs: [String: TerraformVariableInput] = [:]
            for attribute in block.body.attributes where !TerraformModuleInstance.metaArguments.contains(attribute.name) {
                inputs[attribute.name] = .value(try scoped.evaluate(attribute.expression))
            }
            let child = TerraformModuleInstance(program: program, directory: TerraformLoader.normalize(directory),
                                                prefix: prefix + "module.\(name)\(suffix).", key: childKey,
                                                order: order + [declared.index, n], inputs: inputs)
            try child.declare(try TerraformLoader.parseDirectory(child.directory))
            for input in inputs.keys where child.variables[input] == nil {
                let at = block.body.attribute(input)?.position ?? block.position
                throw fail(declared.path, at, "module \"\(name)\" has no variable named \"\(input)\"")
            }
            try child.evaluateAll()
            return .object(try child.outputValues())
        }
        let value: HCLValue
        if let expansion = try expansion(block.body, ev, "module.\(name)") {
            let items = try expansion.enumerated().map { try instance($1.suffix, $1.bindings, $0) }
            value = Self.expandedValue(items, keys: expansion.map(\.bindings), counted: block.body.attribute("count") != nil)
        } else {
            value = try instance("", [:], 0)
        }
        moduleCache[name] = value
        return value
    }

    /// What a reference to an expanded block evaluates to: a list for `count`, a map by `each.key`
    /// for `for_each` (resources and modules alike).
    static func expandedValue(_ items: [HCLValue], keys bindings: [[String: HCLValue]], counted: Bool) -> HCLValue {
        if counted { return .list(items) }
        var map: [String: HCLValue] = [:]
        for (i, item) in items.enumerated() {
            if case .object(let each)? = bindings[i]["each"], let k = each["key"]?.stringValue { map[k] = item }
        }
        return .object(map)
    }

    func outputValues() throws -> [String: HCLValue] {
        if let cached = outputCache { return cached }
        var values: [String: HCLValue] = [:]
        for (name, declared) in outputs {
            guard let v = declared.item.body.attribute("value") else {
                throw fail(declared.path, declared.item.position, "output \"\(name)\" needs a value")
            }
            values[name] = try evaluator(declared.path).evaluate(v.expression)
        }
        outputCache = values
        return values
    }

    /// Evaluates everything the module declares, so every resource instance is recorded and every error found.
    func evaluateAll() throws {
        for (name, declared) in variables.sorted(by: { $0.value.index < $1.value.index }) {
            _ = try variable(name, declared.item.position, declared.path)
        }
        for (name, declared) in locals.sorted(by: { a, b in
            (a.value.index, a.value.item.position.line, a.value.item.position.column)
                < (b.value.index, b.value.item.position.line, b.value.item.position.column)
        }) {
            _ = try local(name, declared.item.position, declared.path)
        }
        for (key, declared) in resources.sorted(by: { $0.value.index < $1.value.index }) {
            _ = try resource(key, declared.item.position, declared.path)
        }
        for (name, declared) in modules.sorted(by: { $0.value.index < $1.value.index }) {
            _ = try module(name, declared.item.position, declared.path)
        }
        _ = try outputValues()
    }

    /// The root's `provider "aws"` (the one without an alias): region and default tags.
    func readProvider() throws {
        for declared in providers where declared.item.labels.first == "aws" && declared.item.body.attribute("alias") == nil {
            let ev = evaluator(declared.path)
            if let region = declared.item.body.attribute("region") {
                program.region = try ev.evaluate(region.expression)
            }
            if let defaults = declared.item.body.blocks("default_tags").first, let tags = defaults.body.attribute("tags") {
                program.defaultTags = try ev.evaluate(tags.expression).attributes ?? [:]
            }
        }
    }
}
