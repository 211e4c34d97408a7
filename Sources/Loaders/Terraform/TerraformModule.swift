import Foundation
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

/// What a whole configuration evaluates to: every resource instance of every module, the provider's
/// region, and what vpcx had to assume or could not read on the way.
final class TerraformProgram {
    let rootDirectory: String
    var instances: [TerraformResourceInstance] = []
    /// The AWS provider's region, when the root's `provider "aws"` block states it (or an unknown's name).
    var region: HCLValue?
    var defaultTags: [String: HCLValue] = [:]
    /// Module keys (`vpc`, `vpc.endpoints`) → directory, from `.terraform/modules/modules.json` when `terraform init` ran.
    var installedModules: [String: String] = [:]
    /// `--azs`: the zones `aws_availability_zones` answers with (names, letters, or a count).
    var zoneOverride: [String]?
    /// What vpcx answered without AWS (data sources read locally), one line each, in the order met.
    var assumptions: [String] = []
    private var assumed: Set<String> = []
    /// What is missing from the network (a module not installed, a file outside the readable tree).
    var gaps: [String] = []
    /// Names being evaluated across every module instance, innermost last: a name met again is a cycle,
    /// and the depth is bounded so a deep chain is an error, not a stack overflow.
    var evaluating: [String] = []
    /// The inventory a spec is applied to (`vpcx INVENTORY SPEC`): lookups of existing resources answer from it.
    var existing: InventoryContents?
    /// Directories reads may come from: the configuration's tree, and `--allow-read` ones (real paths).
    var readableRoots: [String]

    /// How deep evaluation may nest (references through references), as deep as the parser nests.
    static let maxDepth = 512
    /// How deep modules may call modules.
    static let maxModuleDepth = 64

    init(rootDirectory: String, allowRead: [String] = []) {
        self.rootDirectory = rootDirectory
        readableRoots = ([rootDirectory] + allowRead).map(TerraformProgram.realPath)
        if let repository = TerraformProgram.enclosingRepository(of: readableRoots[0]) { readableRoots.append(repository) }
        if let data = TerraformFileAccess.regularFileContents(rootDirectory + "/.terraform/modules/modules.json"),
           let json = try? TerraformJSON.decode(Array(data)),
           let modules = json.attributes?["Modules"]?.elements {
            for module in modules {
                guard let m = module.attributes, let key = m["Key"]?.stringValue, let dir = m["Dir"]?.stringValue else { continue }
                installedModules[key] = dir.hasPrefix("/") ? dir : TerraformLoader.join(rootDirectory, dir)
            }
        }
    }

    func assume(_ text: String) {
        if assumed.insert(text).inserted { assumptions.append(text) }
    }

    func gap(_ text: String) {
        if !gaps.contains(text) { gaps.append(text) }
    }

