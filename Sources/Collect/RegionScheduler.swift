import Foundation
import Model

extension AWSCLIFailure: Error {}

/// Runs the per-region calls of a collect, at most `concurrency` at a time, and turns their answers
/// into the snapshot's files. Its state lives on the caller's thread; worker threads only run the CLI
/// and post what happened to a mailbox, so no lock guards the bookkeeping.
final class RegionScheduler {
    /// One aws CLI run.
    struct Job: Sendable {
        var region: String
        var kind: ResourceKind
        var part: Part
        var arguments: [String]
    }

    /// Which piece of a file a job fetches.
    enum Part: Sendable {
        /// The whole file: one call.
        case whole
        /// One answer of a file made of several calls (`vpc-1 enableDnsSupport`, ENI chunk 2).
        case piece(index: Int, label: String)
    }

    /// What the scheduler produced.
    struct Outcome {
        var calls: [String: [ResourceKind: CollectManifest.Call]]
        var failures: [CollectManifest.Failure]
        var vpcIDsFound: Set<String>
    }

    private let regions: [String]
    private let cli: AWSCLI
    private let options: CollectOptions
    private let directory: URL
    private let mailbox = Mailbox()

    private var queue: [Job] = []
    private var queueHead = 0
    private var running = 0
    private var done = 0
    private var total = 0
    private var calls: [String: [ResourceKind: CollectManifest.Call]] = [:]
    private var failures: [CollectManifest.Failure] = []
    /// Regions that refused a call as not enabled: their other calls are not attempted.
    private var disabled: [String: AWSCLIFailure] = [:]
    /// Files made of several calls, by region and kind.
    private var pieces: [String: [ResourceKind: PieceGroup]] = [:]
    /// Per region, the ENI IDs the endpoints and NAT gateways listed, once each answer is in.
    private var eniSources: [String: ENISources] = [:]
    private var vpcIDsFound = Set<String>()

    private struct PieceGroup {
        var expected: Int
        var answers: [Int: Data] = [:]
        var finished = 0
        var failed = 0
    }

    private struct ENISources {
        var endpoints: [String]??
        var natGateways: [String]??
    }

    init(regions: [String], cli: AWSCLI, options: CollectOptions, directory: URL) {
        self.regions = regions
        self.cli = cli
        self.options = options
        self.directory = directory
    }

    /// Runs every call of every region; throws only when the collect cannot go on (cancelled, disk).
    func run(progress: (CollectProgress) -> Void) throws -> Outcome {
        for region in regions {
            try createDirectory(directory.appendingPathComponent(region))
            for kind in CallPlan.independentKinds(allENIs: options.allENIs) {
                enqueue(Job(region: region, kind: kind, part: .whole,
                            arguments: CallPlan.arguments(for: kind, vpcIDs: options.vpcIDs)))
            }
            if !options.allENIs { eniSources[region] = ENISources() }
        }
        while true {
            if cli.cancellation.isCancelled { throw CollectError.cancelled }
            while running < options.concurrency, queueHead < queue.count {
                let job = queue[queueHead]
                queueHead += 1
                if let refusal = disabled[job.region] {
                    notAttempted(job, code: refusal.code,
                                 message: "not attempted: region \(job.region) is not enabled for this account",
                                 progress: progress)
                    continue
                }
                running += 1
                launch(job)
                progress(CollectProgress(region: job.region, call: job.kind.awsCommand, event: .started,
                                         done: done, total: total))
            }
            if running == 0 && queueHead == queue.count { break }
            for event in mailbox.take(timeout: 0.25) {
                try handle(event, progress: progress)
            }
        }
        return Outcome(calls: calls, failures: failures, vpcIDsFound: vpcIDsFound)
    }

    // MARK: - Running

    private func enqueue(_ job: Job) {
        queue.append(job)
        total += 1
    }

