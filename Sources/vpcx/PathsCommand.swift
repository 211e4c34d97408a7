import Analysis
import ArgumentParser
import Canvas
import Foundation
import Model

/// `vpcx paths`: where each subnet's requests to each service go, with and without endpoints.
struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Show the traffic path of subnets to AWS services, with and without the VPC's endpoints.",
        discussion: """
            With no --service: every service that has an endpoint in the inventory, plus s3 and dynamodb.
            With no --from: every subnet. JSON: {"paths": [...]}, each path with its hops and its "without".
            CSV: one row per path, the JSON's scalar fields plus the blocked reason and the "without" via and cost.
            Exit code: 0 whenever the paths were worked out, blocked ones included (STATUS says BLOCKED and why);
            `vpcx check --fail-on` is the gate. 2 for input that cannot be read.
            """)

    @OptionGroup var source: SourceOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("Subnet ID or Name tag (repeatable).", valueName: "SUBNET"))
    var from: [String] = []

    @Option(name: .customLong("service"), help: ArgumentHelp("Service short names, comma-separated (s3,ecr.dkr).", valueName: "NAME[,NAME...]"), completion: Completions.services)
    var services: [String] = []

    @Option(help: ArgumentHelp("Output: text, json or csv.", valueName: "FORMAT"))
    var format: OutputFormat = .text

    @Flag(help: .hidden)
    var timing = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    func run() throws {
        let started = Date()
        let inventory = try source.load()
        let loaded = Date()
        let loadedCPU = Self.cpuSeconds()
        let resolver = PathResolver(inventory: inventory)
        let subnets = try SubnetArgument.resolve(from, in: inventory)
        let serviceList = try ServiceArgument.resolve(services, resolver: resolver)
        let paths = resolver.paths(from: subnets.map(\.id), services: serviceList)
        if subnets.isEmpty && !inventory.knows(.subnets) {
            printError("warning: no paths: \(ResourceKind.subnets.notLoaded)")
        }
        let resolved = Date()
        let resolvedCPU = Self.cpuSeconds()
        switch format {
        case .json:
            // One write of one buffer: tens of thousands of paths are ~100 MB of JSON.
            var bytes = Provenance.json(RequestPath.jsonDocumentUTF8(paths), inventory)
            bytes.append(0x0A)
            Output.json(bytes)
        case .csv: Output.text(RequestPath.csvDocument(paths, clean: { TextWidth.sanitize($0) }))
        case .text: Output.text(PathsTable.text(paths) + ComposedText(verbatim: Provenance.text(inventory)))
        }
        if timing {
            // Wall time, and the process's CPU time beside it: on a shared machine the wall time of a
            // phase includes waiting for a core.
            let ms = { (a: Date, b: Date) in String(format: "%.1f", b.timeIntervalSince(a) * 1000) }
            let cpu = { (a: Double, b: Double) in String(format: "%.1f", (b - a) * 1000) }
            let printed = Date()
            let printedCPU = Self.cpuSeconds()
            printError("timing: load \(ms(started, loaded)) ms, resolve \(paths.count) paths \(ms(loaded, resolved)) ms"
                       + " (cpu \(cpu(loadedCPU, resolvedCPU)) ms), print \(ms(resolved, printed)) ms (cpu \(cpu(resolvedCPU, printedCPU)) ms)")
        }
    }

    /// CPU time the process has used so far, in seconds.
    static func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// SUBNET arguments: an ID or a Name tag; unknown ones end the command with exit 2.
enum SubnetArgument {
    /// The subnets named (all of them, in inventory order, when none are); a Name shared by several subnets names them all.
    static func resolve(_ arguments: [String], in inventory: Inventory) throws -> [Subnet] {
        if arguments.isEmpty { return inventory.subnets }
        var result: [Subnet] = []
        var seen = Set<String>()
        for argument in arguments.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let matches = inventory.subnet(argument).map { [$0] } ?? inventory.subnets.filter { $0.name == argument }
            guard !matches.isEmpty else {
                printError("error: no subnet '\(TextWidth.sanitize(argument))' in the inventory (give a subnet ID or Name tag)")
                throw ExitCode(2)
            }
            for subnet in matches where seen.insert(subnet.id).inserted { result.append(subnet) }
        }
        return result
    }
}

