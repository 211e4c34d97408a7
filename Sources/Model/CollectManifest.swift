/// The `manifest.json` at the top of a snapshot written by `vpcx collect`: what was collected, from
/// which account and regions, when, and what is missing. A directory is a complete vpcx snapshot
/// exactly when it has this file at its top: collect writes it last, in a temporary directory that
/// is renamed into place, so an interrupted collect never leaves one.
///
/// Layout of a snapshot:
/// ```
/// OUTPUT/manifest.json
/// OUTPUT/REGION/describe-vpcs.json                 the aws CLI's answer, as printed (--output json)
/// OUTPUT/REGION/describe-subnets.json              ... one file per call and region:
///   describe-route-tables, describe-vpc-endpoints, describe-security-groups, describe-nat-gateways,
///   describe-internet-gateways, describe-prefix-lists
/// OUTPUT/REGION/describe-network-interfaces.json   one {"NetworkInterfaces": [...]} merged from the
///                                                  calls for the endpoints' and NAT gateways' ENIs
/// OUTPUT/REGION/describe-vpc-attribute.json        a JSON array of the per-call answers, two per VPC:
///                                                  [{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": true}},
///                                                   {"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": true}}]
/// OUTPUT/REGION/describe-transit-gateways.json     ... and describe-transit-gateway-attachments,
///   describe-transit-gateway-vpc-attachments, describe-transit-gateway-route-tables,
///   describe-vpc-peering-connections, list-resolver-endpoints, list-resolver-rules,
///   list-resolver-rule-associations: one file per call, as printed
/// OUTPUT/REGION/OPERATION.RESOURCE.json            a call about one resource whose answer does not name it:
///   get-transit-gateway-route-table-associations.tgw-rtb-….json, …-propagations.tgw-rtb-….json,
///   search-transit-gateway-routes.tgw-rtb-….json (static and propagated), list-hosted-zones-by-vpc.vpc-….json
/// OUTPUT/global/list-hosted-zones.json             Route 53, once per account: the zones, and for each
/// OUTPUT/global/get-hosted-zone.ZONE.json            private one its VPCs and at most 2000 records
/// OUTPUT/global/list-resource-record-sets.ZONE.json  (a `NextToken` in the file says there are more)
/// ```
/// An organisation collect (`--org`, `--accounts FILE`) puts each account's directories under its ID:
/// `OUTPUT/ACCOUNT/REGION/…`, `OUTPUT/ACCOUNT/global/…`, with the one manifest at the top listing
/// `accounts` and `units` (each account × region, and `global`, with its status) and an `account` on
/// every call and failure.
///
/// `manifest.json` (keys sorted, pretty-printed):
/// ```
/// {
///   "account": "123456789012",               from sts get-caller-identity
///   "awsCliVersion": "aws-cli/2.17.0 ...",    first line of aws --version
///   "calls": [                                one per file kind and region, in region order
///     {"region": "eu-west-1", "call": "describe-vpcs", "file": "eu-west-1/describe-vpcs.json", "ok": true},
///     {"region": "eu-west-1", "call": "describe-nat-gateways", "ok": false}
///   ],
///   "collectedAt": "2026-11-27T22:49:26Z",     ISO 8601, UTC, when the collect started
///   "failures": [                             the gaps: one per failed call
///     {"region": "eu-west-1", "call": "describe-nat-gateways", "error": "UnauthorizedOperation",
///      "message": "You are not authorized to perform this operation."}
///   ],
///   "regions": ["eu-west-1"],
///   "vpcxVersion": "0.1.0"
/// }
/// ```
/// `file` is absent when nothing was written for the call. A call whose file exists but is
/// incomplete (one of several describe-vpc-attribute or describe-network-interfaces calls failed)
/// has `"ok": false`, its file, and its failures. `error` is the AWS error code, or one of
/// `NoCredentials`, `EndpointConnectionError`, `CLIError` for a failure the CLI reports itself.
public struct CollectManifest: Codable, Equatable, Sendable {
    /// The AWS account ID the credentials belong to.
    public var account: String
    /// The regions collected, in the order asked.
    public var regions: [String]
    /// When the collect started, ISO 8601 in UTC.
    public var collectedAt: String
    /// The first line `aws --version` printed.
    public var awsCliVersion: String
    /// The vpcx that wrote the snapshot.
    public var vpcxVersion: String
    /// One entry per file kind and region.
    public var calls: [Call]
    /// The gaps: every call that failed.
    public var failures: [Failure]
    /// A multi-account snapshot's accounts, in collect order; nil for a single account.
    public var accounts: [Account]?
    /// A multi-account snapshot's account × region units and what became of each; nil for a single account.
    public var units: [Unit]?

