import Foundation
import Model

/// Takes a snapshot of a live account through the aws CLI: every `describe-*` answer vpcx reads, for
/// each region, written atomically into `options.output` with a `manifest.json` (see `CollectManifest`).
///
/// Only read operations are called: `sts get-caller-identity`, `ec2 describe-regions` (with
/// `allRegions`), `configure get region` (when no region is given) and the `ec2 describe-*` calls of
/// `CallPlan`. A call the credentials may not make (AccessDenied, UnauthorizedOperation) is a gap
/// recorded in the manifest, and the rest is still collected; a throttled call is retried with
/// exponential backoff; a region that is not enabled is recorded as such.
///
/// - Parameters:
///   - cancellation: cancel it (from a signal handler) to stop: the partial directory is removed and
///     this throws `CollectError.cancelled`.
///   - progress: called on the caller's thread as calls start, finish, fail and are retried.
/// - Throws: `CollectError`, with a message for the user.
public func runCollect(_ options: CollectOptions, cancellation: CollectCancellation = CollectCancellation(),
                       progress: (CollectProgress) -> Void = { _ in }) throws -> CollectReport {
    try Collector(options: options, cancellation: cancellation).run(progress: progress)
}

/// One collect, from checking the options to renaming the snapshot into place.
struct Collector {
    let options: CollectOptions
    let cancellation: CollectCancellation

    func run(progress: (CollectProgress) -> Void) throws -> CollectReport {
        guard options.concurrency >= 1 else { throw CollectError.invalidOptions("--concurrency must be at least 1") }
        guard options.maxAttempts >= 1 else { throw CollectError.invalidOptions("maxAttempts must be at least 1") }
        guard options.keep >= 0 else { throw CollectError.invalidOptions("--keep must be 0 or more") }
        let executable = try AWSCLI.locate(options.awsPath, environment: options.environment)
        let destination = try SnapshotDestination(path: options.output, force: options.force)
        let startedAt = Date()
        let partial = try destination.makePartialDirectory()
        var committed = false
        defer {
            if !committed { try? FileManager.default.removeItem(at: partial) }
        }
        // A partial directory never has a manifest at its top; the CLI's raw outputs live in a hidden
        // folder inside it, removed before the rename.
        let scratch = partial.appendingPathComponent(".calls", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw CollectError.cannotWrite(path: scratch.path, reason: error.localizedDescription)
        }
        let cli = AWSCLI(executable: executable, environment: options.environment, profile: options.profile,
                         endpointURL: options.endpointURL, scratch: scratch, cancellation: cancellation)

        let explicitRegions = unique(options.regions.filter { !$0.isEmpty })
        let home = try explicitRegions.first ?? defaultRegion(cli)
        if home == nil && !options.allRegions { throw CollectError.noRegion }
        for region in explicitRegions + [home].compactMap({ $0 }) where !AWSName.isRegion(region) {
            throw CollectError.invalidOptions("'\(region)' is not a region name (such as eu-west-1)")
        }

        // `aws --version` and the account are independent; the CLI's start-up is the slow part of each.
        let version = Box<Result<String, CollectError>>()
        let versionDone = DispatchGroup()
        DispatchQueue.global().async(group: versionDone) { version.value = Self.cliVersion(cli) }
        let caller: (account: String, arn: String)
        do {
            caller = try callerIdentity(cli, region: home, progress: progress)
        } catch {
            versionDone.wait()
            throw error
        }
        versionDone.wait()
        guard let versionResult = version.value else { throw CollectError.cancelled }
        let awsCliVersion = try versionResult.get()

        if let source = options.accountSource {
            let run = OrganizationRun(collector: self, cli: cli, caller: caller, home: home ?? explicitRegions.first ?? "us-east-1",
                                      explicitRegions: explicitRegions, destination: destination, partial: partial,
                                      startedAt: startedAt, awsCliVersion: awsCliVersion)
            let report = try run.run(source, progress: progress)
            try? FileManager.default.removeItem(at: scratch)
            try commit(report.manifest, partial: partial, destination: destination)
            committed = true
            return report
        }
        guard !options.resume else {
            throw CollectError.invalidOptions("--resume continues an organisation collect: pass --org or --accounts FILE")
        }

        let regions = options.allRegions ? try enabledRegions(cli, home: home, progress: progress)
            : explicitRegions.isEmpty ? [home].compactMap { $0 } : explicitRegions
        let scheduler = RegionScheduler(accounts: [AccountPlan(id: caller.account, regions: regions)], cli: cli,
                                        settings: settings(home: home ?? regions.first ?? "us-east-1", byAccount: false),
                                        directory: partial)
        let outcome = try scheduler.run(progress: progress)

        let manifest = CollectManifest(
            account: caller.account, regions: regions, collectedAt: Self.timestamp(startedAt), awsCliVersion: awsCliVersion,
            vpcxVersion: options.vpcxVersion, calls: outcome.calls, failures: outcome.failures)
        // Route 53's zones alone are no network: the regions' calls all failing is nothing collected.
        if manifest.calls.allSatisfy({ !$0.ok || $0.region == UnitKey.global }) { throw nothingCollected(manifest, regions: regions) }

        try? FileManager.default.removeItem(at: scratch)
        try commit(manifest, partial: partial, destination: destination)
        committed = true
        let notFound = options.vpcIDs.filter { !outcome.vpcIDsFound.contains($0) }
        return CollectReport(output: destination.output, manifest: manifest, vpcIDsNotFound: unique(notFound))
    }

