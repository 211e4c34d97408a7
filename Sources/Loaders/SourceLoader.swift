import Foundation
import JSONText
import Model

/// What the command line says about how to read sources.
public struct LoadOptions: Sendable {
    /// `--var NAME=VALUE` for Terraform sources.
    public var variables: [String: String]
    /// `--var-file FILE` for Terraform sources.
    public var varFiles: [String]
    /// `--azs`: the zones `data "aws_availability_zones"` answers with (names, letters, or one count).
    public var zones: [String]?
    /// `--allow-read DIR`: directories outside a configuration's tree its files and modules may be read from.
    public var allowRead: [String]

    public init(variables: [String: String] = [:], varFiles: [String] = [], zones: [String]? = nil, allowRead: [String] = []) {
        self.variables = variables
        self.varFiles = varFiles
        self.zones = zones
        self.allowRead = allowRead
    }
}

/// Progress of a load, for the line the explorer shows while a large inventory is read.
public struct LoadProgress: Sendable {
    /// The file being read.
    public var file: String
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
}

/// Reads every SOURCE of the command line (files, directories, `-`) into one inventory.
/// Formats are recognised by content: AWS CLI describe-* JSON, `terraform show -json`; and by name:
/// Terraform `.tf`, vpcx design files `.vpcx.yaml`.
public enum SourceLoader {
    /// Loads and merges sources; later sources override earlier ones resource by resource.
    /// `firstLook`, when given, is handed the network without its ENIs before the ENI answers are
    /// read, when they are most of the input (`FirstLookRule`): the explorer shows it while
    /// the rest loads. Not with a Terraform spec or a design, which change what the inventory says.
    public static func load(_ sources: [String], options: LoadOptions = LoadOptions(),
                            progress: (@Sendable (LoadProgress) -> Void)? = nil,
                            firstLook: (@Sendable (InventoryContents) -> Void)? = nil,
                            firstLookRule: FirstLookRule = .standard) throws(LoadError) -> Inventory {
        Inventory(try loadContents(sources, options: options, progress: progress, firstLook: firstLook, firstLookRule: firstLookRule))
    }

    /// When ENI answers are worth a first look without them: at least `interfaceBytes` of them, and at
    /// least `interfaceShare` times the other answers' bytes.
    public struct FirstLookRule: Sendable {
        public var interfaceBytes: Int
        public var interfaceShare: Int

        /// 32 MB of ENIs take a quarter of a second and more to read (about 600 MB/s on two cores),
        /// while the rest of a network is a few MB; below it the whole network is there about as soon
        /// as a first look would be. Eight times the rest: per byte the ENIs (most of them skipped,
        /// only the endpoints' and NAT gateways' are kept) read about ten times faster than the rest,
        /// and the first look is analysed and drawn on the same cores, so an organisation with 52 MB
        /// of ENIs in 903 answers and 15 MB of everything else had its first look on screen after the
        /// whole network would have been without one.
        public static let standard = FirstLookRule(interfaceBytes: 32 << 20, interfaceShare: 8)
        /// Whenever there are ENI answers (tests).
        public static let always = FirstLookRule(interfaceBytes: 1, interfaceShare: 0)

        func holds(interfaceBytes: Int, otherBytes: Int) -> Bool {
            interfaceBytes >= max(1, self.interfaceBytes) && interfaceBytes >= otherBytes * interfaceShare
        }
    }

