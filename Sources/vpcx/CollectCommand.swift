import ArgumentParser
import Collect
import Foundation

/// `vpcx collect`: takes a snapshot of a live account through the aws CLI, for `vpcx DIR` to open offline.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Take a snapshot of a live account through the aws CLI (read-only calls only).",
        discussion: """
            Runs the aws CLI's describe-* calls for each region and writes their answers, with a \
            manifest.json, into DIR atomically: an interrupted collect leaves no snapshot behind. \
            Credentials come from the usual places (--profile, AWS_PROFILE, the environment, an instance role).
            """)

    @OptionGroup var account: AccountArguments

    @Option(help: ArgumentHelp("The snapshot directory to create (or replace, if it holds an earlier snapshot).",
                               valueName: "DIR"))
    var output: String

    @Flag(help: "Replace --output even if it is a directory vpcx did not write (its contents are deleted).")
    var force = false

    @Option(help: ArgumentHelp("Keep this many earlier snapshots in DIR.history/ (by collect time); `vpcx diff DIR@-1 DIR` compares the last two.",
                               valueName: "N"))
    var keep: Int = 0

    @OptionGroup(title: "Several accounts") var organization: OrganizationArguments

    func run() throws {
        _ = try Self.collect(account, into: output, force: force, keep: keep, organization: organization)
    }

    /// Runs a collect with progress on standard error; a failure prints its reason and exits 2
    /// (130 when interrupted). `vpcx --live` uses this too.
    static func collect(_ account: AccountArguments, into output: String, force: Bool = false, keep: Int = 0,
                        organization: OrganizationArguments? = nil) throws -> CollectReport {
        let source: CollectOptions.AccountSource? = organization.flatMap { organization in
            organization.org ? .organization : organization.accountsFile.map { .file($0) }
        }
        // Across an organisation --jobs bounds the CLIs at once; a single account keeps --concurrency.
        let concurrency = source == nil ? account.concurrency : (organization?.jobs ?? OrganizationArguments.defaultJobs)
        let options = CollectOptions(profile: account.profile, regions: account.regions, allRegions: account.allRegions,
                                     endpointURL: account.endpointURL, awsPath: account.awsPath, vpcIDs: account.vpcIDs,
                                     allENIs: account.allENIs, output: output, concurrency: concurrency,
                                     vpcxVersion: vpcxVersion, force: force, keep: keep, accountSource: source,
                                     roleName: organization?.roleName ?? CollectOptions.defaultRoleName,
                                     externalID: organization?.externalID, resume: organization?.resume ?? false)
        let cancellation = CollectCancellation()
        let signals = Self.cancelOnSignals(cancellation)
        defer {
            signals.forEach { $0.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            signal(SIGHUP, SIG_DFL)
        }
        let line = ProgressLine(isTerminal: isatty(STDERR_FILENO) == 1)
        let report: CollectReport
        do {
            report = try runCollect(options, cancellation: cancellation) { line.show($0) }
        } catch let error as CollectError {
            line.clear()
            if case .badInput = error {
                Self.printError("\(error)")
            } else {
                Self.printError("vpcx collect: error: \(error)")
            }
            throw ExitCode(error == .cancelled ? 130 : 2)
        }
        line.clear()
        let manifest = report.manifest
        let files = manifest.calls.filter { $0.file != nil }.count
        if let units = manifest.units, let accounts = manifest.accounts {
            let collected = units.filter { $0.status == .collected }.count
            Self.printError("collected \(files) files from \(collected) of \(units.count) account × region units "
                + "(\(accounts.count) accounts) into \(report.output.path)")
            for unit in units where unit.status != .collected {
                Self.printError("vpcx collect: warning: not collected: \(unit.account) \(unit.region): \(unit.reason ?? unit.status.rawValue)")
            }
        } else {
            Self.printError("collected \(files) files from \(manifest.regions.joined(separator: ", ")) "
                + "(account \(manifest.account)) into \(report.output.path)")
        }
        for failure in manifest.failures {
            let account = failure.account.map { "\($0) " } ?? ""
            Self.printError("vpcx collect: warning: gap: \(account)\(failure.region) \(failure.call): \(failure.error): \(failure.message)")
        }
        if report.interrupted {
            Self.printError("vpcx collect: error: interrupted; the snapshot holds what finished: "
                + "run the same command with --resume to collect the rest")
            throw ExitCode(130)
        }
        for vpcID in report.vpcIDsNotFound {
            Self.printError("vpcx collect: warning: \(vpcID) was not found in any collected region")
        }
        return report
    }

    /// SIGINT, SIGTERM and SIGHUP cancel the collect, which removes its partial directory, instead of killing vpcx.
    private static func cancelOnSignals(_ cancellation: CollectCancellation) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { cancellation.cancel() }
            source.resume()
            return source
        }
    }

    private static func printError(_ text: String) { Output.error(text) }
}

