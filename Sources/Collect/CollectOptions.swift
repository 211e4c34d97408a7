import Foundation

/// What `vpcx collect` gathers, from where, and where it writes the snapshot.
public struct CollectOptions: Sendable {
    /// The aws CLI profile (`--profile`); nil leaves the choice to the CLI (AWS_PROFILE, default).
    public var profile: String?
    /// Regions to collect, in order (`--region`, repeatable). Empty: the CLI's region, unless `allRegions`.
    public var regions: [String]
    /// Collect every region enabled for the account, as `aws ec2 describe-regions` lists them.
    public var allRegions: Bool
    /// Sent as `--endpoint-url` on every call: a local AWS API such as moto's server, for tests.
    public var endpointURL: String?
    /// The aws CLI to run: a path, or a name looked up on PATH. Nil: `aws` on PATH.
    public var awsPath: String?
    /// Narrows every call to these VPCs (`--vpc-id`, repeatable). Empty: every VPC.
    public var vpcIDs: [String]
    /// Fetch every network interface, not only those of endpoints and NAT gateways.
    public var allENIs: Bool
    /// The snapshot directory to create or replace.
    public var output: String
    /// Replace `output` even when it is a directory an earlier collect did not write.
    public var force: Bool
    /// How many aws CLI processes may run at once.
    public var concurrency: Int
    /// The environment the aws CLI runs in (credentials, AWS_PROFILE, AWS_REGION, PATH...).
    public var environment: [String: String]
    /// Written into the manifest so a snapshot says which vpcx took it.
    public var vpcxVersion: String
    /// The first wait after a throttled call, in seconds; each retry doubles it.
    public var retryBaseDelay: Double
    /// How many times a throttled call is tried in all before its failure is recorded.
    public var maxAttempts: Int
    /// How many previous snapshots to keep beside the output (`--keep N`, in `OUTPUT.history/`), newest
    /// first; 0 replaces the previous snapshot as before.
    public var keep: Int

    /// Where an organisation collect's accounts come from; nil: the one account of the credentials.
    public var accountSource: AccountSource?
    /// The role assumed in each account of an organisation collect (`--role-name`).
    public var roleName: String
    /// The external ID the role's trust policy asks for (`--external-id`); never written anywhere.
    public var externalID: String?
    /// Re-collect only the units of the snapshot at `output` that were not collected (`--resume`).
    public var resume: Bool

    /// Where the accounts of an organisation collect come from.
    public enum AccountSource: Sendable, Equatable {
        /// `organizations list-accounts`, from the management or a delegated administrator account (`--org`).
        case organization
        /// A file of account IDs, one a line, each optionally followed by a name (`--accounts FILE`).
        case file(String)
    }

    /// The default `--role-name`: a role of vpcx's own, meant to carry only read permissions (AWS's
    /// managed ReadOnlyAccess or narrower). Not OrganizationAccountAccessRole, which Organizations creates
    /// with AdministratorAccess: collect calls only read operations, and its credentials should not
    /// be able to do more.
    public static let defaultRoleName = "vpcx-readonly"

    /// The vpcx version written into manifests when the caller does not say.
    public static let defaultVpcxVersion = "0.1.0"

    /// Options with the command line's defaults: the CLI's region, 4 calls at once, this process's environment.
    public init(profile: String? = nil, regions: [String] = [], allRegions: Bool = false, endpointURL: String? = nil,
                awsPath: String? = nil, vpcIDs: [String] = [], allENIs: Bool = false, output: String,
                concurrency: Int = 4, environment: [String: String] = ProcessInfo.processInfo.environment,
                vpcxVersion: String = CollectOptions.defaultVpcxVersion, retryBaseDelay: Double = 0.5,
                maxAttempts: Int = 6, force: Bool = false, keep: Int = 0, accountSource: AccountSource? = nil,
                roleName: String = CollectOptions.defaultRoleName, externalID: String? = nil, resume: Bool = false) {
        self.force = force
        self.accountSource = accountSource
        self.roleName = roleName
        self.externalID = externalID
        self.resume = resume
        self.profile = profile
        self.regions = regions
        self.allRegions = allRegions
        self.endpointURL = endpointURL
        self.awsPath = awsPath
        self.vpcIDs = vpcIDs
        self.allENIs = allENIs
        self.output = output
        self.concurrency = concurrency
        self.environment = environment
        self.vpcxVersion = vpcxVersion
        self.retryBaseDelay = retryBaseDelay
        self.maxAttempts = maxAttempts
        self.keep = keep
    }
}

/// Stops a running collect from another thread (a SIGINT handler): running aws processes are
/// terminated, the partial directory is removed, and `runCollect` throws `CollectError.cancelled`.
public final class CollectCancellation: @unchecked Sendable {
    // Guards `cancelled` and `running`; waiting on it lets retry pauses notice a cancel at once.
    private let condition = NSCondition()
    private var cancelled = false
    private var running: Set<pid_t> = []

    /// A token that is not cancelled.
    public init() {}

    /// Whether `cancel()` was called.
    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Cancels the collect: terminates every aws process it started and wakes it up.
    public func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        // Each CLI runs in its own process group: stop the group, children included.
        for pid in running { kill(-pid, SIGTERM) }
        condition.broadcast()
    }

    /// Records a started process; terminates it at once if the collect was cancelled meanwhile.
    func track(_ pid: pid_t) {
        condition.lock()
        defer { condition.unlock() }
        if cancelled {
            kill(-pid, SIGTERM)
        } else {
            running.insert(pid)
        }
    }

    /// Forgets a process that exited, before it is reaped and its ID can be reused.
    func untrack(_ pid: pid_t) {
        condition.lock()
        running.remove(pid)
        condition.unlock()
    }

    /// Sleeps up to `seconds`, returning early (true) when cancelled.
    func sleep(_ seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !cancelled {
            if !condition.wait(until: deadline) { break }
        }
        return cancelled
    }
}