    /// Like `load`, without building the index.
    public static func loadContents(_ sources: [String], options: LoadOptions = LoadOptions(),
                                    progress: (@Sendable (LoadProgress) -> Void)? = nil,
                                    firstLook: (@Sendable (InventoryContents) -> Void)? = nil,
                                    firstLookRule: FirstLookRule = .standard) throws(LoadError) -> InventoryContents {
        var plan: [PlannedFile] = []
        var whole = InventoryContents()
        var terraform: [String] = []
        var designs: [String] = []
        for source in sources {
            if source == "-" {
                plan.append(PlannedFile(path: "-", size: 0, regionHint: nil, root: "-"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
                throw LoadError(path: source, message: "no such file or directory")
            }
            if isDirectory.boolValue {
                if try directoryHoldsTerraform(source) {
                    terraform.append(source)
                    continue
                }
                let files = try inventoryFiles(in: source)
                if files.isEmpty {
                    throw LoadError(path: source, message: "nothing vpcx can read here: no aws ec2 describe-* JSON, no .tf files, no terraform show -json output")
                }
                plan += files
            } else if source.hasSuffix(".tf") || source.hasSuffix(".tf.json") {
                terraform.append(source)
            } else if DesignLoader.isDesignFile(source) {
                designs.append(source)
            } else {
                plan.append(planned(source, shown: source, regionHint: nil, root: source))
            }
        }

        let total = plan.reduce(0) { $0 + $1.size }
        var done = 0
        var recognisedInRoot: [String: Int] = [:]
        var openPageFiles: [ResourceKind: [String]] = [:]
        // Kept from one file to the next: an organisation's snapshot is thousands of files.
        var mergeIndexes = InventoryContents.MergeIndexes()
        func merge(_ document: Document, of file: PlannedFile) {
            switch document {
            case .contents(let contents):
                for kind in contents.openPages { openPageFiles[kind, default: []].append(contents.sources.last?.path ?? file.path) }
                whole.merge(contents, indexes: &mergeIndexes)
                recognisedInRoot[file.root, default: 0] += 1
            case .skipped(let why):
                whole.warnings.append("\(file.path): skipped: \(why)")
            }
        }
        // Every file read, and every one but the ENI answers parsed, in one pass on every core; one
        // that cannot be read is an error in its place, after the errors of the files before it.
        let reads = firstReads(plan, progress: progress, bytesTotal: total)
        let inputs = reads.map(\.input)
        // ENI answers last: by then the endpoints and NAT gateways say which ENIs they own. (The last
        // file, when it is one, is read first of them, as it always was.)
        let isInterfaces = reads.map(\.isInterfaces)
        var interfaceFiles = plan.indices.filter { isInterfaces[$0] && $0 < plan.count - 1 }
        if let last = plan.indices.last, isInterfaces[last] { interfaceFiles.insert(last, at: 0) }
        for (i, file) in plan.enumerated() {
            progress?(LoadProgress(file: file.path, filesDone: i, filesTotal: plan.count, bytesDone: done, bytesTotal: total))
            if case .failure(let error) = inputs[i] { throw error }
            guard let document = reads[i].document else { continue }
            merge(try document.get(), of: file)
            done += file.size
        }
        let interfaceBytes = interfaceFiles.reduce(0) { $0 + plan[$1].size }
        if let firstLook, firstLookRule.holds(interfaceBytes: interfaceBytes, otherBytes: total - interfaceBytes),
           terraform.isEmpty, designs.isEmpty, !whole.vpcs.isEmpty {
            var shown = whole
            shown.loading = [.networkInterfaces]
            finish(&shown)
            firstLook(shown)
        }
        // ENI answers add no endpoints or NAT gateways, so the ENIs those own are gathered once.
        var referenced = Set<String>()
        if !interfaceFiles.isEmpty {
            for e in whole.endpoints { referenced.formUnion(e.networkInterfaceIDs) }
            for nat in whole.natGateways { referenced.formUnion(nat.networkInterfaceIDs) }
        }
        // They too are independent of each other once `referenced` is known (an organisation has one
        // per account and region): read on every core, merged in the same order as before.
        let readable = interfaceFiles.filter { if case .success = inputs[$0] { return true } else { return false } }
        let interfaceDocuments = readInParallel(readable.compactMap { i in (try? inputs[i].get()).map { (plan[i], $0) } },
                                                referencedInterfaces: referenced)
        var nextInterfaces = interfaceDocuments.makeIterator()
        for (n, i) in readable.enumerated() {
            let file = plan[i]
            progress?(LoadProgress(file: file.path, filesDone: plan.count - interfaceFiles.count + n, filesTotal: plan.count,
                                   bytesDone: done, bytesTotal: total))
            guard let document = nextInterfaces.next() else { break }
            merge(try document.get(), of: file)
            done += file.size
        }
        for root in Set(plan.map(\.root)) where recognisedInRoot[root, default: 0] == 0 {
            throw LoadError(path: root, message: "nothing vpcx can read here: no aws ec2 describe-* JSON output found")
        }
        // Designs after the inventories (a design's resources have their own IDs, so merging adds them)
        // and before Terraform, so a spec given with a design is applied to it as to an inventory.
        for design in designs { whole.merge(try DesignLoader.load(path: design)) }
        try applyTerraform(terraform, options: options, onto: &whole)
        progress?(LoadProgress(file: "", filesDone: plan.count, filesTotal: plan.count, bytesDone: total, bytesTotal: total))
        for kind in ResourceKind.allCases where whole.incomplete.contains(kind) {
            let files = openPageFiles[kind] ?? []
            let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? ", …" : "")
            whole.warnings.append("\(shown): warning: the \(kind.awsCommand) answer ends with a NextToken and no later page was loaded: \(kind.title) may be incomplete (collect without --max-items, or add the next page with --starting-token)")
        }
        finish(&whole)
        return whole
    }

    /// The built-in demo: the article's network, compiled into the binary.
    public static func demo() -> Inventory { Inventory(DemoInventory.contents()) }

    // MARK: Internals

    struct PlannedFile {
        var path: String
        var size: Int
        var regionHint: String?
        /// The SOURCE argument this file came from.
        var root: String
        /// Seconds since 1970, when the walk could stat it.
        var modified: Double?
    }

    /// What the first pass made of a planned file: its bytes, whether it is an ENI answer, and for
    /// any other, its document.
    struct FirstRead {
        var input: Result<JSONInput, LoadError>
        var isInterfaces = false
        var document: Result<Document, LoadError>?
    }

    /// Reads every planned file and parses all but the ENI answers (which wait for the ENIs the
    /// endpoints and NAT gateways own), in plan order. The files are independent, so an
    /// organisation's thousands are opened, read and parsed on every core at once: read one after the
    /// other first, their system calls alone were a tenth of the load. Standard input, and a single
    /// file (whose own parse is parallel), are read here.
    static func firstReads(_ plan: [PlannedFile], progress: (@Sendable (LoadProgress) -> Void)?, bytesTotal: Int) -> [FirstRead] {
        if plan.count == 1 || plan.contains(where: { $0.path == "-" }) {
            return plan.enumerated().map { i, file in
                // Reading standard input may take long: say which is being read.
                progress?(LoadProgress(file: file.path, filesDone: i, filesTotal: plan.count, bytesDone: 0, bytesTotal: bytesTotal))
                return firstRead(file)
            }
        }
        progress?(LoadProgress(file: plan.first?.path ?? "", filesDone: 0, filesTotal: plan.count, bytesDone: 0, bytesTotal: bytesTotal))
        return onEveryCore(plan.count, largestFirst: { plan[$0].size }) { firstRead(plan[$0]) }
    }

    /// One file of `firstReads`.
    static func firstRead(_ file: PlannedFile) -> FirstRead {
        // PowerShell writes UTF-8 with a BOM, or UTF-16: read them as the UTF-8 they stand for.
        let input = Result { () throws(LoadError) -> JSONInput in
            TextEncoding.utf8(file.path == "-" ? JSONInput(bytes: try FileBytes.readStandardInput()) : try FileBytes.input(path: file.path))
        }
        guard case .success(let bytes) = input else { return FirstRead(input: input) }
        if AWSCLIDocument.isNetworkInterfacesAnswer(bytes.buffer) { return FirstRead(input: input, isInterfaces: true) }
        return FirstRead(input: input, document: Result { () throws(LoadError) -> Document in
            try readDocument(bytes, file: file, explicit: file.root == file.path)
        })
    }

    /// Reads independent documents on every core; the results come back in the order given.
    static func readInParallel(_ files: [(PlannedFile, JSONInput)],
                               referencedInterfaces: Set<String> = []) -> [Result<Document, LoadError>] {
        // One file (the single-account inventory's ENI answer) is read here: inside a worker of
        // concurrentPerform its own parallel parse would be given fewer threads.
        if files.count == 1, let (file, input) = files.first {
            return [Result { () throws(LoadError) -> Document in
                try readDocument(input, file: file, explicit: file.root == file.path, referencedInterfaces: referencedInterfaces)
            }]
        }
        return onEveryCore(files.count, largestFirst: { files[$0].1.buffer.count }) { i in
            Result { () throws(LoadError) -> Document in
                try readDocument(files[i].1, file: files[i].0, explicit: files[i].0.root == files[i].0.path,
                                 referencedInterfaces: referencedInterfaces)
            }
        }
    }

    /// `body` of every index in 0..<count on every core, the results in index order. Small files
    /// first to the queue would leave one core idle at the end: the largest (by `size`) start first.
    static func onEveryCore<T>(_ count: Int, largestFirst size: (Int) -> Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results
        let order = (0..<count).sorted { size($0) > size($1) }
        let workers = min(count, JSONReader.processorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for k in stride(from: worker, to: order.count, by: workers) { slots[order[k]] = body(order[k]) }
        }
        return results.map { $0! } // every index was given to a worker
    }

    /// What one file gave.
    enum Document {
        case contents(InventoryContents)
        /// A JSON file inside a directory that is not an inventory file, and why (for the note).
        case skipped(String)
    }

    /// Reads one JSON document; a JSON file inside a directory that is not an inventory file is skipped
    /// (an explicitly named file that is not one is an error).
    static func readDocument(_ input: JSONInput, file: PlannedFile, explicit: Bool,
                             referencedInterfaces: Set<String> = []) throws(LoadError) -> Document {
        let shown = file.path == "-" ? "<stdin>" : file.path
        let bytes = input.buffer
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw LoadError(path: shown, message: "empty file: expected the JSON output of an aws ec2 describe-* call")
        }
        if TerraformJSONLoader.looksLikeTerraformJSON(bytes) {
            return .contents(try loadTerraformJSON(input.array, path: shown))
        }
        // By suffix, not NSString's lastPathComponent: bridging each of an organisation's 8,205 paths showed in the load.
        if file.path == "manifest.json" || file.path.hasSuffix("/manifest.json"), let manifest = try? CollectManifest(input.array) {
            var contents = InventoryContents()
            contents.sources.append(manifest.source(path: (file.path as NSString).deletingLastPathComponent))
            return .contents(contents)
        }
        switch try AWSCLIDocument.read(input, path: shown, regionHint: file.regionHint, referencedInterfaces: referencedInterfaces) {
        case .inventory(var contents):
            let region = file.regionHint ?? inferredRegion(contents)
            contents.sources.append(SourceInfo(path: shown, format: .awsCLI, modified: file.modified,
                                               account: contents.vpcs.lazy.compactMap(\.ownerID).first, region: region))
            // Which VPCs this answer covers: those of its region, or every VPC when it has none.
            for kind in contents.known { contents.knownRegions[kind, default: []].insert(region ?? "") }
            return .contents(contents)
        case .unrecognised(let keys):
            let seen = keys.isEmpty ? "no keys" : "keys " + keys.prefix(5).joined(separator: ", ")
            if !explicit { return .skipped("not an aws ec2 describe-* answer vpcx reads (found \(seen))") }
            throw LoadError(path: shown, line: 1, column: 1,
                            message: "not the output of an aws ec2 describe-* call vpcx reads (found \(seen))")
        }
    }

