import Foundation

/// A fake `aws` CLI in a fresh temporary directory: it records every invocation in `calls.log` and
/// answers canned JSON (the article's eu-west-1 network). Environment variables steer it:
/// FAKE_AWS_DENY=OP answers UnauthorizedOperation for that operation, FAKE_AWS_THROTTLE=OP:N
/// answers Throttling N times first, FAKE_AWS_NO_CREDENTIALS=1 finds no credentials,
/// FAKE_AWS_HANG=OP never answers, FAKE_AWS_OPTIN=REGION refuses every ec2 call there,
/// FAKE_AWS_CONFIG_REGION=R is what `aws configure get region` prints, FAKE_AWS_REGIONS=JSON
/// replaces the members of describe-regions' `Regions` list.
/// The directory is removed when the fake is released, at the end of its test.
final class FakeAWS {
    let directory: URL
    let executable: URL

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The fixture directory the fake answers from: the loader tests' copy of the article's network.
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LoadersTests/Fixtures/aws-cli/blog-eu-west-1")

    init() throws {
        directory = try makeTemporaryDirectory("fake-aws")
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        executable = bin.appendingPathComponent("aws")
        try Self.script.write(to: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
        try Data().write(to: directory.appendingPathComponent("calls.log"))
    }

    /// An environment for the fake: a PATH where `aws` is the fake, no AWS settings of the user's.
    func environment(_ settings: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": executable.deletingLastPathComponent().path + ":/usr/bin:/bin",
                           "FAKE_AWS_DIR": directory.path, "FAKE_AWS_FIXTURES": Self.fixtures.path]
        for (key, value) in settings { environment[key] = value }
        return environment
    }

    /// One recorded invocation: the arguments, and AWS_PROFILE as the fake saw it.
    struct Invocation: Equatable {
        var profileVariable: String
        var arguments: [String]

        /// The positional words: `["ec2", "describe-vpcs"]`, `["configure", "get", "region"]`.
        var words: [String] {
            var words: [String] = []
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                if ["--region", "--output", "--profile", "--endpoint-url", "--filters", "--filter", "--vpc-id",
                    "--attribute"].contains(argument) {
                    index += 2
                } else if argument.hasPrefix("--") {
                    index += 1
                } else {
                    words.append(argument)
                    index += 1
                }
            }
            return words
        }

        /// The operation, `describe-vpcs`; nil for `--version`.
        var operation: String? { words.count >= 2 ? words[1] : nil }

        /// The value after `option`, if given.
        func value(of option: String) -> String? {
            guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
            return arguments[index + 1]
        }
    }

    /// Every invocation so far, in the order they were logged.
    func invocations() -> [Invocation] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("calls.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Invocation(profileVariable: fields.first ?? "", arguments: Array(fields.dropFirst()))
        }
    }

    /// The PID the first hanging call wrote before turning into `sleep`, once it has started.
    func hungPID() -> Int32? { hungPIDs().first }

    /// The PIDs of every hanging call so far.
    func hungPIDs() -> [Int32] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("hung.pid"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { Int32($0) }
    }

    static let script = #"""
        #!/bin/bash
        # A fake aws CLI for vpcx collect's tests: records its arguments, answers canned JSON.
        state="$FAKE_AWS_DIR"
        line="${AWS_PROFILE:-}"
        for a in "$@"; do line+=$'\t'"$a"; done
        printf '%s\n' "$line" >> "$state/calls.log"

        region= vpc= attribute=
        positional=()
        while [ $# -gt 0 ]; do
          case "$1" in
            --region) region="$2"; shift 2;;
            --vpc-id) vpc="$2"; shift 2;;
            --attribute) attribute="$2"; shift 2;;
            --output|--profile|--endpoint-url|--filters|--filter) shift 2;;
            --version) echo "aws-cli/2.99.0 Python/3.11 Linux/fake"; exit 0;;
            --*) shift;;
            *) positional+=("$1"); shift;;
          esac
        done
        service="${positional[0]}"
        op="${positional[1]}"

        fail() {
          echo >&2
          echo "An error occurred ($1) when calling the $2 operation: $3" >&2
          exit 254
        }

        if [ "$service" = configure ]; then
          if [ -n "$FAKE_AWS_CONFIG_REGION" ]; then echo "$FAKE_AWS_CONFIG_REGION"; exit 0; fi
          exit 1
        fi
        if [ -n "$FAKE_AWS_NO_CREDENTIALS" ]; then
          echo >&2
          echo 'Unable to locate credentials. You can configure credentials by running "aws configure".' >&2
          exit 253
        fi
        if [ -n "$FAKE_AWS_HANG" ] && [ "$op" = "$FAKE_AWS_HANG" ]; then
          echo $$ >> "$state/hung.pid"
          exec sleep 600
        fi
        if [ -n "$FAKE_AWS_OPTIN" ] && [ "$region" = "$FAKE_AWS_OPTIN" ] && [ "$service" = ec2 ]; then
          fail OptInRequired DescribeVpcs "You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe."
        fi
        if [ -n "$FAKE_AWS_DENY" ] && [ "$op" = "$FAKE_AWS_DENY" ]; then
          fail UnauthorizedOperation DescribeSomething "You are not authorized to perform this operation."
        fi
        if [ -n "$FAKE_AWS_THROTTLE" ] && [ "$op" = "${FAKE_AWS_THROTTLE%%:*}" ]; then
          count_file="$state/throttled-$op"
          n=$(cat "$count_file" 2>/dev/null || echo 0)
          if [ "$n" -lt "${FAKE_AWS_THROTTLE##*:}" ]; then
            echo $((n + 1)) > "$count_file"
            fail Throttling DescribeSomething "Rate exceeded"
          fi
        fi

        case "$op" in
          get-caller-identity)
            printf '{\n    "UserId": "AIDAFAKE",\n    "Account": "111122223333",\n    "Arn": "arn:aws:iam::111122223333:user/fake"\n}\n';;
          describe-regions)
            if [ -n "$FAKE_AWS_REGIONS" ]; then printf '{"Regions": [%s]}\n' "$FAKE_AWS_REGIONS"; exit 0; fi
            printf '{\n    "Regions": [\n        {"RegionName": "us-east-1"},\n        {"RegionName": "eu-west-1"}\n    ]\n}\n';;
          describe-vpc-attribute)
            case "$attribute" in
              enableDnsSupport) key=EnableDnsSupport;;
              enableDnsHostnames) key=EnableDnsHostnames;;
              *) fail InvalidParameterValue DescribeVpcAttribute "unknown attribute $attribute";;
            esac
            printf '{\n    "VpcId": "%s",\n    "%s": {\n        "Value": true\n    }\n}\n' "$vpc" "$key";;
          describe-*)
            f="$FAKE_AWS_FIXTURES/$op.json"
            [ -f "$f" ] || fail InvalidAction "$op" "no fixture for $op"
            cat "$f";;
          *)
            fail InvalidAction "$op" "the fake aws answers only read calls";;
        esac
        """#
}

/// A new empty directory under the system's temporary directory.
func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("vpcx-\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Entries of a directory, sorted; empty when it does not exist.
func listing(_ url: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
}

/// Reads a JSON file as Foundation objects.
func readJSON(_ url: URL) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: url))
}
