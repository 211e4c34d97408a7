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
    }

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

    /// One line for a terminal: `[3/24] eu-west-1 describe-subnets`, plus the outcome.
    public var line: String {
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

    /// A report of this snapshot.
    public init(output: URL, manifest: CollectManifest, vpcIDsNotFound: [String]) {
        self.output = output
        self.manifest = manifest
        self.vpcIDsNotFound = vpcIDsNotFound
    }
}