    /// The scheduler's settings from the options.
    func settings(home: String, byAccount: Bool) -> RegionScheduler.Settings {
        RegionScheduler.Settings(concurrency: options.concurrency, maxAttempts: options.maxAttempts,
                                 retryBaseDelay: options.retryBaseDelay, vpcIDs: options.vpcIDs, allENIs: options.allENIs,
                                 externalID: options.externalID, home: home, byAccount: byAccount)
    }

    /// Writes the manifest last, then renames the partial directory into place.
    private func commit(_ manifest: CollectManifest, partial: URL, destination: SnapshotDestination) throws {
        let manifestURL = partial.appendingPathComponent(CollectManifest.fileName)
        do {
            try manifest.encoded().write(to: manifestURL)
        } catch {
            throw CollectError.cannotWrite(path: manifestURL.path, reason: error.localizedDescription)
        }
        // An organisation collect that was interrupted keeps what finished (the manifest says what did not).
        if cancellation.isCancelled && options.accountSource == nil { throw CollectError.cancelled }
        try destination.commit(partial, keep: options.keep)
    }

    // MARK: - Account-wide calls

    /// The region the CLI would use on its own: AWS_REGION, AWS_DEFAULT_REGION, then the profile's.
    private func defaultRegion(_ cli: AWSCLI) throws -> String? {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let region = options.environment[name]?.trimmingCharacters(in: .whitespaces), !region.isEmpty {
                return region
            }
        }
        var arguments = ["configure", "get", "region"]
        if let profile = options.profile { arguments += ["--profile", profile] }
        let output: AWSCLI.Output
        do {
            output = try cli.run(arguments)
        } catch CollectError.cancelled {
            throw CollectError.cancelled
        } catch {
            return nil
        }
        defer { try? FileManager.default.removeItem(at: output.standardOutput) }
        guard output.status == 0, let data = try? Data(contentsOf: output.standardOutput) else { return nil }
        let region = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return region.isEmpty ? nil : region
    }

    private static func cliVersion(_ cli: AWSCLI) -> Result<String, CollectError> {
        do {
            let output = try cli.run(["--version"])
            let printed = (try? Data(contentsOf: output.standardOutput)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            try? FileManager.default.removeItem(at: output.standardOutput)
            // The v1 CLI printed its version on standard error.
            let line = (printed + "\n" + output.standardError).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
            guard output.status == 0, let line else {
                let failure = AWSCLIFailure.parse(standardError: output.standardError)
                return .failure(.awsCLIFailed(call: "--version", code: failure.code, message: failure.message))
            }
            return .success(line)
        } catch let error as CollectError {
            return .failure(error)
        } catch {
            return .failure(.awsCLIFailed(call: "--version", code: "CLIError", message: "\(error)"))
        }
    }

    /// The account and ARN of the credentials; the first call that needs them, so it explains their absence.
    private func callerIdentity(_ cli: AWSCLI, region: String?, progress: (CollectProgress) -> Void) throws -> (account: String, arn: String) {
        let call = "sts get-caller-identity"
        progress(CollectProgress(region: "", call: call, event: .started, done: 0, total: 0))
        let json = try accountWideCall(cli, ["sts", "get-caller-identity"], call: call, region: region)
        guard let account = (json as? [String: Any])?["Account"] as? String else {
            throw CollectError.awsCLIFailed(call: call, code: "InvalidJSON", message: "the answer has no Account")
        }
        return (account, (json as? [String: Any])?["Arn"] as? String ?? "")
    }

    /// The regions enabled for the account, sorted.
    private func enabledRegions(_ cli: AWSCLI, home: String?, progress: (CollectProgress) -> Void) throws -> [String] {
        let call = "ec2 describe-regions"
        progress(CollectProgress(region: "", call: call, event: .started, done: 0, total: 0))
        let json = try accountWideCall(cli, ["ec2", "describe-regions"], call: call, region: home)
        let listed = (json as? [String: Any])?["Regions"] as? [[String: Any]] ?? []
        let regions = listed.compactMap { $0["RegionName"] as? String }.sorted()
        // Each name becomes a directory and a --region argument: a hostile answer must not choose either.
        if let bad = regions.first(where: { !AWSName.isRegion($0) }) {
            throw CollectError.awsCLIFailed(call: call, code: "InvalidRegionName",
                                            message: "the answer lists '\(bad)', which is not a region name; nothing was collected")
        }
        guard !regions.isEmpty else {
            throw CollectError.awsCLIFailed(call: call, code: "NoRegions", message: "the account lists no enabled region")
        }
        return regions
    }

    /// A call collect cannot go on without: its failure is the collect's.
    func accountWideCall(_ cli: AWSCLI, _ arguments: [String], call: String, region: String?) throws -> Any {
        let result = try cli.runRetrying(arguments + cli.globalArguments(region: region),
                                         maxAttempts: options.maxAttempts, baseDelay: options.retryBaseDelay) { _, _ in }
        switch result {
        case .success(let url):
            defer { try? FileManager.default.removeItem(at: url) }
            guard let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) else {
                throw CollectError.awsCLIFailed(call: call, code: "InvalidJSON", message: "the aws CLI's answer is not JSON")
            }
            return json
        case .failure(let failure):
            throw accountWideError(failure, call: call, region: region)
        }
    }

    private func accountWideError(_ failure: AWSCLIFailure, call: String, region: String?) -> CollectError {
        switch failure.code {
        case "NoCredentials": return .noCredentials
        case "ProfileNotFound": return .profileNotFound(options.profile ?? options.environment["AWS_PROFILE"] ?? "")
        case "NoRegion": return .noRegion
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenExpired":
            return .credentialsExpired(failure.message)
        case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException":
            return .credentialsRejected(failure.message)
        default:
            if failure.kind == .regionNotEnabled, let region { return .regionNotEnabled(region: region, code: failure.code) }
            return .awsCLIFailed(call: call, code: failure.code, message: failure.message)
        }
    }

    // MARK: - Manifest

    func nothingCollected(_ manifest: CollectManifest, regions: [String]) -> CollectError {
        let refused = manifest.failures.filter { AWSCLIFailure(code: $0.error, message: "").kind == .regionNotEnabled }
        if regions.count == 1, let region = regions.first, let first = refused.first {
            return .regionNotEnabled(region: region, code: first.error)
        }
        guard let first = manifest.failures.first(where: { !$0.message.hasPrefix("not attempted") })
                ?? manifest.failures.first else {
            return .nothingCollected(call: "describe-vpcs", code: "Unknown", message: "no call succeeded")
        }
        return .nothingCollected(call: "\(first.region) \(first.call)", code: first.error, message: first.message)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// A value one thread sets and another reads after waiting for it.
private final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}
