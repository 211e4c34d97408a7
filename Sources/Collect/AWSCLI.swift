import Foundation

/// The aws CLI as a subprocess: where it is, the global options every call carries, and one run.
struct AWSCLI: Sendable {
    let executable: URL
    private(set) var environment: [String: String]
    private(set) var profile: String?
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

    /// The same CLI signed with an assumed role's temporary credentials. They reach the CLI through its
    /// environment only: never an argument (visible to every user in `ps`), never a file. A profile
    /// would take precedence over them, so `--profile` and AWS_PROFILE are dropped.
    func assuming(_ credentials: TemporaryCredentials) -> AWSCLI {
        var copy = self
        for name in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                     "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"] {
            copy.environment[name] = nil
        }
        copy.environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
        copy.environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        copy.environment["AWS_SESSION_TOKEN"] = credentials.sessionToken
        copy.profile = nil
        return copy
    }

    /// Runs a call whose answer is a secret (`sts assume-role`): its standard output goes to a file
    /// that is unlinked before the CLI starts, so the credentials never have a name on disk and
    /// nothing a crash leaves behind holds them. Retries throttling like `runRetrying`.
    func runPrivately(_ arguments: [String], maxAttempts: Int, baseDelay: Double) throws -> Result<Data, AWSCLIFailure> {
        var attempt = 1
        while true {
            if cancellation.isCancelled { throw CollectError.cancelled }
            let number = counter.next()
            let outPath = scratch.appendingPathComponent("\(number).private").path
            let errURL = scratch.appendingPathComponent("\(number).err")
            let fd = open(outPath, O_RDWR | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw CollectError.cannotWrite(path: outPath, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            unlink(outPath)
            let pid = try Subprocess.spawn(executable.path, arguments: arguments, environment: environment,
                                           standardOutput: outPath, standardError: errURL.path, standardOutputDescriptor: fd)
            cancellation.track(pid)
            Subprocess.waitForExit(pid)
            cancellation.untrack(pid)
            let status = Subprocess.reap(pid)
            if cancellation.isCancelled { throw CollectError.cancelled }
            let errorText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: errURL)
            if status == 0 { return .success(Self.readAll(fd)) }
            let failure = AWSCLIFailure.parse(standardError: errorText)
            guard failure.kind == .throttled, attempt < maxAttempts else { return .failure(failure) }
            let delay = Self.backoff(attempt: attempt, baseDelay: baseDelay)
            if cancellation.sleep(delay) { throw CollectError.cancelled }
            attempt += 1
        }
    }

    /// Everything in an open file, from its start.
    private static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            offset += off_t(count)
        }
        return data
    }

    /// The pause before attempt `attempt + 1`: 1, 2, 4... times `baseDelay`, capped at 30 s, with
    /// jitter so that many throttled calls do not all come back at the same instant.
    static func backoff(attempt: Int, baseDelay: Double) -> Double {
        min(baseDelay * pow(2, Double(attempt - 1)), 30) * Double.random(in: 0.5...1.0)
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
            let delay = Self.backoff(attempt: attempt, baseDelay: baseDelay)
            onRetry(attempt, delay)
            if cancellation.sleep(delay) { throw CollectError.cancelled }
            attempt += 1
        }
    }
}

/// An assumed role's temporary credentials, held in memory only.
struct TemporaryCredentials: Sendable {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String

    /// Reads `sts assume-role`'s answer (`{"Credentials": {"AccessKeyId": …}}`).
    init?(assumeRoleAnswer data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let credentials = object["Credentials"] as? [String: Any],
              let key = credentials["AccessKeyId"] as? String, let secret = credentials["SecretAccessKey"] as? String,
              let token = credentials["SessionToken"] as? String, !key.isEmpty, !secret.isEmpty else { return nil }
        accessKeyID = key
        secretAccessKey = secret
        sessionToken = token
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
