import Foundation
import Model

extension AWSCLIFailure: Error {}

/// One account × region of a collect, or an account's `global` unit (Route 53's account-wide calls).
/// `account` is nil in a single-account collect, whose files are not under an account directory.
struct UnitKey: Hashable, Sendable {
    var account: String?
    var region: String

    /// The region name of Route 53's account-wide unit.
    static let global = "global"

    /// The unit's directory relative to the snapshot: `eu-west-1`, or `111122223333/eu-west-1`.
    var relativePath: String { account.map { "\($0)/\(region)" } ?? region }
}

/// An account a collect reads, and how it gets in.
struct AccountPlan: Sendable {
    /// The account ID (in a single-account collect, the caller's).
    var id: String
    /// Its name, when Organizations or the accounts file said one.
    var name: String?
    /// The role to assume in it; nil: the caller's own credentials (the account collect runs in).
    var roleARN: String?
    /// Its regions; nil: every region enabled for it (`ec2 describe-regions` once in).
    var regions: [String]?
    /// Units not to collect (region names, `global`): those an earlier run already holds (`--resume`).
    var skip: Set<String> = []
    /// Why the account is not collected at all (suspended in the organisation); nil: it is.
    var refusal: String?
}

/// Runs the calls of a collect, at most `concurrency` aws CLI processes at a time across every account
/// and region, and turns their answers into the snapshot's files. Its state lives on the caller's
/// thread; worker threads only run the CLI and post what happened to a mailbox, so no lock guards the
/// bookkeeping. Accounts are taken in order, a bounded number at once, so the state held stays
/// bounded by the accounts in flight, not by the organisation's size.
final class RegionScheduler {
    /// One aws CLI run.
    struct Job: Sendable {
        var unit: UnitKey
        var work: Work
    }

    /// What a job does.
    enum Work: Sendable {
        /// A data call: its kind, which piece of which file, its arguments after `aws`.
        case call(CallKind, Part, [String])
        /// `sts assume-role` into the account of this index.
        case assumeRole(Int)
        /// `ec2 describe-regions` in the account of this index.
        case listRegions(Int)
    }

    /// Which file, or piece of a file, a call fetches.
    enum Part: Sendable, Hashable {
        /// The whole file: one call.
        case whole
        /// The file of one resource (`search-transit-gateway-routes.tgw-rtb-1.json`).
        case resource(String)
        /// One answer of a file made of several calls (`vpc-1 enableDnsSupport`, ENI chunk 2).
        case piece(index: Int, label: String)
    }

    /// A file of a unit: its call, and the resource for a per-resource call.
    struct FileKey: Hashable {
        var kind: CallKind
        var resource: String?
    }

    /// What became of one unit.
    struct UnitResult {
        var status: CollectManifest.Unit.Status
        var reason: String?
        var startedAt: Date?
    }

    /// What the scheduler produced.
    struct Outcome {
        /// Every call's entry, in unit order, then call order.
        var calls: [CollectManifest.Call]
        var failures: [CollectManifest.Failure]
        var vpcIDsFound: Set<String>
        /// Each unit, in the order the units were made.
        var units: [(UnitKey, UnitResult)]
        /// The regions each account was collected in.
        var regionsByAccount: [String: [String]]
        /// True when a cancel stopped an organisation collect: the units not finished are `notCollected`.
        var interrupted: Bool
    }

    /// The options that shape the calls.
    struct Settings {
        var concurrency: Int
        var maxAttempts: Int
        var retryBaseDelay: Double
        var vpcIDs: [String]
        var allENIs: Bool
        var externalID: String?
        /// The region account-wide calls (assume-role, describe-regions, Route 53) are sent to.
        var home: String
        /// An organisation collect: files under ACCOUNT/, and a cancel keeps what finished.
        var byAccount: Bool
    }