/// The progress of a collect on standard error: one line rewritten in place on a terminal,
/// a line per finished call otherwise (a log, a CI job).
private struct ProgressLine {
    let isTerminal: Bool

    func show(_ progress: CollectProgress) {
        // Across an organisation a log gets a line per account, retry and failure, not per call.
        if !isTerminal, progress.accounts != nil {
            switch progress.event {
            case .started, .succeeded: return
            default: break
            }
        }
        if isTerminal {
            // Clip to a narrow terminal's width so the line never wraps and leaves debris behind.
            let text = String(("collect " + progress.line).prefix(79))
            Output.control("\r\u{1B}[2K", then: text)
        } else if progress.event != .started {
            Output.error("collect " + progress.line)
        }
    }

    func clear() {
        if isTerminal { Output.control("\r\u{1B}[2K") }
    }
}

/// `collect --org` / `--accounts FILE`: which accounts, how to get into them, how many calls at once.
struct OrganizationArguments: ParsableArguments {
    @Flag(help: "Collect every account of the organisation (organizations list-accounts; run from the management or a delegated administrator account).")
    var org = false

    @Option(name: .customLong("accounts"), help: ArgumentHelp("Collect the accounts listed in FILE: a 12-digit ID a line, optionally followed by a name.",
                                                             valueName: "FILE"))
    var accountsFile: String?

    @Option(name: .customLong("role-name"), help: ArgumentHelp("The role to assume in each account. The default, vpcx-readonly, is meant to carry only read permissions (ReadOnlyAccess); OrganizationAccountAccessRole works but is an administrator role.",
                                                             valueName: "NAME"))
    var roleName: String = CollectOptions.defaultRoleName

    @Option(name: .customLong("external-id"), help: "The external ID the role's trust policy requires.")
    var externalID: String?

    @Option(help: ArgumentHelp("How many aws CLI calls run at once across the accounts (default: \(OrganizationArguments.defaultJobs), from the cores).",
                               valueName: "N"))
    var jobs: Int?

    @Flag(help: "Re-collect only the account × region units of --output that were not collected (failed, interrupted, throttled).")
    var resume = false

    /// Two CLI processes per core: each spends much of its time waiting on the network.
    static var defaultJobs: Int { max(2, min(16, ProcessInfo.processInfo.activeProcessorCount * 2)) }

    func validate() throws {
        if org && accountsFile != nil { throw ValidationError("--org and --accounts are alternatives: pass one") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        let several = org || accountsFile != nil
        if !several && (resume || jobs != nil || externalID != nil || roleName != CollectOptions.defaultRoleName) {
            throw ValidationError("--role-name, --external-id, --jobs and --resume go with --org or --accounts FILE")
        }
    }
}

/// Which account, regions and VPCs to read through the aws CLI: shared by `collect` and `--live`.
struct AccountArguments: ParsableArguments {
    @Option(help: "The aws CLI profile to use.")
    var profile: String?

    @Option(name: .customLong("region"), help: "A region to collect (repeatable). Default: the CLI's region.")
    var regions: [String] = []

    @Flag(help: "Collect every region enabled for the account.")
    var allRegions = false

    @Option(name: .customLong("endpoint-url"), help: "Send every call to this URL (a local AWS API, for tests).")
    var endpointURL: String?

    @Option(name: .customLong("aws"), help: ArgumentHelp("The aws CLI to run.", valueName: "PATH"))
    var awsPath: String?

    @Option(name: .customLong("vpc-id"), help: "Collect only this VPC (repeatable).")
    var vpcIDs: [String] = []

    @Flag(name: .customLong("all-enis"), help: "Fetch every network interface, not only those of endpoints and NATs.")
    var allENIs = false

    @Option(help: "How many aws CLI calls run at once.")
    var concurrency: Int = 4

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }
}