    static func inferredRegion(_ contents: InventoryContents) -> String? {
        if let az = contents.subnets.lazy.compactMap(\.availabilityZone).first { return ServiceName.region(ofZone: az) }
        if let az = contents.networkInterfaces.lazy.compactMap(\.availabilityZone).first { return ServiceName.region(ofZone: az) }
        if let r = contents.endpoints.lazy.compactMap({ ServiceName.region($0.serviceName) }).first { return r }
        return nil
    }


    /// After merging: give every VPC the region its files or subnets say.
    static func finish(_ contents: inout InventoryContents) {
        var regionOfVPC: [String: String] = [:]
        for subnet in contents.subnets where regionOfVPC[subnet.vpcID] == nil {
            if let az = subnet.availabilityZone, let r = ServiceName.region(ofZone: az) { regionOfVPC[subnet.vpcID] = r }
        }
        let fallback = contents.sources.lazy.compactMap(\.region).first
        for i in contents.vpcs.indices where contents.vpcs[i].region == nil {
            contents.vpcs[i].region = regionOfVPC[contents.vpcs[i].id] ?? fallback
        }
    }

    /// A planned file's size and modification time from one `lstat` (a symbolic link's time is its
    /// target's, as `stat` gives it), not FileManager's dictionary of every attribute, and not a second
    /// `stat` when the file is read: an organisation has thousands. Size 0 when it cannot be read.
    static func planned(_ path: String, shown: String, regionHint: String?, root: String) -> PlannedFile {
        var info = stat()
        guard lstat(path, &info) == 0 else { return PlannedFile(path: shown, size: 0, regionHint: regionHint, root: root) }
        var target = info
        if info.st_mode & S_IFMT == S_IFLNK, stat(path, &target) != 0 { target = info }
        return PlannedFile(path: shown, size: Int(info.st_size), regionHint: regionHint, root: root,
                           modified: Double(target.st_mtim.tv_sec) + Double(target.st_mtim.tv_nsec) / 1e9)
    }