    private final class UnitState {
        let key: UnitKey
        let cli: AWSCLI
        /// The region calls name: the unit's own, or the home region for the global unit.
        let apiRegion: String
        let startedAt = Date()
        /// The index of its account in the scheduler's list.
        let accountIndex: Int
        var outstanding = 0
        var files: [FileKey: CollectManifest.Call] = [:]
        var failures: [CollectManifest.Failure] = []
        /// The region refused a call as not enabled: its other calls are not attempted.
        var refusal: AWSCLIFailure?
        /// Files made of several calls.
        var pieces: [CallKind: PieceGroup] = [:]
        /// The ENI IDs the endpoints and NAT gateways listed, once each answer is in (nil: the call
        /// failed); nil as a whole with `--all-enis`, whose one call needs neither.
        var eniSources: ENISources?
        var finished = false

        init(key: UnitKey, cli: AWSCLI, apiRegion: String, accountIndex: Int) {
            self.key = key
            self.accountIndex = accountIndex
            self.cli = cli
            self.apiRegion = apiRegion
        }
    }

    private struct PieceGroup {
        var expected: Int
        var finished = 0
        var failed = 0
        var answers: [Int: Data] = [:]
    }

    private struct ENISources {
        var endpoints: [String]??
        var natGateways: [String]??
    }

    private final class AccountState {
        let plan: AccountPlan
        var units: [UnitKey] = []
        var unfinished = 0
        var failure: String?
        var regions: [String] = []
        var started = false
        var finished = false

        init(plan: AccountPlan) { self.plan = plan }
    }

    private let accounts: [AccountState]
    private let cli: AWSCLI
    private let settings: Settings
    private let directory: URL
    private let mailbox = Mailbox()
    private let startedAt = Date()

    private var queue: [Job] = []
    private var queueHead = 0
    private var running = 0
    private var done = 0
    private var total = 0
    private var nextAccount = 0
    private var activeAccounts = 0
    private var accountsDone = 0
    private var accountsFailed = 0
    private var units: [UnitKey: UnitState] = [:]
    private var unitOrder: [UnitKey] = []
    /// Units that could not run at all (their account's role could not be assumed), with the reason.
    private var refusedUnits: [UnitKey: String] = [:]
    private var vpcIDsFound = Set<String>()
    /// The CLIs of accounts waiting for their region list (`--all-regions`).
    private var pendingCLIs: [Int: AWSCLI] = [:]

    init(accounts: [AccountPlan], cli: AWSCLI, settings: Settings, directory: URL) {
        self.accounts = accounts.map(AccountState.init)
        self.cli = cli
        self.settings = settings
        self.directory = directory
    }

    /// How many accounts are worked on at once: enough to keep every CLI slot busy.
    private var maxActiveAccounts: Int { max(2, settings.concurrency) }

    /// Runs every call of every account and region; throws only when the collect cannot go on
    /// (a single-account collect cancelled, the disk).
    func run(progress: (CollectProgress) -> Void) throws -> Outcome {
        var interrupted = false
        while true {
            if cli.cancellation.isCancelled {
                guard settings.byAccount else { throw CollectError.cancelled }
                interrupted = true
                // Let the running CLIs (already terminated) report, then keep what finished.
                while running > 0 {
                    for event in mailbox.take(timeout: 0.25) {
                        switch event {
                        case .retrying: break
                        default: running -= 1
                        }
                    }
                }
                break
            }
            try activateAccounts(progress: progress)
            while running < settings.concurrency, queueHead < queue.count {
                let job = queue[queueHead]
                queueHead += 1
                if case .call(let kind, _, _) = job.work, let unit = units[job.unit], let refusal = unit.refusal {
                    try notAttempted(job, kind: kind, code: refusal.code,
                                     message: "not attempted: region \(job.unit.region) is not enabled for this account",
                                     progress: progress)
                    continue
                }
                running += 1
                launch(job)
                progress(step(job, event: .started))
            }
            compactQueue()
            if running == 0 && queueHead == queue.count && nextAccount == accounts.count { break }
            for event in mailbox.take(timeout: 0.25) {
                try handle(event, progress: progress)
            }
        }
        return outcome(interrupted: interrupted)
    }

    // MARK: - Accounts

