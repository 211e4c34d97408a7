import JSONText
import Model
import Yams

/// A usage file (`usage.yaml`, in the spirit of Infracost's): GB a month per VPC and service, per AZ
/// where known, optionally per source subnet.
///
///     version: 1
///     vpcs:
///       vpc-0abc:              # a VPC ID or Name tag; "*" for every VPC without its own figure
///         s3: 4000             # GB a month, spread evenly over the VPC's private-subnet AZs
///         ecr.dkr:
///           azs:               # where it comes from: GB a month per AZ
///             us-east-1a: 80
///             us-east-1b: 40
///         logs:
///           subnets:           # or per source subnet (ID or Name tag)
///             subnet-0aaa: 30
///
/// A service mapping may give `gb` with `azs` or `subnets`; the parts must then add up to it. Every
/// figure is located (`file:line:col`), so `check` can say where a typo'd service or an unknown VPC is.
public struct UsageFile: Sendable {
    /// Where one figure was read: the service's key, and the VPC's, AZ's or subnet's key.
    public struct Place: Sendable, Equatable {
        public var vpc: SourcePosition?
        public var service: SourcePosition?
        public var scope: SourcePosition?
    }

    /// The file's path (errors name it; the explorer writes back to it).
    public var path: String
    /// The schema version (1).
    public var version: Int
    /// The figures, each with origin `.usageFile`.
    public var traffic: Traffic
    /// Where each of `traffic.entries` was read, index for index.
    public var places: [Place]
    /// The text as read: the explorer compares it with the file before writing back.
    public var text: String

    /// The versions this build reads.
    public static let versions = [1]
    static let topKeys = ["version", "vpcs"]
    static let serviceKeys = ["gb", "azs", "subnets"]

