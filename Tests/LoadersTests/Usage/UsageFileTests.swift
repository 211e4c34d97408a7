import Loaders
import Model
import Testing

/// `usage.yaml`: what it reads, where its mistakes are, and what it writes back.
@Suite struct UsageFileTests {
    static let demo = SourceLoader.demo()
    static let known: Set<String> = ["s3", "dynamodb", "logs", "ecr.dkr", "secretsmanager", "sts"]

    static let sample = """
    version: 1
    vpcs:
      "*":
        sts: 2
      main-vpc:
        s3: 4000
        logs:
          azs:
            eu-west-1a: 300
            eu-west-1b: 100
        ecr.dkr:
          gb: 12.5
          subnets:
            private-a: 10
            subnet-7b1ccbbbd133e9170: 2.5
    """

    @Test func readsFiguresPerVPCServiceAZAndSubnet() throws {
        let file = try UsageFile.parse(Self.sample, path: "usage.yaml")
        #expect(file.version == 1)
        #expect(file.traffic.entries == [
            .init(service: "sts", gb: 2, origin: .usageFile),
            .init(vpc: "main-vpc", service: "s3", gb: 4000, origin: .usageFile),
            .init(vpc: "main-vpc", service: "logs", gb: 300, az: "eu-west-1a", origin: .usageFile),
            .init(vpc: "main-vpc", service: "logs", gb: 100, az: "eu-west-1b", origin: .usageFile),
            .init(vpc: "main-vpc", service: "ecr.dkr", gb: 10, subnet: "private-a", origin: .usageFile),
            .init(vpc: "main-vpc", service: "ecr.dkr", gb: 2.5, subnet: "subnet-7b1ccbbbd133e9170", origin: .usageFile),
        ])
        let vpc = try #require(Self.demo.vpcs.first)
        #expect(file.traffic.gb(for: "logs", in: vpc) == 400)
        #expect(file.traffic.gb(for: "sts", in: vpc) == 2)
        #expect(file.traffic.origin(for: "s3", in: vpc) == .usageFile)
        try file.check(against: Self.demo, knownServices: Self.known)
    }

    @Test(arguments: [
        ("version: 1\nvpcs:\n  main-vpc:\n    s3x: 10\n", 4, 5, "unknown service 's3x' (did you mean 's3'?)"),
        ("version: 1\nvpcs:\n  main-vcp:\n    s3: 10\n", 3, 3, "VPC 'main-vcp' is not in the network (did you mean 'main-vpc'?)"),
        ("version: 1\nvpcs:\n  main-vpc:\n    logs:\n      subnets:\n        private-z: 3\n", 6, 9, "subnet 'private-z' is not in main-vpc (did you mean 'private-a'?)"),
        ("version: 1\nvpcs:\n  main-vpc:\n    logs:\n      azs:\n        eu-west-1d: 3\n", 6, 9, "main-vpc has no subnet in AZ 'eu-west-1d' (did you mean 'eu-west-1a'?)"),
    ])
    func mistakesAboutTheNetworkAreLocatedWithASuggestion(text: String, line: Int, column: Int, message: String) throws {
        let file = try UsageFile.parse(text, path: "u.yaml")
        #expect(throws: LoadError.self) { try file.check(against: Self.demo, knownServices: Self.known) }
        do {
            try file.check(against: Self.demo, knownServices: Self.known)
        } catch {
            #expect(error.line == line && error.column == column)
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(error.description.hasPrefix("u.yaml:\(line):\(column): error: "))
        }
    }

    @Test(arguments: [
        ("vpcs: {}\n", 1, 1, "a usage file starts with `version: 1`"),
        ("version: 2\nvpcs: {}\n", 1, 10, "version 2 is not one this vpcx reads"),
        ("version: 1\nvpc:\n  a:\n    s3: 1\n", 2, 1, "unknown key 'vpc' (did you mean 'vpcs'?)"),
        ("version: 1\nvpcs:\n  a:\n    s3: lots\n", 4, 9, "vpcs.a.s3 is GB a month"),
        ("version: 1\nvpcs:\n  a:\n    s3: -4\n", 4, 9, "vpcs.a.s3 is GB a month"),
        ("version: 1\nvpcs:\n  a:\n    s3:\n      gbs: 4\n", 5, 7, "unknown key 'gbs' in vpcs.a.s3 (did you mean 'gb'?)"),
        ("version: 1\nvpcs:\n  a:\n    s3:\n      gb: 5\n      azs:\n        x: 1\n", 5, 11, "vpcs.a.s3.gb is 5.0 but its parts add up to 1.0"),
        ("version: 1\nvpcs:\n  a:\n    s3: 1\n    s3: 2\n", 5, 5, "vpcs.a.s3 is given twice"),
        ("version: 1\nvpcs:\n  a: [s3]\n", 3, 6, "vpcs.a is a mapping of services"),
        ("version: 1\nvpcs:\n  a:\n    s3: [1\n", 5, 1, "not valid YAML"),
        ("", 1, 1, "empty usage file"),
    ])
    func malformedFilesFailWithTheirPosition(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try UsageFile.parse(text, path: "u.yaml")
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func writtenTextReadsBackToTheSameFigures() throws {
        let file = try UsageFile.parse(Self.sample, path: "usage.yaml")
        let text = UsageFile.text(file.traffic)
        let again = try UsageFile.parse(text, path: "again.yaml")
        let vpc = try #require(Self.demo.vpcs.first)
        for service in ["s3", "logs", "ecr.dkr", "sts"] {
            #expect(again.traffic.figures(for: service, in: vpc).map(\.gb) == file.traffic.figures(for: service, in: vpc).map(\.gb))
        }
        #expect(UsageFile.text(again.traffic) == text, "writing is stable")
        #expect(text.hasPrefix("# vpcx usage file"))
    }

    @Test func namesFromInputsCannotChangeTheFilesStructure() throws {
        // A Name tag with YAML syntax in it is quoted, so it stays one key.
        let hostile = "evil: {s3: 1}\n# x"
        let traffic = Traffic([.init(vpc: hostile, service: "s3", gb: 7, origin: .edited),
                               .init(vpc: hostile, service: "logs", gb: 1, az: "a: b", origin: .edited)])
        let back = try UsageFile.parse(UsageFile.text(traffic, header: "two\nlines"), path: "x.yaml")
        #expect(back.traffic.entries.map(\.vpc) == [hostile, hostile])
        #expect(Set(back.traffic.entries.map { "\($0.service) \($0.az ?? "-")" }) == ["s3 -", "logs a: b"])
    }

    @Test func editsReplaceAndKeepABreakdownsShape() throws {
        let file = try UsageFile.parse(Self.sample, path: "usage.yaml")
        let vpc = try #require(Self.demo.vpcs.first)
        var traffic = file.traffic
        traffic.set(800, service: "logs", in: vpc)
        #expect(traffic.figures(for: "logs", in: vpc).map(\.gb) == [600, 200])
        #expect(traffic.origin(for: "logs", in: vpc) == .edited)
        // `--gb` on top: a VPC's figure replaces its breakdown; a figure for every VPC replaces them all.
        let flagged = file.traffic.overlaid(by: try Traffic.parse(["main-vpc:logs=50", "s3=1"]))
        #expect(flagged.figures(for: "logs", in: vpc).map(\.gb) == [50])
        #expect(flagged.gb(for: "s3", in: vpc) == 1 && flagged.origin(for: "s3", in: vpc) == .flag)
        #expect(flagged.gb(for: "ecr.dkr", in: vpc) == 12.5)
    }

    @Test func suggestionsAreOnlyForCloseNames() {
        #expect(Suggest.closest("s3x", among: ["s3", "sts", "logs"]) == "s3")
        #expect(Suggest.closest("secretmanager", among: ["secretsmanager", "ssm"]) == "secretsmanager")
        #expect(Suggest.closest("bigquery", among: ["s3", "sts", "logs"]) == nil)
    }
}