/// `--service` values: known short names (or full `com.amazonaws.REGION.x` names).
enum ServiceArgument {
    /// The services named, or the default set: every service with an endpoint, plus s3 and dynamodb.
    static func resolve(_ arguments: [String], resolver: PathResolver) throws -> [String] {
        let inInventory = resolver.servicesWithEndpoints()
        if arguments.isEmpty {
            var services = inInventory
            for gateway in ["s3", "dynamodb"] where !services.contains(gateway) { services.append(gateway) }
            return services
        }
        var result: [String] = []
        for argument in arguments.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let service = ServiceCatalog.normalise(argument)
            guard ServiceCatalog.known.contains(service) || inInventory.contains(service) else {
                printError("error: unknown service '\(TextWidth.sanitize(argument))'; use a short name such as s3, ecr.dkr, secretsmanager")
                throw ExitCode(2)
            }
            if !result.contains(service) { result.append(service) }
        }
        return result
    }
}

/// The text table of `vpcx paths`. Its status column and notes hold Analysis text, vpcx's arrows marked
/// (`Output.text` draws them for the terminal); the status is the last column, so a glyph narrower than
/// its ASCII notation never misaligns the table.
enum PathsTable {
    static func text(_ paths: [RequestPath]) -> ComposedText {
        let header = ["SUBNET", "AZ", "SERVICE", "VIA", "THROUGH", "COST/GB", "WITHOUT ENDPOINTS", "STATUS"]
        var rows: [(cells: [String], status: ComposedText)] = []
        var notes: [ComposedText] = []
        var noted = Set<ComposedText>()  // `notes` as a set: one line per note however many paths repeat it
        let clean = { (text: ComposedText) in text.mappingParts { TextWidth.sanitize($0) } }
        for path in paths {
            let through = [path.endpoint, path.networkInterface].compactMap { $0 }.joined(separator: " ")
            let hopThrough = path.hops.first { $0.kind == .natGateway || $0.kind == .internetGateway }?.id
            var status: ComposedText = path.unknown.map { "UNKNOWN: \($0)" } ?? (path.reachable ? "ok" : "BLOCKED: \(path.blockedHop?.blocked ?? "unreachable")")
            if path.addressFamily == .ipv6 { status += " (IPv6)" }
            if path.crossAz { status += " (cross-AZ)" }
            // A path whose way out is unknown has no price either: "free" would be a wrong answer.
            // A blocked path costs nothing because nothing gets there: "free" would read as a good answer.
            let cost = { (p: RequestPath) in p.via == .unknown || p.unknown != nil ? "unknown" : !p.reachable ? "blocked" : PerGB.text(p.costPerGB) }
            let without = path.without.map { $0.via == .unknown ? "unknown" : "\($0.via.rawValue) \(cost($0))" } ?? "-"
            rows.append(([path.subnetName.map { "\($0) (\(path.subnet))" } ?? path.subnet, path.az ?? "-", path.service,
                          path.via.rawValue, through.isEmpty ? (hopThrough ?? "-") : through, cost(path),
                          without].map { TextWidth.sanitize($0) }, clean(status)))
            for note in path.notes {
                let line = clean("\(path.subnetName ?? path.subnet) -> \(path.service): \(note)")
                if noted.insert(line).inserted { notes.append(line) }
            }
        }
        var widths = header.map { TextWidth.of($0) }
        for row in rows { for (i, cell) in row.cells.enumerated() { widths[i] = max(widths[i], TextWidth.of(cell)) } }
        func line(_ cells: [String], _ status: ComposedText) -> ComposedText {
            var text = ""
            for (i, cell) in cells.enumerated() { text += TextWidth.pad(cell, to: widths[i]) + "  " }
            return ComposedText(verbatim: text) + status
        }
        var out = line(Array(header.dropLast()), ComposedText(verbatim: header[header.count - 1])) + "\n"
        for row in rows { out += line(row.cells, row.status) + "\n" }
        if !notes.isEmpty {
            out += "\nNotes:\n"
            for note in notes { out += "  - \(note)\n" }
        }
        return out
    }
}
