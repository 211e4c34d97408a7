import Foundation
import Model

/// Loads a Terraform configuration as a spec: the network it would build, before it is deployed.
///
/// What a spec describes, it describes completely: a configuration that declares an `aws_vpc` builds
/// everything inside it, so every resource kind is known (a kind it declares none of is known to be empty).
/// A configuration without a VPC (endpoints added to an existing network) knows only the kinds it declares.
/// Values only AWS can know (data sources, variables without a value, attributes computed at apply) stay
/// unknown: the model gets a placeholder and `unknowns["ID.field"]` names where the value would come from.
/// Resource addresses (`module.vpc_endpoints.aws_vpc_endpoint.interface["kms"]`) stand in for IDs.
public enum TerraformLoader {
    /// Loads a directory of `.tf` files (the root module) or a single `.tf` file.
    ///
    /// Variables are assigned as Terraform does, later sources winning: declared defaults, then
    /// `terraform.tfvars`, `terraform.tfvars.json` and `*.auto.tfvars(.json)` of the directory (file names in
    /// lexical order), then `varFiles` in order (`.tfvars` HCL or `.tfvars.json`), then `variables` (`-var NAME=VALUE`).
    /// A `-var` value for a variable whose type is not `string` is read as an HCL expression (`["a","b"]`).
    ///
    /// - Throws: `LoadError` with file, line and column for a file that cannot be read, parsed or evaluated.
    /// `zones` answers `data "aws_availability_zones"` (else the region's zones, recorded as assumed); `allowRead`
    /// widens the directory tree `file()`, `templatefile()` and module sources may read from.
    public static func load(path: String, variables: [String: String] = [:], varFiles: [String] = [],
                            zones: [String]? = nil, allowRead: [String] = [],
                            existing: InventoryContents? = nil) throws -> InventoryContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError(path: path, message: "no such file or directory")
        }
        let directory: String
        let files: [(path: String, body: HCLBody)]
        var inputs: [String: TerraformVariableInput] = [:]
        if isDirectory.boolValue {
            directory = normalize(path)
            files = try parseDirectory(directory)
            guard !files.isEmpty else { throw LoadError(path: path, message: "no .tf or .tf.json files in this directory") }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            var auto = names.filter { $0 == "terraform.tfvars" || $0 == "terraform.tfvars.json" }.sorted()
            auto += names.filter { $0.hasSuffix(".auto.tfvars") || $0.hasSuffix(".auto.tfvars.json") }.sorted()
            for name in auto { try readVarFile(join(directory, name), into: &inputs) }
        } else {
            directory = normalize((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
            files = [(path, try parseFile(path))]
        }
        for file in varFiles { try readVarFile(file, into: &inputs) }
        for (name, value) in variables { inputs[name] = .text(value) }

        let program = TerraformProgram(rootDirectory: directory, allowRead: allowRead)
        program.zoneOverride = zones
        program.existing = existing
        let root = TerraformModuleInstance(program: program, directory: directory, prefix: "", key: "", order: [], inputs: inputs)
        try root.declare(files)
        try root.readProvider()
        if program.region == nil, let r = existing?.vpcs.lazy.compactMap(\.region).first ?? existing?.sources.lazy.compactMap(\.region).first {
            program.region = .string(r)
        }
        if program.region == nil, let r = ProcessInfo.processInfo.environment["AWS_REGION"] ?? ProcessInfo.processInfo.environment["AWS_DEFAULT_REGION"],
           !r.isEmpty {
            // The provider reads the environment when its block does not say.
            program.region = .string(r)
            program.assume("provider aws: the region \(r), from the environment")
        }
        try root.evaluateAll()
        var contents = TerraformMapping.build(program)
        contents.assumptions = program.assumptions + contents.assumptions
        contents.sources = [SourceInfo(path: path, format: .terraform, modified: newestModification(files.map(\.path)),
                                       region: TerraformMapping.region(program, contents), gaps: program.gaps)]
        return contents
    }

    /// Parses one `.tf` (native syntax) or `.tf.json` (JSON syntax) file; only regular files, of bounded size.
    static func parseFile(_ path: String) throws -> HCLBody {
        guard let data = TerraformFileAccess.regularFileContents(path, limit: 256 << 20) else {
            throw LoadError(path: path, message: "cannot read the file (only regular files of at most 256 MiB are read)")
        }
        if path.hasSuffix(".tf.json") { return try TerraformJSONSyntax.parse(bytes: Array(data), path: path) }
        return try HCLParser.parseFile(bytes: Array(data), path: path)
    }

    /// Parses the `.tf` and `.tf.json` files of a module directory, in Terraform's order (by file name), then
    /// merges the override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms) into them as
    /// Terraform does: an overriding block replaces the arguments it sets, and its nested blocks replace
    /// the nested blocks of the same type.
    static func parseDirectory(_ directory: String) throws -> [(path: String, body: HCLBody)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw LoadError(path: directory, message: "cannot read the module directory")
        }
        func isOverride(_ name: String) -> Bool {
            let stem = name.hasSuffix(".tf.json") ? String(name.dropLast(8)) : String(name.dropLast(3))
            return stem == "override" || stem.hasSuffix("_override")
        }
        let configuration = names.filter { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }.sorted()
        var files = try configuration.filter { !isOverride($0) }.map { name in
            let path = join(directory, name)
            return (path: path, body: try parseFile(path))
        }
        for name in configuration where isOverride(name) {
            let path = join(directory, name)
            for block in try parseFile(path).blocks {
                try applyOverride(block, to: &files, from: path)
            }
        }
        return files
    }

    /// Merges one block of an override file into the block it overrides (`locals`: each value by name).
    static func applyOverride(_ override: HCLBlock, to files: inout [(path: String, body: HCLBody)], from path: String) throws {
        for f in files.indices {
            for b in files[f].body.blocks.indices {
                let base = files[f].body.blocks[b]
                guard base.type == override.type else { continue }
                if override.type == "locals" {
                    for attribute in override.body.attributes {
                        if let i = base.body.attributes.firstIndex(where: { $0.name == attribute.name }) {
                            files[f].body.blocks[b].body.attributes[i] = attribute
                        }
                    }
                    continue
                }
                guard base.labels == override.labels else { continue }
                var merged = base.body
                for attribute in override.body.attributes {
                    merged.attributes.removeAll { $0.name == attribute.name }
                    merged.attributes.append(attribute)
                }
                let replacedTypes = Set(override.body.blocks.map(\.type))
                merged.blocks = merged.blocks.filter { !replacedTypes.contains($0.type) } + override.body.blocks
                files[f].body.blocks[b].body = merged
                return
            }
        }
        if override.type == "locals" || override.type == "terraform" || override.type == "provider" { return }
        throw LoadError(path: path, line: override.position.line, column: override.position.column,
                        message: "this override file overrides \(override.type) \(override.labels.joined(separator: ".")), which no other file declares")
    }

    static func readVarFile(_ path: String, into inputs: inout [String: TerraformVariableInput]) throws {
        guard let data = TerraformFileAccess.regularFileContents(path) else {
            throw LoadError(path: path, message: "cannot read the variables file")
        }
        if path.hasSuffix(".json") {
            let value = try TerraformJSON.decode(Array(data), path: path)
            guard let map = value.attributes else { throw LoadError(path: path, line: 1, column: 1, message: "a .tfvars.json file must hold a JSON object") }
            for (name, v) in map { inputs[name] = .value(v) }
            return
        }
        let body = try HCLParser.parseFile(bytes: Array(data), path: path)
        if let block = body.blocks.first {
            throw LoadError(path: path, line: block.position.line, column: block.position.column,
                            message: "a variables file holds only NAME = VALUE assignments, not blocks")
        }
        let constant = HCLEvaluator(path: path)
        for attribute in body.attributes {
            inputs[attribute.name] = .value(try constant.evaluate(attribute.expression))
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }

    /// `a/./b/../c` → `a/c`, keeping the path relative when it was.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for piece in path.split(separator: "/") {
            if piece == "." || piece.isEmpty { continue }
            if piece == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(piece)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func newestModification(_ paths: [String]) -> Double? {
        paths.compactMap { path in
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }.map(\.timeIntervalSince1970).max()
    }
}