    private func launch(_ job: Job) {
        let cli = self.cli
        let mailbox = self.mailbox
        let maxAttempts = options.maxAttempts
        let baseDelay = options.retryBaseDelay
        DispatchQueue.global().async {
            do {
                let result = try cli.runRetrying(job.arguments + cli.globalArguments(region: job.region),
                                                 maxAttempts: maxAttempts, baseDelay: baseDelay) { attempt, delay in
                    mailbox.post(.retrying(job, attempt: attempt, delay: delay))
                }
                mailbox.post(.finished(job, result))
            } catch let error as CollectError {
                mailbox.post(.aborted(job, error))
            } catch {
                mailbox.post(.aborted(job, .cannotWrite(path: cli.scratch.path, reason: "\(error)")))
            }
        }
    }

    private func handle(_ event: Mailbox.Event, progress: (CollectProgress) -> Void) throws {
        switch event {
        case .retrying(let job, let attempt, let delay):
            progress(CollectProgress(region: job.region, call: job.kind.awsCommand,
                                     event: .retrying(attempt: attempt, delay: delay), done: done, total: total))
        case .aborted(_, let error):
            running -= 1
            // Stop the other calls: nothing they fetch will be written.
            cli.cancellation.cancel()
            throw error
        case .finished(let job, let result):
            running -= 1
            done += 1
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
                try succeeded(job, output: url)
                progress(CollectProgress(region: job.region, call: job.kind.awsCommand, event: .succeeded,
                                         done: done, total: total))
            case .failure(let failure):
                if case .success(let url) = result { try? FileManager.default.removeItem(at: url) }
                if failure.kind == .regionNotEnabled, disabled[job.region] == nil { disabled[job.region] = failure }
                try failed(job, failure)
                progress(CollectProgress(region: job.region, call: job.kind.awsCommand,
                                         event: .failed(code: failure.code), done: done, total: total))
            }
        }
    }

    /// Records a job that will not run, with the reason, as a failed call.
    private func notAttempted(_ job: Job, code: String, message: String, progress: (CollectProgress) -> Void) {
        done += 1
        // A failure is only news once per file: one line for a region that is off, not one per VPC.
        try? failed(job, AWSCLIFailure(code: code, message: message), deduplicate: true)
        progress(CollectProgress(region: job.region, call: job.kind.awsCommand, event: .failed(code: code),
                                 done: done, total: total))
    }

    // MARK: - Answers

    private func succeeded(_ job: Job, output: URL) throws {
        switch job.part {
        case .whole:
            let json = (try? Data(contentsOf: output)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
            let file = try place(output, region: job.region, kind: job.kind)
            record(job.region, job.kind, file: file, ok: true)
            switch job.kind {
            case .vpcs:
                let ids = json.map(CallPlan.vpcIDs) ?? []
                vpcIDsFound.formUnion(ids)
                try scheduleAttributes(region: job.region, vpcIDs: ids)
            case .vpcEndpoints:
                eniSources[job.region]?.endpoints = .some(json.map(CallPlan.endpointENIs) ?? [])
                try scheduleENIsIfReady(region: job.region)
            case .natGateways:
                eniSources[job.region]?.natGateways = .some(json.map(CallPlan.natGatewayENIs) ?? [])
                try scheduleENIsIfReady(region: job.region)
            default:
                break
            }
        case .piece(let index, _):
            let data = try Data(contentsOf: output)
            try? FileManager.default.removeItem(at: output)
            pieces[job.region]?[job.kind]?.answers[index] = data
            pieces[job.region]?[job.kind]?.finished += 1
            try finishPiecesIfComplete(region: job.region, kind: job.kind)
        }
    }

    private func failed(_ job: Job, _ failure: AWSCLIFailure, deduplicate: Bool = false) throws {
        let call = job.kind.awsCommand
        let alreadyFailed = failures.contains { $0.region == job.region && $0.call == call }
        if !(deduplicate && alreadyFailed) {
            var message = failure.message
            if case .piece(_, let label) = job.part { message = "\(label): \(message)" }
            failures.append(CollectManifest.Failure(region: job.region, call: call, error: failure.code, message: message))
        }
        switch job.part {
        case .whole:
            record(job.region, job.kind, file: nil, ok: false)
            switch job.kind {
            case .vpcs:
                dependentNotAttempted(region: job.region, kind: .vpcAttributes, because: call)
            case .vpcEndpoints:
                eniSources[job.region]?.endpoints = .some(nil)
                try scheduleENIsIfReady(region: job.region)
            case .natGateways:
                eniSources[job.region]?.natGateways = .some(nil)
                try scheduleENIsIfReady(region: job.region)
            default:
                break
            }
        case .piece:
            pieces[job.region]?[job.kind]?.failed += 1
            pieces[job.region]?[job.kind]?.finished += 1
            try finishPiecesIfComplete(region: job.region, kind: job.kind)
        }
    }

    private func dependentNotAttempted(region: String, kind: ResourceKind, because call: String) {
        let code = disabled[region]?.code ?? "NotAttempted"
        failures.append(CollectManifest.Failure(region: region, call: kind.awsCommand, error: code,
                                                message: "not attempted: \(call) failed"))
        record(region, kind, file: nil, ok: false)
    }

    private func scheduleAttributes(region: String, vpcIDs: [String]) throws {
        var jobs: [Job] = []
        for vpcID in vpcIDs {
            for attribute in CallPlan.vpcAttributes {
                jobs.append(Job(region: region, kind: .vpcAttributes,
                                part: .piece(index: jobs.count, label: "\(vpcID) \(attribute)"),
                                arguments: CallPlan.attributeArguments(vpcID: vpcID, attribute: attribute)))
            }
        }
        try startPieces(region: region, kind: .vpcAttributes, jobs: jobs)
    }

    private func scheduleENIsIfReady(region: String) throws {
        guard let sources = eniSources[region], let endpoints = sources.endpoints,
              let natGateways = sources.natGateways else { return }
        eniSources[region] = nil
        if endpoints == nil && natGateways == nil {
            dependentNotAttempted(region: region, kind: .networkInterfaces,
                                  because: "describe-vpc-endpoints and describe-nat-gateways")
            return
        }
        let chunks = CallPlan.chunks((endpoints ?? []) + (natGateways ?? []))
        let jobs = chunks.enumerated().map { index, ids in
            Job(region: region, kind: .networkInterfaces, part: .piece(index: index, label: "ENIs \(ids[0])..."),
                arguments: CallPlan.eniArguments(ids: ids))
        }
        try startPieces(region: region, kind: .networkInterfaces, jobs: jobs)
    }

    private func startPieces(region: String, kind: ResourceKind, jobs: [Job]) throws {
        pieces[region, default: [:]][kind] = PieceGroup(expected: jobs.count)
        jobs.forEach(enqueue)
        // Nothing to ask (no VPC, no endpoint ENI): the file is written empty at once.
        try finishPiecesIfComplete(region: region, kind: kind)
    }

    /// Writes a file made of several answers once the last one is in.
    private func finishPiecesIfComplete(region: String, kind: ResourceKind) throws {
        guard let group = pieces[region]?[kind], group.finished == group.expected else { return }
        pieces[region]?[kind] = nil
        let answers = group.answers.sorted { $0.key < $1.key }.map(\.value)
        let data: Data
        switch kind {
        case .vpcAttributes:
            data = Self.jsonArray(answers)
        default:
            data = try Self.mergedNetworkInterfaces(answers)
        }
        let url = directory.appendingPathComponent(region).appendingPathComponent(kind.awsCommand + ".json")
        do {
            try data.write(to: url)
        } catch {
            throw CollectError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        record(region, kind, file: "\(region)/\(kind.awsCommand).json", ok: group.failed == 0)
    }

    // MARK: - Files

    private func record(_ region: String, _ kind: ResourceKind, file: String?, ok: Bool) {
        calls[region, default: [:]][kind] = CollectManifest.Call(region: region, call: kind.awsCommand, file: file, ok: ok)
    }

    private func place(_ output: URL, region: String, kind: ResourceKind) throws -> String {
        let relative = "\(region)/\(kind.awsCommand).json"
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