    /// One file kind of one region, and whether it is complete.
    public struct Call: Codable, Equatable, Sendable {
        /// The account the call was made in; nil in a single-account snapshot (it is `account`).
        public var account: String?
        /// The region the call was made in; `global` for Route 53's account-wide calls.
        public var region: String
        /// The aws CLI operation, `describe-vpcs`.
        public var call: String
        /// The resource a per-resource call asked about (`tgw-rtb-…`, `vpc-…`, a hosted zone ID);
        /// nil for a call about the whole region.
        public var resource: String?
        /// The file relative to the snapshot, `eu-west-1/describe-vpcs.json`; nil when none was written.
        public var file: String?
        /// True when the file holds the whole answer.
        public var ok: Bool

        /// An entry for this call.
        public init(account: String? = nil, region: String, call: String, resource: String? = nil, file: String?, ok: Bool) {
            self.account = account
            self.region = region
            self.call = call
            self.resource = resource
            self.file = file
            self.ok = ok
        }
    }

    /// A call that failed: a gap in the snapshot.
    public struct Failure: Codable, Equatable, Sendable {
        /// The account the call was made in; nil in a single-account snapshot.
        public var account: String?
        /// The region the call was made in.
        public var region: String
        /// The aws CLI operation, `describe-nat-gateways`.
        public var call: String
        /// The AWS error code, `UnauthorizedOperation`.
        public var error: String
        /// What AWS or the CLI said.
        public var message: String

        /// A failure of this call.
        public init(account: String? = nil, region: String, call: String, error: String, message: String) {
            self.account = account
            self.region = region
            self.call = call
            self.error = error
            self.message = message
        }
    }

    /// One account of a multi-account snapshot (`collect --org` or `--accounts FILE`).
    public struct Account: Codable, Equatable, Sendable {
        /// The 12-digit account ID.
        public var id: String
        /// Its name, from Organizations or the accounts file; nil when neither said.
        public var name: String?
        /// How collect got in: `assumed role arn:aws:iam::…:role/NAME`, or `caller credentials` for
        /// the account collect runs in. Never the credentials themselves.
        public var access: String

        /// An account entry.
        public init(id: String, name: String?, access: String) {
            self.id = id
            self.name = name
            self.access = access
        }
    }

    /// One account × region of a multi-account snapshot (`global` for an account's Route 53 calls),
    /// and whether it was collected: `collect --resume` re-collects those that were not.
    public struct Unit: Codable, Equatable, Sendable {
        /// What became of a unit.
        public enum Status: String, Codable, Sendable {
            /// Every call ran; the calls that failed (denied, unsupported) are in `failures`.
            case collected
            /// The unit could not be collected (the role could not be assumed, the region is not
            /// enabled, throttling that never ended); `reason` says why. Nothing of it is in the snapshot.
            case failed
            /// The unit was not reached (the collect was interrupted); `reason` says so.
            case notCollected = "not-collected"
        }

        /// The account ID.
        public var account: String
        /// The region, or `global`.
        public var region: String
        /// What became of it.
        public var status: Status
        /// Why it is not `collected` (or which calls of it had transient failures); nil when collected cleanly.
        public var reason: String?
        /// When its calls were made (ISO 8601, UTC): a resumed snapshot mixes units of several runs.
        public var collectedAt: String?

        /// A unit entry.
        public init(account: String, region: String, status: Status, reason: String? = nil, collectedAt: String? = nil) {
            self.account = account
            self.region = region
            self.status = status
            self.reason = reason
            self.collectedAt = collectedAt
        }
    }

    /// A manifest with these fields.
    public init(account: String, regions: [String], collectedAt: String, awsCliVersion: String, vpcxVersion: String,
                calls: [Call], failures: [Failure], accounts: [Account]? = nil, units: [Unit]? = nil) {
        self.account = account
        self.regions = regions
        self.collectedAt = collectedAt
        self.awsCliVersion = awsCliVersion
        self.vpcxVersion = vpcxVersion
        self.calls = calls
        self.failures = failures
        self.accounts = accounts
        self.units = units
    }

    /// The file name at the top of a snapshot.
    public static let fileName = "manifest.json"
}

/// How a snapshot names the answer of one call: `describe-vpcs.json`, or, for a call made once per
/// resource an earlier answer listed, `OPERATION.RESOURCE.json` (`search-transit-gateway-routes.tgw-rtb-0a1b.json`).
/// Some of those answers do not say which resource they are about, so `collect` writes the name and the
/// loader reads the resource back from it: one definition for both sides.
public enum SnapshotFileName {
    /// The file name of an answer.
    public static func of(operation: String, resource: String?) -> String {
        resource.map { "\(operation).\($0).json" } ?? "\(operation).json"
    }

    /// The resource a per-resource answer's file is named after, whatever the ID looks like (moto's zone
    /// IDs do not start with `Z`); nil for a file named otherwise or a resource that is not ID-shaped.
    public static func resource(inPath path: String) -> String? {
        var name = Substring(path.split(separator: "/").last ?? "")
        guard name.hasSuffix(".json") else { return nil }
        name = name.dropLast(".json".count)
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let resource = name[name.index(after: dot)...]
        guard !resource.isEmpty, resource.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return String(resource)
    }
}
