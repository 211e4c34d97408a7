import Foundation

/// Why a collect wrote no snapshot, phrased for the person at the terminal.
public enum CollectError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No aws CLI at the given path or on PATH.
    case awsCLINotFound(String)
    /// `sts get-caller-identity` found no credentials.
    case noCredentials
    /// The named profile is not in the aws CLI's configuration.
    case profileNotFound(String)
    /// The credentials or the SSO session expired.
    case credentialsExpired(String)
    /// AWS refused the credentials (wrong key, bad signature).
    case credentialsRejected(String)
    /// No region on the command line, in the environment or in the profile.
    case noRegion
    /// Every requested region refused the calls as not enabled for the account.
    case regionNotEnabled(region: String, code: String)
    /// The output path exists and is something a snapshot must not replace.
    case outputNotReplaceable(path: String, reason: String)
    /// A file of the snapshot could not be written.
    case cannotWrite(path: String, reason: String)
    /// A call collect cannot do without (the CLI version, the account, the region list) failed.
    case awsCLIFailed(call: String, code: String, message: String)
    /// Every data call failed, so there is nothing worth a snapshot.
    case nothingCollected(call: String, code: String, message: String)
    /// The options contradict themselves.
    case invalidOptions(String)
    /// The collect was interrupted; nothing was written.
    case cancelled
    /// An organisation collect could not collect a single account × region; the first reason.
    case noAccountCollected(String)
    /// An input file (`--accounts FILE`) is malformed: `path:line:column`, and what is wrong.
    case badInput(path: String, line: Int, column: Int, message: String)

    /// The message for the terminal, without an `error:` prefix.
    public var description: String {
        switch self {
        case .awsCLINotFound(let searched):
            return "the aws CLI was not found (\(searched)); install it or pass --aws PATH"
        case .noCredentials:
            return "no AWS credentials: the aws CLI is unable to locate credentials; "
                + "pass --profile, set AWS_PROFILE, or run `aws configure` (or `aws sso login`)"
        case .profileNotFound(let profile):
            return "the profile '\(profile)' is not in the aws CLI's configuration (~/.aws/config); "
                + "check --profile or AWS_PROFILE"
        case .credentialsExpired(let message):
            return "the AWS credentials have expired (\(message)); refresh them (for SSO: `aws sso login`)"
        case .credentialsRejected(let message):
            return "AWS rejected the credentials: \(message)"
        case .noRegion:
            return "no region: pass --region REGION (or --all-regions), or set AWS_REGION"
        case .regionNotEnabled(let region, let code):
            return "region \(region) is not enabled for this account (\(code)); enable it or pick another --region"
        case .outputNotReplaceable(let path, let reason):
            return "\(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .awsCLIFailed(let call, let code, let message):
            return "aws \(call) failed (\(code)): \(message)"
        case .nothingCollected(let call, let code, let message):
            return "nothing collected: every call failed; the first, \(call), with \(code): \(message)"
        case .invalidOptions(let message):
            return message
        case .cancelled:
            return "interrupted; no snapshot was written"
        case .noAccountCollected(let reason):
            return "nothing collected: no account × region could be collected; the first: \(reason)"
        case .badInput(let path, let line, let column, let message):
            return "\(path):\(line):\(column): error: \(message)"
        }
    }
}

/// An aws CLI call that ended in error, read from its standard error.
public struct AWSCLIFailure: Equatable, Sendable {
    /// The AWS error code (`AccessDenied`, `Throttling`), or a name for a CLI-side problem
    /// (`NoCredentials`, `ProfileNotFound`, `EndpointConnectionError`, `CLIError`).
    public var code: String
    /// What AWS or the CLI said, on one line.
    public var message: String

    /// A failure with this code and message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// How collect reacts to a failure.
    public enum Kind: Equatable, Sendable {
        /// Rate limited: retried after a growing pause.
        case throttled
        /// The credentials may not make this call: a gap in the snapshot, the rest is still collected.
        case accessDenied
        /// The region is not enabled for the account: every call there would fail the same way.
        case regionNotEnabled
        /// The credentials are missing, expired, rejected, or the profile does not exist.
        case credentials
        /// Anything else: recorded as a gap.
        case other
    }

    /// A failure that may not happen again (throttling, expired credentials, a dropped connection):
    /// `collect --resume` re-collects a unit that had one. Denied and unsupported calls are not.
    public var isTransient: Bool {
        switch kind {
        case .throttled, .credentials: return true
        case .accessDenied, .regionNotEnabled: return false
        case .other:
            return ["EndpointConnectionError", "CLIError", "InvalidJSON", "InternalError", "InternalFailure",
                    "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException"].contains(code)
        }
    }

    /// How collect reacts to this failure.
    public var kind: Kind {
        switch code {
        case "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
             "RequestThrottled", "RequestThrottledException", "SlowDown":
            return .throttled
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess":
            return .accessDenied
        case "AuthFailure", "OptInRequired":
            return .regionNotEnabled
        case "NoCredentials", "ProfileNotFound", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
             "TokenExpired", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException":
            return .credentials
        default:
            return .other
        }
    }

    /// Reads the failure out of what the aws CLI printed on standard error (v1 and v2 word errors alike):
    /// `An error occurred (UnauthorizedOperation) when calling the DescribeVpcs operation: You are not...`.
    public static func parse(standardError text: String) -> AWSCLIFailure {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if let line = lines.last(where: { $0.contains("An error occurred (") }),
           let open = line.range(of: "An error occurred ("),
           let close = line[open.upperBound...].firstIndex(of: ")") {
            let code = String(line[open.upperBound..<close])
            let message = messageAfterOperation(line[close...]) ?? line
            return AWSCLIFailure(code: code, message: message.isEmpty ? line : message)
        }
        let last = lines.last ?? "the aws CLI failed without a message"
        if text.contains("Unable to locate credentials") {
            return AWSCLIFailure(code: "NoCredentials", message: "Unable to locate credentials")
        }
        if text.contains("could not be found") && text.lowercased().contains("profile") {
            return AWSCLIFailure(code: "ProfileNotFound", message: last)
        }
        let lowered = text.lowercased()
        if lowered.contains("sso") && (lowered.contains("expired") || lowered.contains("aws sso login")) {
            return AWSCLIFailure(code: "TokenExpired", message: last)
        }
        if text.contains("Could not connect to the endpoint URL") {
            return AWSCLIFailure(code: "EndpointConnectionError", message: last)
        }
        if text.contains("You must specify a region") {
            return AWSCLIFailure(code: "NoRegion", message: last)
        }
        return AWSCLIFailure(code: "CLIError", message: last)
    }

    /// The text after `operation:` or `operation (reached max retries: 4):`.
    private static func messageAfterOperation(_ rest: Substring) -> String? {
        guard let word = rest.range(of: " operation") else { return nil }
        var tail = rest[word.upperBound...].drop(while: { $0 == " " })
        if tail.first == "(", let close = tail.firstIndex(of: ")") {
            tail = tail[tail.index(after: close)...]
        }
        guard tail.first == ":" else { return nil }
        return tail.dropFirst().trimmingCharacters(in: .whitespaces)
    }
}