    static func directoryHoldsTerraform(_ path: String) throws(LoadError) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.contains { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") }
    }

    /// The JSON files under a directory (recursively, as `collect` writes REGION/ folders), sorted
    /// so that merging is deterministic. Hidden files and folders are left out; a symbolic link is
    /// listed as itself, never followed into (opening one that names no regular file says so, as
    /// for a FIFO). Walked with `readdir`: FileManager's enumerator cost 30% of loading an
    /// organisation's 8,205 small files (an object and bridged path strings per entry).
    static func inventoryFiles(in directory: String) throws(LoadError) -> [PlannedFile] {
        // Paths are spelled as `NSString.appendingPathComponent` spelled them (`dir/` gives `dir/a.json`).
        let prefix = String((directory as NSString).appendingPathComponent("x").dropLast())
        var files: [PlannedFile] = []
        guard collectJSON(under: directory, spelled: prefix, folder: nil, root: directory, into: &files) else {
            throw LoadError(path: directory, message: "cannot list this directory")
        }
        // The manifest first, so the snapshot's account and gaps lead the header; whether a file is
        // one is asked once a file, not twice a comparison (an organisation's 8,205 files made that
        // 14 ms before its first frame).
        return files.map { (isManifest: $0.path.hasSuffix("manifest.json"), file: $0) }
            .sorted { a, b in a.isManifest != b.isManifest ? a.isManifest : a.file.path < b.file.path }
            .map(\.file)
    }

