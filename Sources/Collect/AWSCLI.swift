import Foundation

/// The aws CLI as a subprocess: where it is, the global options every call carries, and one run.
struct AWSCLI: Sendable {
    let executable: URL
    let environment: [String: String]
    let profile: String?
    let endpointURL: String?
    /// Where each call's standard output and error go: files, not pipes, so a large answer can
    /// never block the CLI and a killed CLI's stray children can never block collect.
    let scratch: URL
    let cancellation: CollectCancellation
    private let counter = Counter()

    init(executable: URL, environment: [String: String], profile: String?, endpointURL: String?, scratch: URL,
         cancellation: CollectCancellation) {
        self.executable = executable
        var environment = environment
        // The v2 CLI pipes output through a pager unless told not to.
        environment["AWS_PAGER"] = ""
        self.environment = environment
        self.profile = profile
        self.endpointURL = endpointURL
        self.scratch = scratch
        self.cancellation = cancellation
    }

    /// Finds the aws CLI: `path` if it names a file (or a name on PATH), else `aws` on PATH.
    static func locate(_ path: String?, environment: [String: String]) throws -> URL {
        let name = path ?? "aws"
        let fileManager = FileManager.default
        if name.contains("/") {
            let url = URL(fileURLWithPath: name)
            guard fileManager.isExecutableFile(atPath: url.path) else {
                throw CollectError.awsCLINotFound("\(name) is not an executable file")
            }
            return url
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw CollectError.awsCLINotFound("no \(name) on PATH")
    }

    /// What one run printed.
    struct Output {
        var status: Int32
        /// The file holding standard output; the caller moves or deletes it.
        var standardOutput: URL
        var standardError: String
    }

    /// The global options for a call in `region` (nil: the CLI's own choice).
    func globalArguments(region: String?) -> [String] {
        var arguments = ["--output", "json"]
        if let region { arguments += ["--region", region] }
        if let profile { arguments += ["--profile", profile] }
        if let endpointURL { arguments += ["--endpoint-url", endpointURL] }
        return arguments
    }

    /// Runs the CLI with exactly these arguments and waits for it.
    func run(_ arguments: [String]) throws -> Output {
        if cancellation.isCancelled { throw CollectError.cancelled }
        let number = counter.next()
        let outURL = scratch.appendingPathComponent("\(number).out")
        let errURL = scratch.appendingPathComponent("\(number).err")
        let pid = try Subprocess.spawn(executable.path, arguments: arguments, environment: environment,
                                       standardOutput: outURL.path, standardError: errURL.path)
        cancellation.track(pid)
        Subprocess.waitForExit(pid)
        cancellation.untrack(pid)
        let status = Subprocess.reap(pid)
        if cancellation.isCancelled { throw CollectError.cancelled }
        let errorText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errURL)
        return Output(status: status, standardOutput: outURL, standardError: errorText)
    }

    /// Runs a call, retrying throttled attempts after 1, 2, 4... times `baseDelay` (with jitter, capped).
    /// Returns the standard output file, or the last failure.
    func runRetrying(_ arguments: [String], maxAttempts: Int, baseDelay: Double,
                     onRetry: (_ attempt: Int, _ delay: Double) -> Void) throws -> Result<URL, AWSCLIFailure> {
        var attempt = 1
        while true {
            let output = try run(arguments)
            if output.status == 0 { return .success(output.standardOutput) }
            try? FileManager.default.removeItem(at: output.standardOutput)
            let failure = AWSCLIFailure.parse(standardError: output.standardError)
            guard failure.kind == .throttled, attempt < maxAttempts else { return .failure(failure) }
            let delay = min(baseDelay * pow(2, Double(attempt - 1)), 30) * Double.random(in: 0.75...1.0)
            onRetry(attempt, delay)
            if cancellation.sleep(delay) { throw CollectError.cancelled }
            attempt += 1
        }
    }
}

/// A thread-safe counter for unique scratch file names.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