    /// The canonical absolute path (symlinks resolved), so `..` and links cannot leave the tree unseen.
    static func realPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return TerraformLoader.normalize(URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path)
    }

    /// The top of the git repository holding `directory`, if any: a root in `envs/prod` calling
    /// `../../modules/vpc` reads inside its own repository, which is part of the configuration.
    static func enclosingRepository(of directory: String) -> String? {
        var dir = directory
        while dir != "/" && !dir.isEmpty {
            if FileManager.default.fileExists(atPath: dir + "/.git") { return dir }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// Whether a path lies inside the configuration's tree or a directory `--allow-read` names.
    func mayRead(_ path: String) -> Bool {
        let real = TerraformProgram.realPath(path)
        return readableRoots.contains { root in root == "/" || real == root || real.hasPrefix(root + "/") }
    }
}

/// A value given for a root variable: raw `-var` text (typed by the variable's declaration) or a value from a file.
enum TerraformVariableInput {
    case text(String)
    case value(HCLValue)
    /// A module argument, evaluated in the calling module only when the variable is read, so the
    /// dependency graph is per input as Terraform's is.
    case expression(HCLExpr, HCLEvaluator)
}

/// One instance of a module (the root, or a `module` block's source), evaluated lazily with memoisation:
/// a reference evaluates what it names, and a name met again while it is being evaluated is a cycle.
/// The graph is per name, as Terraform's is: reading `module.vpc.vpc_id` evaluates that output and what it
/// reads, not the whole module, and a module's inputs are evaluated when the module reads them.
final class TerraformModuleInstance {
    unowned let program: TerraformProgram
    let directory: String
    /// `module.vpc_endpoints.` (empty for the root): the prefix of every address in this module.
    let prefix: String
    /// `vpc_endpoints` (dotted for nested modules), as `.terraform/modules/modules.json` keys them.
    let key: String
    let order: [Int]
    var inputs: [String: TerraformVariableInput]
    /// The real directories of this module and the modules that called it, outermost first.
    let lineage: [String]

    struct Declared<T> {
        var item: T
        var path: String
        var index: Int
    }

    var variables: [String: Declared<HCLBlock>] = [:]
    var locals: [String: Declared<HCLAttribute>] = [:]
    var resources: [String: Declared<HCLBlock>] = [:]
    var dataSources: [String: Declared<HCLBlock>] = [:]
    var modules: [String: Declared<HCLBlock>] = [:]
    var outputs: [String: Declared<HCLBlock>] = [:]
    var providers: [Declared<HCLBlock>] = []

    private var variableCache: [String: HCLValue] = [:]
    private var localCache: [String: HCLValue] = [:]
    private var resourceCache: [String: HCLValue] = [:]
    private var dataCache: [String: HCLValue] = [:]
    private var moduleCache: [String: HCLValue] = [:]
    private var outputCache: [String: HCLValue] = [:]
    /// The instances of each module block, created once, with their address suffix (`["a"]`, `[0]`, none).
    private var children: [String: [(suffix: String, bindings: [String: HCLValue], child: TerraformModuleInstance?)]] = [:]
    private var evaluatedAll = false

    init(program: TerraformProgram, directory: String, prefix: String, key: String, order: [Int],
         inputs: [String: TerraformVariableInput], lineage: [String] = []) {
        self.program = program
        self.directory = directory
        self.prefix = prefix
        self.key = key
        self.order = order
        self.inputs = inputs
        self.lineage = lineage + [TerraformProgram.realPath(directory)]
    }

    /// `module.vpc["a"]`: this instance's address, for errors inside it (empty for the root).
    var address: String { prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix }

    /// Reads the declarations of parsed files (in Terraform's order: file names lexically).
    func declare(_ files: [(path: String, body: HCLBody)]) throws {
        var index = 0
        for (path, body) in files {
            if let stray = body.attributes.first {
                throw fail(path, stray.position, "an argument named '\(stray.name)' is not expected at the top level of a configuration")
            }
            for block in body.blocks {
                index += 1
                func fail(_ message: String) -> LoadError { self.fail(path, block.position, message) }
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
                            throw self.fail(path, attribute.position, "local value \"\(attribute.name)\" is defined twice")
                        }
                        locals[attribute.name] = Declared(item: attribute, path: path, index: index)
                    }
                case "resource":
                    try labels(2)
                    let key = "\(block.labels[0]).\(block.labels[1])"
                    if resources[key] != nil { throw fail("resource \(key) is declared twice") }
                    resources[key] = Declared(item: block, path: path, index: index)
                case "data":
                    try labels(2)
                    let key = "\(block.labels[0]).\(block.labels[1])"
                    if dataSources[key] != nil { throw fail("data source \(key) is declared twice") }
                    dataSources[key] = Declared(item: block, path: path, index: index)
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
                default:
                    // terraform, moved, import, check, removed...: nothing the network depends on.
                    continue
                }
            }
        }
    }

    /// An evaluator for expressions of one file of this module.
    func evaluator(_ path: String, bindings: [String: HCLValue] = [:]) -> HCLEvaluator {
        var ev = HCLEvaluator(path: path, bindings: bindings, baseDirectory: directory) { [unowned self] root, attribute, position in
            try self.resolve(root, attribute, position, path)
        }
        ev.moduleAddress = address
        ev.files = TerraformFileAccess(program: program)
        return ev
    }

    private func fail(_ path: String, _ at: HCLPosition, _ message: String) -> LoadError {
        LoadError(path: path, line: at.line, column: at.column,
                  message: address.isEmpty ? message : "\(message) (in \(address))")
    }

    private func enter(_ name: String, _ path: String, _ at: HCLPosition) throws {
        let qualified = prefix + name
        if let start = program.evaluating.firstIndex(of: qualified) {
            let chain = (program.evaluating[start...] + [qualified]).joined(separator: " -> ")
            throw fail(path, at, "cycle: \(chain)")
        }
        guard program.evaluating.count < TerraformProgram.maxDepth else {
            throw fail(path, at, "references nest more than \(TerraformProgram.maxDepth) deep (at \(qualified))")
        }
        program.evaluating.append(qualified)
    }

    private func leave() { program.evaluating.removeLast() }

    func resolve(_ root: String, _ attribute: String?, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        switch root {
        case "var", "local", "module", "path", "terraform", "data", "resource":
            guard let name = attribute else { throw fail(path, at, "'\(root)' must be followed by an attribute name") }
            switch root {
            case "var": return try variable(name, at, path)
            case "local": return try local(name, at, path)
            case "module":
                if let dot = name.firstIndex(of: ".") {
                    return try moduleOutput(String(name[..<dot]), String(name[name.index(after: dot)...]), at, path)
                }
                return try module(name, at, path)
            case "data":
                guard name.contains(".") else { throw fail(path, at, "data.\(name) must be followed by the data source's name") }
                return try dataSource(name, at, path)
            case "resource":
                guard name.contains(".") else { throw fail(path, at, "resource.\(name) must be followed by the resource's name") }
                return try resource(name, at, path)
            case "path":
                switch name {
                case "module": return .string(directory)
                case "root": return .string(program.rootDirectory)
                // Terraform runs in the root module's directory.
                case "cwd": return .string(TerraformProgram.realPath(program.rootDirectory))
                default: throw fail(path, at, "unknown attribute path.\(name)")
                }
            default:
                if name == "workspace" { return .string("default") }
                throw fail(path, at, "unknown attribute terraform.\(name)")
            }
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
        try enter("var.\(name)", declared.path, declared.item.position)
        defer { leave() }
        let block = declared.item.body
        var constant = HCLEvaluator(path: declared.path, baseDirectory: directory)
        constant.moduleAddress = address
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
        case .expression(let expr, let ev)?:
            value = try ev.evaluate(expr)
        case nil:
            if let d = block.attribute("default") {
                value = try constant.evaluate(d.expression)
            } else {
                value = .unknown("var.\(name)")
            }
        }
        // A module argument set to null takes the variable's default, as Terraform does (nullable = false too).
        if value == .null, inputs[name] != nil, let d = block.attribute("default") {
            let nullable = block.attribute("nullable").map { (try? constant.evaluate($0.expression))?.boolValue ?? true } ?? true
            if !nullable { value = try constant.evaluate(d.expression) }
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

    // MARK: Resources and data sources

    static let metaArguments: Set<String> = ["count", "for_each", "provider", "depends_on", "providers", "source", "version"]
    static let metaBlocks: Set<String> = ["lifecycle", "provisioner", "connection", "timeouts"]
    /// How many instances one `count` or `for_each` may ask for.
    static let maxInstances = 100_000

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
            if let u = count.firstUnknown {
                throw fail(ev.path, countAttribute.position,
                           "Invalid count argument: the count of \(what) depends on \(u), which is not known before apply")
            }
            guard let n = count.numberValue, n == n.rounded(), n >= 0, n <= Double(Self.maxInstances) else {
                throw fail(ev.path, countAttribute.position, "count must be a whole number from 0 to \(Self.maxInstances), not \(count)")
            }
            return (0..<Int(n)).map { ("[\($0)]", ["count": .object(["index": .number(Double($0))])]) }
        }
        if let forEachAttribute = body.attribute("for_each") {
            let forEach = try ev.evaluate(forEachAttribute.expression)
            // Unknown values in a map are fine; an unknown map, or an unknown element of a set, is not.
            let unknownKey: String? = forEach.isUnknown ? forEach.firstUnknown
                : forEach.elements.flatMap { items in items.lazy.compactMap(\.firstUnknown).first }
            if let u = unknownKey {
                throw fail(ev.path, forEachAttribute.position,
                           "Invalid for_each argument: the for_each of \(what) depends on \(u), which is not known before apply")
            }
            let pairs = try TerraformModuleInstance.forEachPairs(forEach) { self.fail(ev.path, forEachAttribute.position, $0) }
            guard pairs.count <= Self.maxInstances else {
                throw fail(ev.path, forEachAttribute.position, "for_each asks for \(pairs.count) instances, more than \(Self.maxInstances)")
            }
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
            var values = try evaluateBody(block.body, scoped, address: address)
            try TerraformValidation.check(type: type, values: values, body: block.body) { at, message in
                self.fail(declared.path, at, "\(address): \(message)")
            }
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

    /// A data source as plan reads it: answered locally when vpcx knows it (recorded as an assumption),
    /// else its configured arguments and every other attribute unknown.
    func dataSource(_ key: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        if let v = dataCache[key] { return v }
        // A snippet may read a data source it does not declare (the article's examples do): unknown, as AWS would answer.
        guard let declared = dataSources[key] else { return .unknown("data.\(key)") }
        try enter("data.\(key)", declared.path, declared.item.position)
        defer { leave() }
        let block = declared.item
        let type = block.labels[0]
        let ev = evaluator(declared.path)
        func instance(_ suffix: String, _ bindings: [String: HCLValue], _ n: Int) throws -> HCLValue {
            let address = prefix + "data." + key + suffix
            var scoped = ev
            for (k, v) in bindings { scoped.bindings[k] = v }
            let arguments = try evaluateBody(block.body, scoped, address: address)
            // A lookup of an existing resource answers from the inventory the spec is applied to, if any;
            // a data source AWS answers the same way for everyone is answered here.
            var answer = program.existing.flatMap {
                TerraformAfterApply.lookup(type: type, address: address, arguments: arguments, in: $0)
            }
            if answer == nil {
                do {
                    answer = try TerraformDataSources.answer(type: type, address: address, arguments: arguments,
                                                             region: program.region, zoneOverride: program.zoneOverride)
                } catch TerraformDataSourceError.noMatch(let message) {
                    throw fail(declared.path, block.position, message)
                }
            }
            if let answer {
                if let note = answer.assumption { program.assume(note) }
                return .instance(address: address, attributes: answer.attributes)
            }
            return .instance(address: address, attributes: arguments)
        }
        let value: HCLValue
        if let expansion = try expansion(block.body, ev, "data.\(key)") {
            let items = try expansion.enumerated().map { try instance($1.suffix, $1.bindings, $0) }
            value = Self.expandedValue(items, keys: expansion.map(\.bindings), counted: block.body.attribute("count") != nil)
        } else {
            value = try instance("", [:], 0)
        }
        dataCache[key] = value
        return value
    }

    /// Evaluates a resource's body: arguments by name, nested blocks as lists of objects, `dynamic` blocks expanded.
    /// A nested block reads like its resource: an attribute it does not set is computed (unknown), not missing.
    func evaluateBody(_ body: HCLBody, _ ev: HCLEvaluator, address: String) throws -> [String: HCLValue] {
        var values: [String: HCLValue] = [:]
        for attribute in body.attributes where !TerraformModuleInstance.metaArguments.contains(attribute.name) {
            values[attribute.name] = try ev.evaluate(attribute.expression)
        }
        func nested(_ type: String, _ body: HCLBody, _ scoped: HCLEvaluator) throws {
            var list = values[type]?.elements ?? []
            let inner = "\(address).\(type)[\(list.count)]"
            list.append(.instance(address: inner, attributes: try evaluateBody(body, scoped, address: inner)))
            values[type] = .list(list)
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
                if collection == .null { continue }
                for (k, v) in try ev.pairs(collection, forEachAttribute.position) {
                    try nested(type, content.body, ev.binding(iterator, .object(["key": k, "value": v])))
                }
                if values[type] == nil { values[type] = .list([]) }
            } else {
                try nested(block.type, block.body, ev)
            }
        }
        return values
    }

    // MARK: Modules

    /// The directory a module block's source names, or nil for a remote module `terraform init` has not installed.
    private func sourceDirectory(_ name: String, _ declared: Declared<HCLBlock>, _ ev: HCLEvaluator) throws -> String? {
        let block = declared.item
        guard let sourceAttribute = block.body.attribute("source") else {
            throw fail(declared.path, block.position, "module \"\(name)\" needs a source")
        }
        let source = try ev.evaluate(sourceAttribute.expression)
        guard let sourceText = source.stringValue else {
            throw fail(declared.path, sourceAttribute.position, "a module source must be a literal string")
        }
        let childKey = key.isEmpty ? name : "\(key).\(name)"
        let directory: String
        if sourceText.hasPrefix("./") || sourceText.hasPrefix("../") || sourceText == "." || sourceText == ".." {
            directory = TerraformLoader.normalize(TerraformLoader.join(self.directory, sourceText))
        } else if let installed = program.installedModules[childKey] {
            directory = TerraformLoader.normalize(installed)
        } else {
            program.gap("\(prefix)module.\(name) (\(sourceText)) is not installed: run terraform init in \(program.rootDirectory) to read it")
            return nil
        }
        guard program.mayRead(directory) else {
            throw fail(declared.path, sourceAttribute.position,
                       "module \"\(name)\": \(sourceText) is outside the configuration's directory; --allow-read DIR permits reading it")
        }
        let real = TerraformProgram.realPath(directory)
        if lineage.contains(real) {
            throw fail(declared.path, sourceAttribute.position,
                       "module cycle: module \"\(name)\" (\(sourceText)) calls a module that is already calling it")
        }
        guard lineage.count < TerraformProgram.maxModuleDepth else {
            throw fail(declared.path, sourceAttribute.position, "modules nest more than \(TerraformProgram.maxModuleDepth) deep")
        }
        return directory
    }

    /// The instances of a module block, created (declared, not evaluated) the first time they are needed.
    private func moduleInstances(_ name: String, _ at: HCLPosition, _ path: String)
        throws -> [(suffix: String, bindings: [String: HCLValue], child: TerraformModuleInstance?)] {
        if let made = children[name] { return made }
        guard let declared = modules[name] else { throw fail(path, at, "reference to undeclared module \"\(name)\"") }
        try enter("module.\(name)", declared.path, declared.item.position)
        defer { leave() }
        let block = declared.item
        let ev = evaluator(declared.path)
        let directory = try sourceDirectory(name, declared, ev)
        let expansion = try expansion(block.body, ev, "module.\(name)") ?? [("", [:])]
        var made: [(suffix: String, bindings: [String: HCLValue], child: TerraformModuleInstance?)] = []
        var files: [(path: String, body: HCLBody)]?
        for (n, (suffix, bindings)) in expansion.enumerated() {
            guard let directory else { made.append((suffix, bindings, nil)); continue }
            var scoped = ev
            for (k, v) in bindings { scoped.bindings[k] = v }
            var inputs: [String: TerraformVariableInput] = [:]
            for attribute in block.body.attributes where !TerraformModuleInstance.metaArguments.contains(attribute.name) {
                inputs[attribute.name] = .expression(attribute.expression, scoped)
            }
            let child = TerraformModuleInstance(program: program, directory: directory,
                                                prefix: prefix + "module.\(name)\(suffix).", key: key.isEmpty ? name : "\(key).\(name)",
                                                order: order + [declared.index, n], inputs: inputs, lineage: lineage)
            if files == nil {
                do {
                    files = try TerraformLoader.parseDirectory(directory)
                } catch var error as LoadError {
                    error.message += " (in \(child.address))"
                    throw error
                }
            }
            try child.declare(files ?? [])
            for input in inputs.keys where child.variables[input] == nil {
                let at = block.body.attribute(input)?.position ?? block.position
                throw fail(declared.path, at, "module \"\(name)\" has no variable named \"\(input)\"")
            }
            made.append((suffix, bindings, child))
        }
        children[name] = made
        return made
    }

    /// `module.NAME.OUTPUT` on a module without count or for_each: that output alone.
    func moduleOutput(_ name: String, _ output: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        guard let declared = modules[name] else { throw fail(path, at, "reference to undeclared module \"\(name)\"") }
        if declared.item.body.attribute("count") != nil || declared.item.body.attribute("for_each") != nil {
            return try HCLEvaluator(path: path).attribute(of: try module(name, at, path), output, at)
        }
        let made = try moduleInstances(name, at, path)
        guard let child = made.first?.child else { return .unknown("module.\(name).\(output)") }
        guard child.outputs[output] != nil else {
            throw fail(path, at, "module \"\(name)\" has no output named \"\(output)\"")
        }
        return try child.output(output)
    }

    /// `module.NAME`: every output, as an object (a list or map of them for count and for_each).
    func module(_ name: String, _ at: HCLPosition, _ path: String) throws -> HCLValue {
        if let v = moduleCache[name] { return v }
        guard let declared = modules[name] else { throw fail(path, at, "reference to undeclared module \"\(name)\"") }
        let made = try moduleInstances(name, at, path)
        let block = declared.item
        var items: [HCLValue] = []
        for (_, _, child) in made {
            guard let child else {
                // A remote module that `terraform init` has not fetched: its outputs cannot be known.
                items.append(.unknown("module.\(name)"))
                continue
            }
            var values: [String: HCLValue] = [:]
            for output in child.outputs.keys { values[output] = try child.output(output) }
            items.append(.object(values))
        }
        let value: HCLValue
        if block.body.attribute("count") != nil || block.body.attribute("for_each") != nil {
            value = Self.expandedValue(items, keys: made.map(\.bindings), counted: block.body.attribute("count") != nil)
        } else {
            value = items.first ?? .unknown("module.\(name)")
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

    func output(_ name: String) throws -> HCLValue {
        if let cached = outputCache[name] { return cached }
        guard let declared = outputs[name] else { return .unknown("\(address).\(name)") }
        guard let v = declared.item.body.attribute("value") else {
            throw fail(declared.path, declared.item.position, "output \"\(name)\" needs a value")
        }
        try enter("output.\(name)", declared.path, declared.item.position)
        defer { leave() }
        let value = try evaluator(declared.path).evaluate(v.expression)
        outputCache[name] = value
        return value
    }

    /// Evaluates everything the module declares, so every resource instance is recorded and every error found.
    func evaluateAll() throws {
        if evaluatedAll { return }
        evaluatedAll = true
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
            for (_, _, child) in try moduleInstances(name, declared.item.position, declared.path) {
                try child?.evaluateAll()
            }
        }
        for (name, _) in outputs.sorted(by: { $0.value.index < $1.value.index }) {
            _ = try output(name)
        }
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