    private func activateAccounts(progress: (CollectProgress) -> Void) throws {
        while activeAccounts < maxActiveAccounts, nextAccount < accounts.count {
            let index = nextAccount
            nextAccount += 1
            activeAccounts += 1
            let account = accounts[index]
            account.started = true
            if let refusal = account.plan.refusal {
                try accountFailed(index, reason: refusal, progress: progress)
            } else if account.plan.roleARN != nil {
                enqueue(Job(unit: UnitKey(account: account.plan.id, region: ""), work: .assumeRole(index)))
            } else {
                try accountReady(index, cli: cli, progress: progress)
            }
        }
    }

    /// The account is in (its role assumed, or the caller's own): list its regions or start its units.
    private func accountReady(_ index: Int, cli accountCLI: AWSCLI, progress: (CollectProgress) -> Void) throws {
        let account = accounts[index]
        if let regions = account.plan.regions {
            try startUnits(index, regions: regions, cli: accountCLI, progress: progress)
        } else {
            pendingCLIs[index] = accountCLI
            enqueue(Job(unit: UnitKey(account: settings.byAccount ? account.plan.id : nil, region: ""), work: .listRegions(index)))
        }
    }

    private func startUnits(_ index: Int, regions: [String], cli accountCLI: AWSCLI, progress: (CollectProgress) -> Void) throws {
        let account = accounts[index]
        account.regions = regions
        let accountKey = settings.byAccount ? account.plan.id : nil
        let wanted = { (name: String) in !account.plan.skip.contains(name) }
        for region in regions where wanted(region) {
            let unit = try makeUnit(UnitKey(account: accountKey, region: region), cli: accountCLI, apiRegion: region, index: index)
            for kind in CallPlan.independentCalls(allENIs: settings.allENIs) {
                enqueue(Job(unit: unit.key, work: .call(kind, .whole, CallPlan.arguments(for: kind, vpcIDs: settings.vpcIDs))))
                unit.outstanding += 1
            }
            if !settings.allENIs { unit.eniSources = ENISources() }
        }
        if wanted(UnitKey.global) {
            let unit = try makeUnit(UnitKey(account: accountKey, region: UnitKey.global), cli: accountCLI,
                                    apiRegion: regions.first ?? settings.home, index: index)
            enqueue(Job(unit: unit.key, work: .call(.hostedZones, .whole, ["route53", CallKind.hostedZones.operation])))
            unit.outstanding += 1
        }
        try finishAccountIfDone(account, progress: progress)
    }

    private func makeUnit(_ key: UnitKey, cli: AWSCLI, apiRegion: String, index: Int) throws -> UnitState {
        let account = accounts[index]
        try createDirectory(directory.appendingPathComponent(key.relativePath))
        let unit = UnitState(key: key, cli: cli, apiRegion: apiRegion, accountIndex: index)
        units[key] = unit
        unitOrder.append(key)
        account.units.append(key)
        account.unfinished += 1
        return unit
    }

    /// The account could not be entered: every unit it would have had fails with `reason`.
    private func accountFailed(_ index: Int, reason: String, progress: (CollectProgress) -> Void) throws {
        let account = accounts[index]
        account.failure = reason
        let regions = account.plan.regions ?? ["all-regions"]
        for name in regions + [UnitKey.global] where !account.plan.skip.contains(name) {
            let key = UnitKey(account: settings.byAccount ? account.plan.id : nil, region: name)
            refusedUnits[key] = reason
            unitOrder.append(key)
            account.units.append(key)
        }
        try finishAccountIfDone(account, progress: progress)
    }

    private func finishAccountIfDone(_ account: AccountState, progress: (CollectProgress) -> Void) throws {
        guard !account.finished, account.unfinished == 0 else { return }
        account.finished = true
        activeAccounts -= 1
        let failed = account.failure != nil || account.units.contains { units[$0]?.refusal != nil }
        if failed { accountsFailed += 1 } else { accountsDone += 1 }
        guard settings.byAccount else { return }
        var step = CollectProgress(region: "", call: "", event: .accountFinished(failed: failed), done: done, total: total)
        step.account = account.plan.id
        progress(withCounters(step))
    }

    // MARK: - Running