    /// Appends the `.json` entries under `path` (spelled `spelled` + name in the plan) and walks its
    /// folders; `folder` is the folder's own name, a region hint when it is one. False when `path`
    /// cannot be listed (a folder below the source that cannot be is left out, as the enumerator left it).
    private static func collectJSON(under path: String, spelled: String, folder: String?, root: String,
                                    into files: inout [PlannedFile]) -> Bool {
        guard let stream = opendir(path) else { return false }
        defer { closedir(stream) }
        let regionHint = folder.flatMap { ServiceName.isRegion($0) ? $0 : nil }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.baseAddress.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
            }
            if name.isEmpty || name.hasPrefix(".") { continue }
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            let shown = spelled + name
            if name.hasSuffix(".json") {
                files.append(planned(full, shown: shown, regionHint: regionHint, root: root))
            }
            if isDirectory(entry.pointee.d_type, full) {
                _ = collectJSON(under: full, spelled: shown + "/", folder: name, root: root, into: &files)
            }
        }
        return true
    }

    /// Whether a directory entry is a folder itself (a link to one is not: it is not followed).
    private static func isDirectory(_ type: UInt8, _ path: String) -> Bool {
        if type == UInt8(DT_DIR) { return true }
        if type != UInt8(DT_UNKNOWN) { return false }
        // Some file systems do not give the type in the entry.
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Reading the `manifest.json` that `vpcx collect` writes (the type is Model's, shared with Collect),
/// with the loaders' own JSON reader and leniently: a field a hand-edited manifest lacks is empty.
extension CollectManifest {
    init(_ bytes: [UInt8]) throws {
        let value = try JSONValue.parse(bytes)
        guard value["collectedAt"] != nil || value["calls"] != nil else { throw LoadError(path: "", message: "not a manifest") }
        func text(_ key: String, _ object: JSONValue) -> String { object[key]?.stringValue ?? "" }
        self.init(account: text("account", value),
                  regions: value["regions"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  collectedAt: text("collectedAt", value), awsCliVersion: text("awsCliVersion", value),
                  vpcxVersion: text("vpcxVersion", value),
                  calls: (value["calls"]?.arrayValue ?? []).map { call in
                      Call(region: text("region", call), call: text("call", call), file: call["file"]?.stringValue,
                           ok: call["ok"]?.boolValue ?? false)
                  },
                  failures: (value["failures"]?.arrayValue ?? []).map { failure in
                      Failure(account: failure["account"]?.stringValue, region: text("region", failure), call: text("call", failure),
                              error: text("error", failure), message: text("message", failure))
                  })
    }

    /// The calls that failed, one line each (`eu-west-1 describe-nat-gateways: UnauthorizedOperation`).
    var gaps: [String] {
        failures.map { failure in
            // An organisation snapshot's gaps name their account too.
            let region = (failure.account.map { "\($0) " } ?? "") + (failure.region.isEmpty ? "" : "\(failure.region) ")
            return "\(region)\(failure.call.isEmpty ? "?" : failure.call): \(failure.error.isEmpty ? "failed" : failure.error)"
        }
    }

    func source(path: String) -> SourceInfo {
        SourceInfo(path: path, format: .awsCLI, modified: FileBytes.modificationTime(path: path + "/manifest.json"),
                   account: account.isEmpty ? nil : account, region: regions.count == 1 ? regions[0] : nil, gaps: gaps)
    }
}
