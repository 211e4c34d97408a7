import Foundation
import Model

/// Writing and reading `manifest.json` (the type itself is a Model value: the loaders read it too).
extension CollectManifest {
    /// The manifest as written: pretty-printed JSON with sorted keys and a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a manifest written by collect.
    public static func decode(_ data: Data) throws -> CollectManifest {
        try JSONDecoder().decode(CollectManifest.self, from: data)
    }
}

/// One step of a running collect, for a progress line.
public struct CollectProgress: Sendable, Equatable {
    /// What happened.
    public enum Event: Sendable, Equatable {
        /// The call started.
        case started
        /// The call succeeded.
        case succeeded
        /// The call failed; the code is recorded as a gap.
        case failed(code: String)
        /// The call was throttled and will be tried again after `delay` seconds.
        case retrying(attempt: Int, delay: Double)
        /// Every unit of an account finished (`call` is empty); `failed` when one could not be collected.
        case accountFinished(failed: Bool)
    }

    /// How far an organisation collect is.
    public struct AccountCounts: Sendable, Equatable {
        /// Accounts whose every unit was collected.
        public var done: Int
        /// Accounts with a unit that could not be collected.
        public var failed: Int
        /// Accounts in all.
        public var total: Int
        /// Seconds since the collect started.
        public var elapsed: Double

        /// Counts of an organisation collect.
        public init(done: Int, failed: Int, total: Int, elapsed: Double) {
            self.done = done
            self.failed = failed
            self.total = total
            self.elapsed = elapsed
        }
    }

    /// The account of the call in an organisation collect; nil for a single account.
    public var account: String?
    /// The organisation's counts; nil for a single account.
    public var accounts: AccountCounts?

    /// The region of the call, or empty for the account-wide calls (`sts get-caller-identity`).
    public var region: String
    /// The operation, `describe-subnets`.
    public var call: String
    /// What happened.
    public var event: Event
    /// Calls finished so far.
    public var done: Int
    /// Calls known so far; grows as answers reveal follow-up calls (VPC attributes, ENIs).
    public var total: Int

    /// A progress step.
    public init(region: String, call: String, event: Event, done: Int, total: Int) {
        self.region = region
        self.call = call
        self.event = event
        self.done = done
        self.total = total
    }

    /// One line for a terminal: `[3/24] eu-west-1 describe-subnets`, plus the outcome. An organisation
    /// collect leads with its counts: `accounts 3/50 (1 failed), calls 412/530, 0:42 222233334444 eu-west-1 …`.
    public var line: String {
        if let accounts {
            let minutes = Int(accounts.elapsed) / 60, seconds = Int(accounts.elapsed) % 60
            let failed = accounts.failed > 0 ? " (\(accounts.failed) failed)" : ""
            let head = "accounts \(accounts.done + accounts.failed)/\(accounts.total)\(failed), calls \(done)/\(total), "
                + String(format: "%d:%02d", minutes, seconds)
            let place = [account ?? "", region, call].filter { !$0.isEmpty }.joined(separator: " ")
            switch event {
            case .started: return "\(head) \(place)"
            case .succeeded: return "\(head) \(place) ok"
            case .failed(let code): return "\(head) \(place) failed: \(code)"
            case .retrying(let attempt, let delay):
                return "\(head) \(place) throttled; attempt \(attempt + 1) in \(String(format: "%.1f", delay))s"
            case .accountFinished(let failed): return "\(head) \(place) \(failed ? "not collected in full" : "done")"
            }
        }
        let place = region.isEmpty ? call : "\(region) \(call)"
        // The account-wide calls come before the count is known.
        let counter = total == 0 ? "" : "[\(done)/\(total)]"
        let head = counter.isEmpty ? place : "\(counter) \(place)"
        switch event {
        case .started: return head
        case .succeeded: return "\(head) ok"
        case .failed(let code): return "\(head) failed: \(code)"
        case .retrying(let attempt, let delay):
            return "\(head) throttled; attempt \(attempt + 1) in \(String(format: "%.1f", delay))s"
        case .accountFinished(let failed): return "\(head) \(failed ? "not collected in full" : "done")"
        }
    }
}

/// What a finished collect wrote.
public struct CollectReport: Sendable, Equatable {
    /// The snapshot directory, absolute.
    public var output: URL
    /// The manifest written at its top.
    public var manifest: CollectManifest
    /// VPC IDs given with `--vpc-id` that no collected region has.
    public var vpcIDsNotFound: [String]
    /// True when an organisation collect was interrupted: the snapshot holds what finished, and
    /// `--resume` collects the rest.
    public var interrupted: Bool

    /// A report of this snapshot.
    public init(output: URL, manifest: CollectManifest, vpcIDsNotFound: [String], interrupted: Bool = false) {
        self.output = output
        self.manifest = manifest
        self.vpcIDsNotFound = vpcIDsNotFound
        self.interrupted = interrupted
    }
}