    /// Reads a usage file.
    public static func load(path: String) throws(LoadError) -> UsageFile {
        let bytes = try FileBytes.read(path: path)
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses a usage file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(LoadError) -> UsageFile {
        var file = UsageFile(path: path, version: 1, traffic: Traffic(), places: [], text: text)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PricingLoader.located(error, path: path)
        } catch {
            throw LoadError(path: path, line: 1, column: 1, message: "not YAML: \(error)")
        }
        guard let root else { throw LoadError(path: path, line: 1, column: 1, message: "empty usage file: it needs `version: 1` and `vpcs:`") }
        guard let mapping = root.mapping else { throw failure(root, path, "a usage file is a mapping with `version` and `vpcs`") }
        var seen = Set<String>()
        var sawVersion = false
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw failure(keyNode, path, "keys are plain words") }
            guard seen.insert(key).inserted else { throw failure(keyNode, path, "'\(key)' is given twice") }
            switch key {
            case "version":
                guard case .scalar(let scalar) = value, let version = Int(scalar.string) else {
                    throw failure(value, path, "version is a number (\(versions.map(String.init).joined(separator: ", ")))")
                }
                guard versions.contains(version) else {
                    throw failure(value, path, "version \(version) is not one this vpcx reads (it reads \(versions.map(String.init).joined(separator: ", ")))")
                }
                file.version = version
                sawVersion = true
            case "vpcs":
                try readVPCs(value, into: &file)
            default:
                throw failure(keyNode, path, "unknown key '\(key)'\(Suggest.hint(key, among: topKeys)) (keys: \(topKeys.joined(separator: ", ")))")
            }
        }
        guard sawVersion else { throw failure(root, path, "a usage file starts with `version: 1`") }
        return file
    }

    static func readVPCs(_ node: Node, into file: inout UsageFile) throws(LoadError) {
        let path = file.path
        if case .scalar(let scalar) = node, ["", "~", "null"].contains(scalar.string) { return } // `vpcs:` with nothing yet
        guard let vpcs = node.mapping else { throw failure(node, path, "vpcs is a mapping of VPC IDs or Name tags (\"*\" for every VPC) to services") }
        var seenVPCs = Set<String>()
        for (vpcNode, services) in vpcs {
            guard let word = vpcNode.string, !word.isEmpty else { throw failure(vpcNode, path, "a VPC is named by its ID or Name tag") }
            guard seenVPCs.insert(word).inserted else { throw failure(vpcNode, path, "VPC '\(word)' is given twice") }
            let vpc: String? = word == "*" ? nil : word
            guard let serviceMap = services.mapping else {
                throw failure(services, path, "vpcs.\(word) is a mapping of services to GB a month (s3: 4000)")
            }
            var seenServices = Set<String>()
            for (serviceNode, value) in serviceMap {
                guard let raw = serviceNode.string, !raw.isEmpty else { throw failure(serviceNode, path, "a service is named by its short name (s3, ecr.dkr)") }
                let service = ServiceName.short(raw).lowercased()
                guard seenServices.insert(service).inserted else { throw failure(serviceNode, path, "vpcs.\(word).\(service) is given twice") }
                let at = Place(vpc: position(vpcNode), service: position(serviceNode), scope: nil)
                if case .scalar = value {
                    let gb = try number(value, "vpcs.\(word).\(service)", path)
                    file.append(Traffic.Entry(vpc: vpc, service: service, gb: gb, origin: .usageFile), at)
                    continue
                }
                guard let fields = value.mapping else {
                    throw failure(value, path, "vpcs.\(word).\(service) is GB a month, or a mapping with gb, azs or subnets")
                }
                var total: (Double, Node)?
                var parts: [(Traffic.Entry, Place)] = []
                var seenFields = Set<String>()
                for (fieldNode, fieldValue) in fields {
                    guard let field = fieldNode.string else { throw failure(fieldNode, path, "keys are plain words") }
                    guard seenFields.insert(field).inserted else { throw failure(fieldNode, path, "'\(field)' is given twice") }
                    let name = "vpcs.\(word).\(service).\(field)"
                    switch field {
                    case "gb": total = (try number(fieldValue, name, path), fieldValue)
                    case "azs", "subnets":
                        guard let scoped = fieldValue.mapping else {
                            throw failure(fieldValue, path, "\(name) is a mapping of \(field == "azs" ? "AZ names (us-east-1a)" : "subnet IDs or Name tags") to GB a month")
                        }
                        var seenScopes = Set<String>()
                        for (scopeNode, scopeValue) in scoped {
                            guard let scope = scopeNode.string, !scope.isEmpty else { throw failure(scopeNode, path, "\(name): a key is a name") }
                            guard seenScopes.insert(scope).inserted else { throw failure(scopeNode, path, "\(name).\(scope) is given twice") }
                            let gb = try number(scopeValue, "\(name).\(scope)", path)
                            let entry = field == "azs"
                                ? Traffic.Entry(vpc: vpc, service: service, gb: gb, az: scope, origin: .usageFile)
                                : Traffic.Entry(vpc: vpc, service: service, gb: gb, subnet: scope, origin: .usageFile)
                            parts.append((entry, Place(vpc: at.vpc, service: at.service, scope: position(scopeNode))))
                        }
                    default:
                        throw failure(fieldNode, path, "unknown key '\(field)' in vpcs.\(word).\(service)\(Suggest.hint(field, among: serviceKeys)) (keys: \(serviceKeys.joined(separator: ", ")))")
                    }
                }
                if parts.isEmpty {
                    guard let total else { throw failure(value, path, "vpcs.\(word).\(service) needs gb, azs or subnets") }
                    file.append(Traffic.Entry(vpc: vpc, service: service, gb: total.0, origin: .usageFile), at)
                    continue
                }
                let sum = parts.reduce(0) { $0 + $1.0.gb }
                if let total, abs(total.0 - sum) > max(0.005, total.0 * 0.001) {
                    throw failure(total.1, path, "vpcs.\(word).\(service).gb is \(CostFormat.number(total.0, decimals: 1)) but its parts add up to \(CostFormat.number(sum, decimals: 1)); give one or make them agree")
                }
                for (entry, place) in parts { file.append(entry, place) }
            }
        }
    }

    mutating func append(_ entry: Traffic.Entry, _ place: Place) {
        traffic.entries.append(entry)
        places.append(place)
    }

    static func number(_ node: Node, _ name: String, _ path: String) throws(LoadError) -> Double {
        guard case .scalar(let scalar) = node, let gb = Double(scalar.string.replacingUnderscores), gb.isFinite, gb >= 0 else {
            throw failure(node, path, "\(name) is GB a month (a number, 0 or more)")
        }
        return gb
    }

    static func position(_ node: Node) -> SourcePosition? { node.mark.map { SourcePosition(line: $0.line, column: $0.column) } }

    static func failure(_ node: Node, _ path: String, _ message: String) -> LoadError {
        LoadError(path: path, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    /// Checks the figures against a network: each service must be one vpcx knows (the service
    /// catalogue, or one of the inventory's endpoints), each VPC, subnet and AZ one the inventory has.
    /// The first mistake is an error at its place, with a suggestion when a name is close.
    public func check(against inventory: Inventory, knownServices: Set<String>) throws(LoadError) {
        let services = knownServices.union(inventory.endpoints.map(\.service))
        let vpcWords = inventory.vpcs.flatMap { [$0.id] + ($0.name.map { [$0] } ?? []) }
        for (entry, place) in zip(traffic.entries, places) {
            if !services.contains(entry.service) {
                throw LoadError(path: path, at: place.service,
                                message: "unknown service '\(entry.service)'\(Suggest.hint(entry.service, among: services.sorted())) (short names such as s3, ecr.dkr, secretsmanager)")
            }
            guard let word = entry.vpc else { continue }
            guard let vpc = inventory.vpcs.first(where: { $0.id == word || $0.name == word }) else {
                throw LoadError(path: path, at: place.vpc,
                                message: "VPC '\(word)' is not in the network\(Suggest.hint(word, among: vpcWords)) (a VPC ID or Name tag, or \"*\" for every VPC)")
            }
            let subnets = inventory.subnets(in: vpc.id)
            if let subnet = entry.subnet, !subnets.contains(where: { $0.id == subnet || $0.name == subnet }) {
                let words = subnets.flatMap { [$0.id] + ($0.name.map { [$0] } ?? []) }
                throw LoadError(path: path, at: place.scope,
                                message: "subnet '\(subnet)' is not in \(word)\(Suggest.hint(subnet, among: words))")
            }
            let zones = Set(subnets.compactMap(\.availabilityZone))
            if let az = entry.az, !zones.isEmpty, !zones.contains(az) {
                throw LoadError(path: path, at: place.scope,
                                message: "\(word) has no subnet in AZ '\(az)'\(Suggest.hint(az, among: zones.sorted())) (its AZs: \(zones.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// The figures as a usage file's text: VPCs (`*` first), services and scopes in name order, so
    /// a file written twice from the same figures is the same file. Names are quoted by Yams where
    /// YAML needs it, so no name from an input can change the file's structure.
    public static func text(_ traffic: Traffic, header: String? = nil) -> String {
        // The figures in effect: later entries for the same VPC word, service and scope replace earlier ones.
        var byVPC: [String: [String: [Traffic.Entry]]] = [:]
        for entry in traffic.entries {
            let word = entry.vpc ?? "*"
            var list = byVPC[word, default: [:]][entry.service, default: []]
            if entry.isWhole { list.removeAll() } else { list.removeAll { $0.isWhole || ($0.az == entry.az && $0.subnet == entry.subnet) } }
            list.append(entry)
            byVPC[word, default: [:]][entry.service] = list
        }
        let words = byVPC.keys.sorted { ($0 == "*" ? "" : $0) < ($1 == "*" ? "" : $1) }
        var vpcPairs: [(Node, Node)] = []
        for word in words {
            let services = byVPC[word] ?? [:]
            var servicePairs: [(Node, Node)] = []
            for service in services.keys.sorted() {
                let figures = services[service] ?? []
                if figures.count == 1, let only = figures.first, only.isWhole {
                    servicePairs.append((Node(service), numberNode(only.gb)))
                    continue
                }
                var fields: [(Node, Node)] = []
                let azs = figures.filter { $0.az != nil && $0.subnet == nil }.sorted { ($0.az ?? "") < ($1.az ?? "") }
                let subnets = figures.filter { $0.subnet != nil }.sorted { ($0.subnet ?? "") < ($1.subnet ?? "") }
                if !azs.isEmpty { fields.append((Node("azs"), Node(azs.map { (Node($0.az ?? ""), numberNode($0.gb)) }))) }
                if !subnets.isEmpty { fields.append((Node("subnets"), Node(subnets.map { (Node($0.subnet ?? ""), numberNode($0.gb)) }))) }
                servicePairs.append((Node(service), Node(fields)))
            }
            vpcPairs.append((Node(word), Node(servicePairs)))
        }
        let root = Node([(Node("version"), Node("1")), (Node("vpcs"), Node(vpcPairs))])
        let body = (try? Yams.serialize(node: root, sortKeys: false)) ?? "version: 1\nvpcs: {}\n"
        let comment = (header ?? "vpcx usage file: GB a month per VPC and service (per AZ or source subnet where known)")
            .split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0.filter { $0 != "\r" } }.joined(separator: "\n")
        return comment + "\n" + body
    }

    /// A figure as YAML writes it: whole numbers without `.0`, others with up to three decimals.
    static func numberNode(_ gb: Double) -> Node {
        let rounded = (gb * 1000).rounded() / 1000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return Node(String(Int64(rounded))) }
        return Node(String(rounded))
    }
}

extension String {
    /// `10_000` as YAML 1.1 and people write it.
    var replacingUnderscores: String { filter { $0 != "_" } }
}
