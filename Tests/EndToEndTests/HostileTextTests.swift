import Foundation
import Testing

/// Text from inputs carrying escape sequences must not reach a terminal through any command:
/// names, IDs, policy Sids, Resources and Condition keys, in text, JSON and CSV, on stdout and
/// stderr, in messages that quote input, and in every panel `snapshot` draws.
@Suite struct HostileTextTests {
    /// One string per family: C0 (BEL, BS, CR, ESC sequences: OSC title, CSI clear), C1 (CSI, NEL),
    /// bidi overrides and isolates.
    static let families: [String: String] = [
        "c0": "a\u{07}b\u{08}c\rd\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}[31m",
        "c1": "a\u{9B}31mb\u{85}c\u{90}q\u{9C}",
        "bidi": "a\u{202E}evil\u{202C}b\u{2066}c\u{2069}\u{202A}",
    ]

    /// What must not reach stdout or stderr: C0 except newline and tab, DEL, C1, bidi controls.
    static func forbidden(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { s in
            (s.value < 0x20 && s != "\n" && s != "\t") || s.value == 0x7F || (0x80...0x9F).contains(s.value)
                || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
        }
    }

    /// The article's network with `hostile` in names, one endpoint ID, and the S3 endpoint's policy.
    static func network(_ hostile: String) throws -> (directory: String, endpoint: String, subnet: String) {
        let source = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
        let directory = NSTemporaryDirectory() + "vpcx-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: source + "/" + name))
            var json = try JSONSerialization.jsonObject(with: data)
            json = rewrite(json, hostile)
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        return (directory, "vpce-d92fb38065fbf700d", "subnet-e58e4935e7c5f1654")
    }

    /// Name tags get the hostile text; the S3 endpoint's policy gets it in Sid, Resource and a Condition key;
    /// the Secrets Manager endpoint's ID carries it too.
    static func rewrite(_ value: Any, _ hostile: String) -> Any {
        if var object = value as? [String: Any] {
            for (key, member) in object { object[key] = rewrite(member, hostile) }
            if object["Key"] as? String == "Name", let name = object["Value"] as? String { object["Value"] = name + hostile }
            if object["VpcEndpointId"] as? String == "vpce-79a2d1ddda46c7d6f" { object["VpcEndpointId"] = "vpce-79a2d1ddda46c7d6f" + hostile }
            if object["VpcEndpointId"] as? String == "vpce-d92fb38065fbf700d" {
                let policy: [String: Any] = ["Version": "2012-10-17", "Statement": [
                    ["Sid": "Sid" + hostile, "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                     "Resource": "arn:aws:s3:::bucket" + hostile + "/*",
                     "Condition": ["StringEquals": ["aws:PrincipalTag/team" + hostile: "x" + hostile]]],
                    ["Sid": "Deny" + hostile, "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"],
                ]]
                if let data = try? JSONSerialization.data(withJSONObject: policy) { object["PolicyDocument"] = String(decoding: data, as: UTF8.self) }
            }
            return object
        }
        if let array = value as? [Any] { return array.map { rewrite($0, hostile) } }
        return value
    }

    @Test(arguments: families.keys.sorted())
    func noCommandLetsAnEscapeThrough(_ family: String) throws {
        let hostile = try #require(Self.families[family])
        let (directory, endpoint, subnet) = try Self.network(hostile)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var runs: [[String]] = [
            ["check", directory], ["check", directory, "--format", "json"],
            ["paths", directory], ["paths", directory, "--format", "json"],
            ["cost", directory], ["cost", directory, "--format", "json"], ["cost", directory, "--format", "csv"],
            ["diagram", directory, "--from", subnet, "--service", "s3"],
            ["policy", directory, "--endpoint", endpoint, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::bucket/k"],
            ["policy", directory, "--endpoint", endpoint, "--action", "s3:PutObject", "--resource", "arn:aws:s3:::b/k", "--format", "json"],
            ["policy", directory, "--endpoint", "nosuch", "--action", "s3:GetObject", "--resource", "*"],
            ["paths", directory, "--from", "nosuch" + hostile],
            ["check", directory, "--format", "x" + hostile],
            ["check", directory, "--explain", "x" + hostile],
        ]
        // Every panel, and the help overlay, with a hostile endpoint selected.
        for keys in ["", "j j 1", "j j 2", "j j 3", "j j 4", "j j 5", "j j 6", "j j 7", "j j j j 1", "?", ": vpce Enter 5"] {
            runs.append(["snapshot", directory, "--size", "160x50"] + (keys.isEmpty ? [] : ["--keys", keys]))
        }
        for arguments in runs {
            let result = try BuiltBinary.run(arguments)
            #expect(Self.forbidden(result.stdout).isEmpty, "stdout of vpcx \(arguments.dropFirst(2).joined(separator: " ")): \(Self.forbidden(result.stdout).map { String($0.value, radix: 16) })")
            #expect(Self.forbidden(result.stderr).isEmpty, "stderr of vpcx \(arguments.dropFirst(2).joined(separator: " ")): \(Self.forbidden(result.stderr).map { String($0.value, radix: 16) })")
            #expect(!result.stdout.isEmpty || !result.stderr.isEmpty, "vpcx \(arguments) said nothing")
        }
    }

    @Test(arguments: families.keys.sorted())
    func loadErrorsQuoteInputSafely(_ family: String) throws {
        let hostile = try #require(Self.families[family])
        let directory = NSTemporaryDirectory() + "vpcx-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let subnets: [String: Any] = ["Subnets": [["SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/" + hostile]]]
        try JSONSerialization.data(withJSONObject: subnets).write(to: URL(fileURLWithPath: directory + "/describe-subnets.json"))
        for command in ["check", "paths", "cost", "snapshot"] {
            let result = try BuiltBinary.run([command, directory])
            #expect(result.status == 2)
            #expect(result.stderr.contains("error: not an IPv4 CIDR block"), "\(result.stderr)")
            #expect(Self.forbidden(result.stderr).isEmpty && Self.forbidden(result.stdout).isEmpty, "\(command)")
        }
    }

    @Test func jsonKeepsTheExactTextEscaped() throws {
        let (directory, _, _) = try Self.network(try #require(Self.families["c1"]))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try BuiltBinary.run(["cost", directory, "--format", "json"])
        #expect(result.stdout.contains("\\u009b31mb\\u0085c"), "C1 controls are written as \\u escapes")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let ids = (json?["endpoints"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains("vpce-79a2d1ddda46c7d6f" + (Self.families["c1"] ?? "")), "the value itself is unchanged")
    }
}
