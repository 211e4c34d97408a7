import Foundation

/// A fake `aws` CLI in a fresh temporary directory: it records every invocation in `calls.log` and
/// answers canned JSON (the article's eu-west-1 network). Environment variables steer it:
/// FAKE_AWS_DENY=OP answers UnauthorizedOperation for that operation, FAKE_AWS_THROTTLE=OP:N
/// answers Throttling N times first, FAKE_AWS_NO_CREDENTIALS=1 finds no credentials,
/// FAKE_AWS_HANG=OP never answers, FAKE_AWS_OPTIN=REGION refuses every ec2 call there,
/// FAKE_AWS_CONFIG_REGION=R is what `aws configure get region` prints, FAKE_AWS_REGIONS=JSON
/// replaces the members of describe-regions' `Regions` list. For several accounts: FAKE_AWS_ACCOUNTS=JSON
/// replaces the members of organizations list-accounts' `Accounts`, FAKE_AWS_DENY_ROLE=ID[,ID] refuses
/// sts assume-role into those accounts, FAKE_AWS_HANG_ACCOUNT=ID narrows FAKE_AWS_HANG to the calls made
/// with that account's assumed credentials; each call's AWS_ACCESS_KEY_ID goes to `keys.log`.
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
        try Data().write(to: directory.appendingPathComponent("keys.log"))
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
                    "--attribute", "--transit-gateway-route-table-id", "--vpc-region", "--id", "--hosted-zone-id",
                    "--max-items", "--role-arn", "--role-session-name", "--duration-seconds", "--external-id"].contains(argument) {
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

        /// Whether the call only reads: the aws CLI's read verbs (`describe-`, `get-`, `list-`, `search-`)
        /// in the services collect uses, or `sts assume-role` / `get-caller-identity`. Everything collect
        /// sends must pass; a `create-`, `delete-`, `modify-`… never does.
        var isReadOnly: Bool {
            guard let operation else { return false }
            switch words.first {
            case "sts": return operation == "assume-role" || operation == "get-caller-identity"
            case "ec2", "route53", "route53resolver", "organizations":
                return ["describe-", "get-", "list-", "search-"].contains { operation.hasPrefix($0) }
            default: return false
            }
        }

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

    /// Each call's AWS_ACCESS_KEY_ID and operation, as the fake saw them, in order.
    func accessKeys() -> [(key: String, operation: String)] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("keys.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (fields.first ?? "", fields.count > 1 ? fields[1] : "")
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

        region= vpc= attribute= role=
        positional=()
        while [ $# -gt 0 ]; do
          case "$1" in
            --region) region="$2"; shift 2;;
            --role-arn) role="$2"; shift 2;;
            --transit-gateway-route-table-id|--vpc-region|--id|--hosted-zone-id|--max-items|--role-session-name|--duration-seconds|--external-id) shift 2;;
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
        printf '%s\t%s\n' "${AWS_ACCESS_KEY_ID:-}" "$op" >> "$state/keys.log"

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
        if [ -n "$FAKE_AWS_HANG" ] && [ "$op" = "$FAKE_AWS_HANG" ] \
           && { [ -z "${FAKE_AWS_HANG_ACCOUNT:-}" ] || [ "${AWS_ACCESS_KEY_ID:-}" = "ASIAFAKE$FAKE_AWS_HANG_ACCOUNT" ]; }; then
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
          assume-role)
            account="${role#arn:aws:iam::}"; account="${account%%:*}"
            case ",${FAKE_AWS_DENY_ROLE:-}," in
              *",$account,"*) fail AccessDenied AssumeRole "User: arn:aws:iam::111122223333:user/fake is not authorized to perform: sts:AssumeRole on resource: $role";;
            esac
            printf '{\n    "Credentials": {\n        "AccessKeyId": "ASIAFAKE%s",\n        "SecretAccessKey": "fakeSecret%sKey",\n        "SessionToken": "fakeSessionToken%sToken",\n        "Expiration": "2030-01-01T00:00:00Z"\n    },\n    "AssumedRoleUser": {"AssumedRoleId": "AROAFAKE:vpcx-collect", "Arn": "arn:aws:sts::%s:assumed-role/x/vpcx-collect"}\n}\n' "$account" "$account" "$account" "$account";;
          list-accounts)
            if [ -n "${FAKE_AWS_ACCOUNTS:-}" ]; then printf '{"Accounts": [%s]}\n' "$FAKE_AWS_ACCOUNTS"; exit 0; fi
            printf '{"Accounts": [{"Id": "111122223333", "Name": "management", "Status": "ACTIVE"}, {"Id": "444455556666", "Name": "hub", "Status": "ACTIVE"}, {"Id": "777788889999", "Name": "spoke", "Status": "ACTIVE"}]}\n';;
          describe-transit-gateway-route-tables)
            printf '{\n    "TransitGatewayRouteTables": [\n        {"TransitGatewayRouteTableId": "tgw-rtb-0fake1", "TransitGatewayId": "tgw-0fake1", "State": "available"}\n    ]\n}\n';;
          describe-transit-gateways) printf '{\n    "TransitGateways": []\n}\n';;
          describe-transit-gateway-attachments) printf '{\n    "TransitGatewayAttachments": []\n}\n';;
          describe-transit-gateway-vpc-attachments) printf '{\n    "TransitGatewayVpcAttachments": []\n}\n';;
          get-transit-gateway-route-table-associations) printf '{\n    "Associations": []\n}\n';;
          get-transit-gateway-route-table-propagations) printf '{\n    "TransitGatewayRouteTablePropagations": []\n}\n';;
          search-transit-gateway-routes) printf '{\n    "Routes": [],\n    "AdditionalRoutesAvailable": false\n}\n';;
          describe-vpc-peering-connections) printf '{\n    "VpcPeeringConnections": []\n}\n';;
          list-hosted-zones-by-vpc) printf '{\n    "HostedZoneSummaries": [],\n    "MaxItems": "100"\n}\n';;
          list-resolver-endpoints) printf '{\n    "MaxResults": 100,\n    "ResolverEndpoints": []\n}\n';;
          list-resolver-rules) printf '{\n    "MaxResults": 100,\n    "ResolverRules": []\n}\n';;
          list-resolver-rule-associations) printf '{\n    "MaxResults": 100,\n    "ResolverRuleAssociations": []\n}\n';;
          list-hosted-zones)
            printf '{\n    "HostedZones": [\n        {"Id": "/hostedzone/Z0FAKEPRIVATE", "Name": "internal.example.", "Config": {"PrivateZone": true}},\n        {"Id": "/hostedzone/Z0FAKEPUBLIC", "Name": "example.com.", "Config": {"PrivateZone": false}}\n    ]\n}\n';;
          get-hosted-zone)
            printf '{\n    "HostedZone": {"Id": "/hostedzone/Z0FAKEPRIVATE", "Name": "internal.example.", "Config": {"PrivateZone": true}},\n    "VPCs": [{"VPCRegion": "eu-west-1", "VPCId": "vpc-24a5f259ef29682f9"}]\n}\n';;
          list-resource-record-sets) printf '{\n    "ResourceRecordSets": []\n}\n';;
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