    private func enqueue(_ job: Job) {
        queue.append(job)
        total += 1
    }

    /// Drops the jobs already taken, so a long collect's queue does not grow with every call ever made.
    private func compactQueue() {
        if queueHead > 4096 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    private func launch(_ job: Job) {
        let mailbox = self.mailbox
        let settings = self.settings
        let jobCLI: AWSCLI
        let region: String
        switch job.work {
        case .call:
            let unit = units[job.unit]
            jobCLI = unit?.cli ?? cli
            region = unit?.apiRegion ?? settings.home
        case .assumeRole:
            jobCLI = cli
            region = settings.home
        case .listRegions(let index):
            jobCLI = pendingCLIs[index] ?? cli
            region = settings.home
        }
        let arguments = self.arguments(job)
        DispatchQueue.global().async {
            do {
                switch job.work {
                case .assumeRole(let index):
                    let result = try jobCLI.runPrivately(arguments + jobCLI.globalArguments(region: region),
                                                         maxAttempts: settings.maxAttempts, baseDelay: settings.retryBaseDelay)
                    switch result {
                    case .success(let data):
                        if let credentials = TemporaryCredentials(assumeRoleAnswer: data) {
                            mailbox.post(.assumed(index, .success(jobCLI.assuming(credentials))))
                        } else {
                            mailbox.post(.assumed(index, .failure(AWSCLIFailure(code: "InvalidJSON",
                                                                                message: "the assume-role answer holds no credentials"))))
                        }
                    case .failure(let failure):
                        mailbox.post(.assumed(index, .failure(failure)))
                    }
                default:
                    let result = try jobCLI.runRetrying(arguments + jobCLI.globalArguments(region: region),
                                                        maxAttempts: settings.maxAttempts, baseDelay: settings.retryBaseDelay) { attempt, delay in
                        mailbox.post(.retrying(job, attempt: attempt, delay: delay))
                    }
                    mailbox.post(.finished(job, result))
                }
            } catch let error as CollectError {
                mailbox.post(.aborted(job, error))
            } catch {
                mailbox.post(.aborted(job, .cannotWrite(path: jobCLI.scratch.path, reason: "\(error)")))
            }
        }
    }

    private func arguments(_ job: Job) -> [String] {
        switch job.work {
        case .call(_, _, let arguments):
            return arguments
        case .assumeRole(let index):
            let plan = accounts[index].plan
            var arguments = ["sts", "assume-role", "--role-arn", plan.roleARN ?? "",
                             "--role-session-name", "vpcx-collect", "--duration-seconds", "3600"]
            if let externalID = settings.externalID { arguments += ["--external-id", externalID] }
            return arguments
        case .listRegions:
            return ["ec2", "describe-regions"]
        }
    }

    private func step(_ job: Job, event: CollectProgress.Event) -> CollectProgress {
        var progress = CollectProgress(region: job.unit.region, call: Self.callName(job), event: event, done: done, total: total)
        progress.account = job.unit.account
        return withCounters(progress)
    }

    private func withCounters(_ progress: CollectProgress) -> CollectProgress {
        guard settings.byAccount else { return progress }
        var progress = progress
        progress.accounts = CollectProgress.AccountCounts(done: accountsDone, failed: accountsFailed, total: accounts.count,
                                                          elapsed: Date().timeIntervalSince(startedAt))
        return progress
    }

    private static func callName(_ job: Job) -> String {
        switch job.work {
        case .call(let kind, _, _): return kind.operation
        case .assumeRole: return "sts assume-role"
        case .listRegions: return "ec2 describe-regions"
        }
    }

    private func handle(_ event: Mailbox.Event, progress: (CollectProgress) -> Void) throws {
        switch event {
        case .retrying(let job, let attempt, let delay):
            progress(step(job, event: .retrying(attempt: attempt, delay: delay)))
        case .aborted(_, let error):
            running -= 1
            if error == .cancelled && settings.byAccount { return }
            // Stop the other calls: nothing they fetch will be written.
            cli.cancellation.cancel()
            throw error
        case .assumed(let index, let result):
            running -= 1
            done += 1
            let job = Job(unit: UnitKey(account: accounts[index].plan.id, region: ""), work: .assumeRole(index))
            switch result {
            case .success(let accountCLI):
                progress(step(job, event: .succeeded))
                try accountReady(index, cli: accountCLI, progress: progress)
            case .failure(let failure):
                progress(step(job, event: .failed(code: failure.code)))
                try accountFailed(index, reason: "could not assume \(accounts[index].plan.roleARN ?? "the role"): "
                    + "\(failure.code): \(failure.message)", progress: progress)
            }
        case .finished(let job, let result):
            running -= 1
            done += 1
            if case .listRegions(let index) = job.work {
                try regionsListed(index, job: job, result: result, progress: progress)
                return
            }
            guard case .call(let kind, let part, _) = job.work, let unit = units[job.unit] else { return }
            let answer: Result<URL, AWSCLIFailure>
            switch result {
            case .success(let url):
                answer = isJSON(url) ? .success(url)
                    : .failure(AWSCLIFailure(code: "InvalidJSON", message: "the aws CLI's answer is not JSON"))
            case .failure(let failure):
                answer = .failure(failure)
            }
            switch answer {
            case .success(let url):
                try succeeded(unit, kind, part, output: url)
                progress(step(job, event: .succeeded))
            case .failure(let failure):
                if case .success(let url) = result { try? FileManager.default.removeItem(at: url) }
                if failure.kind == .regionNotEnabled, unit.refusal == nil, job.unit.region != UnitKey.global { unit.refusal = failure }
                try failed(unit, kind, part, failure)
                progress(step(job, event: .failed(code: failure.code)))
            }
            try jobDone(unit, progress: progress)
        }
    }

    private func regionsListed(_ index: Int, job: Job, result: Result<URL, AWSCLIFailure>, progress: (CollectProgress) -> Void) throws {
        let accountCLI = pendingCLIs.removeValue(forKey: index) ?? cli
        switch result {
        case .failure(let failure):
            progress(step(job, event: .failed(code: failure.code)))
            try accountFailed(index, reason: "ec2 describe-regions failed: \(failure.code): \(failure.message)", progress: progress)
        case .success(let url):
            defer { try? FileManager.default.removeItem(at: url) }
            let json = (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
            let listed = ((json as? [String: Any])?["Regions"] as? [[String: Any]] ?? []).compactMap { $0["RegionName"] as? String }
            // Each name becomes a directory and a --region argument: a hostile answer must not choose either.
            let regions = listed.filter(AWSName.isRegion).sorted()
            guard !regions.isEmpty, regions.count == listed.count else {
                progress(step(job, event: .failed(code: "InvalidRegionName")))
                try accountFailed(index, reason: "ec2 describe-regions listed no usable region names", progress: progress)
                return
            }
            progress(step(job, event: .succeeded))
            try startUnits(index, regions: regions, cli: accountCLI, progress: progress)
        }
    }

    /// Records a job that will not run, with the reason, as a failed call.
    private func notAttempted(_ job: Job, kind: CallKind, code: String, message: String, progress: (CollectProgress) -> Void) throws {
        done += 1
        guard case .call(_, let part, _) = job.work, let unit = units[job.unit] else { return }
        // A failure is only news once per file: one line for a region that is off, not one per VPC.
        try failed(unit, kind, part, AWSCLIFailure(code: code, message: message), deduplicate: true)
        progress(step(job, event: .failed(code: code)))
        try jobDone(unit, progress: progress)
    }

    private func jobDone(_ unit: UnitState, progress: (CollectProgress) -> Void) throws {
        unit.outstanding -= 1
        guard unit.outstanding == 0, !unit.finished else { return }
        unit.finished = true
        let account = accounts[unit.accountIndex]
        account.unfinished -= 1
        try finishAccountIfDone(account, progress: progress)
    }

    /// Queues a follow-up call of `unit`.
    private func enqueue(_ unit: UnitState, _ kind: CallKind, _ part: Part, _ arguments: [String]) {
        enqueue(Job(unit: unit.key, work: .call(kind, part, arguments)))
        unit.outstanding += 1
    }

    // MARK: - Answers

    private func succeeded(_ unit: UnitState, _ kind: CallKind, _ part: Part, output: URL) throws {
        switch part {
        case .whole, .resource:
            let resource: String? = if case .resource(let id) = part { id } else { nil }
            let json = (try? Data(contentsOf: output)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
            let file = try place(output, unit: unit, name: kind.fileName(resource: resource))
            record(unit, kind, resource: resource, file: file, ok: true)
            switch kind {
            case .vpcs:
                let ids = json.map(CallPlan.vpcIDs) ?? []
                vpcIDsFound.formUnion(ids)
                try scheduleAttributes(unit, vpcIDs: ids)
                for vpcID in ids {
                    enqueue(unit, .hostedZonesByVPC, .resource(vpcID),
                            CallPlan.arguments(for: .hostedZonesByVPC, resource: vpcID, region: unit.apiRegion))
                }
            case .vpcEndpoints:
                unit.eniSources?.endpoints = .some(json.map(CallPlan.endpointENIs) ?? [])
                try scheduleENIsIfReady(unit)
            case .natGateways:
                unit.eniSources?.natGateways = .some(json.map(CallPlan.natGatewayENIs) ?? [])
                try scheduleENIsIfReady(unit)
            case .transitGatewayRouteTables:
                for table in CallPlan.unique(json.map(CallPlan.transitGatewayRouteTableIDs) ?? []) {
                    for call in [CallKind.transitGatewayRouteTableAssociations, .transitGatewayRouteTablePropagations,
                                 .transitGatewayRoutes] {
                        enqueue(unit, call, .resource(table), CallPlan.arguments(for: call, resource: table, region: unit.apiRegion))
                    }
                }
            case .hostedZones:
                for zone in CallPlan.unique(json.map(CallPlan.privateHostedZoneIDs) ?? []) {
                    for call in [CallKind.hostedZone, .resourceRecordSets] {
                        enqueue(unit, call, .resource(zone), CallPlan.arguments(for: call, resource: zone, region: unit.apiRegion))
                    }
                }
            default:
                break
            }
        case .piece(let index, _):
            let data = try Data(contentsOf: output)
            try? FileManager.default.removeItem(at: output)
            unit.pieces[kind]?.answers[index] = data
            unit.pieces[kind]?.finished += 1
            try finishPiecesIfComplete(unit, kind)
        }
    }

    private func failed(_ unit: UnitState, _ kind: CallKind, _ part: Part, _ failure: AWSCLIFailure,
                        deduplicate: Bool = false) throws {
        let alreadyFailed = unit.failures.contains { $0.call == kind.operation }
        if !(deduplicate && alreadyFailed) {
            var message = failure.message
            if case .piece(_, let label) = part { message = "\(label): \(message)" }
            if case .resource(let id) = part { message = "\(id): \(message)" }
            unit.failures.append(CollectManifest.Failure(account: unit.key.account, region: unit.key.region, call: kind.operation,
                                                         error: failure.code, message: message))
        }
        switch part {
        case .whole, .resource:
            let resource: String? = if case .resource(let id) = part { id } else { nil }
            record(unit, kind, resource: resource, file: nil, ok: false)
            switch kind {
            case .vpcs:
                dependentNotAttempted(unit, .vpcAttributes, because: kind.operation)
            case .vpcEndpoints:
                unit.eniSources?.endpoints = .some(nil)
                try scheduleENIsIfReady(unit)
            case .natGateways:
                unit.eniSources?.natGateways = .some(nil)
                try scheduleENIsIfReady(unit)
            default:
                break
            }
        case .piece:
            unit.pieces[kind]?.failed += 1
            unit.pieces[kind]?.finished += 1
            try finishPiecesIfComplete(unit, kind)
        }
    }

    private func dependentNotAttempted(_ unit: UnitState, _ kind: CallKind, because call: String) {
        let code = unit.refusal?.code ?? "NotAttempted"
        unit.failures.append(CollectManifest.Failure(account: unit.key.account, region: unit.key.region, call: kind.operation,
                                                     error: code, message: "not attempted: \(call) failed"))
        record(unit, kind, resource: nil, file: nil, ok: false)
    }

    private func scheduleAttributes(_ unit: UnitState, vpcIDs: [String]) throws {
        var jobs: [(Part, [String])] = []
        for vpcID in vpcIDs {
            for attribute in CallPlan.vpcAttributes {
                jobs.append((.piece(index: jobs.count, label: "\(vpcID) \(attribute)"),
                             CallPlan.attributeArguments(vpcID: vpcID, attribute: attribute)))
            }
        }
        try startPieces(unit, .vpcAttributes, jobs: jobs)
    }

    private func scheduleENIsIfReady(_ unit: UnitState) throws {
        guard let sources = unit.eniSources, let endpoints = sources.endpoints, let natGateways = sources.natGateways else { return }
        unit.eniSources = nil
        if endpoints == nil && natGateways == nil {
            dependentNotAttempted(unit, .networkInterfaces, because: "describe-vpc-endpoints and describe-nat-gateways")
            return
        }
        let chunks = CallPlan.chunks((endpoints ?? []) + (natGateways ?? []))
        let jobs = chunks.enumerated().map { index, ids in
            (Part.piece(index: index, label: "ENIs \(ids[0])..."), CallPlan.eniArguments(ids: ids))
        }
        try startPieces(unit, .networkInterfaces, jobs: jobs)
    }

    private func startPieces(_ unit: UnitState, _ kind: CallKind, jobs: [(Part, [String])]) throws {
        unit.pieces[kind] = PieceGroup(expected: jobs.count)
        for (part, arguments) in jobs { enqueue(unit, kind, part, arguments) }
        // Nothing to ask (no VPC, no endpoint ENI): the file is written empty at once.
        try finishPiecesIfComplete(unit, kind)
    }

    /// Writes a file made of several answers once the last one is in.
    private func finishPiecesIfComplete(_ unit: UnitState, _ kind: CallKind) throws {
        guard let group = unit.pieces[kind], group.finished == group.expected else { return }
        unit.pieces[kind] = nil
        let answers = group.answers.sorted { $0.key < $1.key }.map(\.value)
        let data = kind == .vpcAttributes ? Self.jsonArray(answers) : try Self.mergedNetworkInterfaces(answers)
        let relative = "\(unit.key.relativePath)/\(kind.fileName(resource: nil))"
        let url = directory.appendingPathComponent(relative)
        do {
            try data.write(to: url)
        } catch {
            throw CollectError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        record(unit, kind, resource: nil, file: relative, ok: group.failed == 0)
    }

    // MARK: - Outcome

    private func outcome(interrupted: Bool) -> Outcome {
        var calls: [CollectManifest.Call] = []
        var failures: [CollectManifest.Failure] = []
        var results: [(UnitKey, UnitResult)] = []
        let callOrder = Dictionary(CallKind.allCases.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for key in unitOrder {
            if let reason = refusedUnits[key] {
                results.append((key, UnitResult(status: .failed, reason: reason, startedAt: nil)))
                continue
            }
            guard let unit = units[key] else { continue }
            if !unit.finished {
                // Interrupted: nothing of a unit that did not finish is kept; --resume collects it.
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(key.relativePath))
                results.append((key, UnitResult(status: .notCollected, reason: "the collect was interrupted before it finished",
                                                startedAt: nil)))
                continue
            }
            var files = unit.files
            // Every call about the whole region has an entry, written or not.
            let expected: [CallKind] = key.region == UnitKey.global ? [.hostedZones]
                : CallPlan.independentCalls(allENIs: settings.allENIs) + [.vpcAttributes] + (settings.allENIs ? [] : [.networkInterfaces])
            for kind in expected where files[FileKey(kind: kind, resource: nil)] == nil {
                files[FileKey(kind: kind, resource: nil)] = CollectManifest.Call(account: key.account, region: key.region,
                                                                                  call: kind.operation, file: nil, ok: false)
            }
            calls += files.sorted { a, b in
                (callOrder[a.key.kind] ?? 0, a.key.resource ?? "") < (callOrder[b.key.kind] ?? 0, b.key.resource ?? "")
            }.map(\.value)
            failures += unit.failures.sorted { a, b in
                (callOrder[CallKind(rawValue: a.call) ?? .vpcs] ?? 0, a.message) < (callOrder[CallKind(rawValue: b.call) ?? .vpcs] ?? 0, b.message)
            }
            if let refusal = unit.refusal {
                results.append((key, UnitResult(status: .failed, reason: "region \(key.region) is not enabled for this account "
                    + "(\(refusal.code))", startedAt: unit.startedAt)))
            } else {
                let transient = unit.failures.filter { AWSCLIFailure(code: $0.error, message: $0.message).isTransient }
                let reason = transient.isEmpty ? nil
                    : "calls that may succeed when retried failed: " + transient.map { "\($0.call) \($0.error)" }.joined(separator: ", ")
                results.append((key, UnitResult(status: .collected, reason: reason, startedAt: unit.startedAt)))
            }
        }
        var regionsByAccount: [String: [String]] = [:]
        for account in accounts where !account.regions.isEmpty { regionsByAccount[account.plan.id] = account.regions }
        return Outcome(calls: calls, failures: failures, vpcIDsFound: vpcIDsFound, units: results,
                       regionsByAccount: regionsByAccount, interrupted: interrupted)
    }

    // MARK: - Files

    private func record(_ unit: UnitState, _ kind: CallKind, resource: String?, file: String?, ok: Bool) {
        unit.files[FileKey(kind: kind, resource: resource)] = CollectManifest.Call(
            account: unit.key.account, region: unit.key.region, call: kind.operation, resource: resource, file: file, ok: ok)
    }

    private func place(_ output: URL, unit: UnitState, name: String) throws -> String {
        let relative = "\(unit.key.relativePath)/\(name)"
        let destination = directory.appendingPathComponent(relative)
        do {
            try FileManager.default.moveItem(at: output, to: destination)
        } catch {
            throw CollectError.cannotWrite(path: destination.path, reason: error.localizedDescription)
        }
        return relative
    }

    private func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CollectError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    private func isJSON(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url) else { return false }
        return (try? JSONSerialization.jsonObject(with: data)) != nil
    }

    /// The answers as a JSON array, each kept exactly as the CLI printed it (indented one level).
    static func jsonArray(_ answers: [Data]) -> Data {
        let items = answers.map { answer -> String in
            let text = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
        let body = items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n]"
        return Data((body + "\n").utf8)
    }

    /// One `{"NetworkInterfaces": [...]}` from the answers of several calls; one answer is kept as printed.
    static func mergedNetworkInterfaces(_ answers: [Data]) throws -> Data {
        if answers.count == 1, let only = answers.first { return only }
        var interfaces: [Any] = []
        for answer in answers {
            let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any]
            interfaces += object?["NetworkInterfaces"] as? [Any] ?? []
        }
        var data = try JSONSerialization.data(withJSONObject: ["NetworkInterfaces": interfaces],
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }
}

/// Where worker threads post what happened; the scheduler's thread takes the events.
final class Mailbox: @unchecked Sendable {
    /// Something a worker reports.
    enum Event: Sendable {
        case retrying(RegionScheduler.Job, attempt: Int, delay: Double)
        case finished(RegionScheduler.Job, Result<URL, AWSCLIFailure>)
        /// The role of the account of this index was assumed: the CLI that carries its credentials.
        case assumed(Int, Result<AWSCLI, AWSCLIFailure>)
        case aborted(RegionScheduler.Job, CollectError)
    }

    private let condition = NSCondition()
    private var events: [Event] = []

    func post(_ event: Event) {
        condition.lock()
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    /// The events posted so far, waiting up to `timeout` seconds for the first one.
    func take(timeout: Double) -> [Event] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while events.isEmpty {
            if !condition.wait(until: deadline) { break }
        }
        let taken = events
        events.removeAll()
        return taken
    }
}
