import Foundation
import TestSupport
import Testing

/// `vpcx export --terraform` and design files through the real binary: what is written where, what is
/// kept, and a mistake in a design as `file:line:col` with exit 2.
@Suite struct ExportCLITests {
    static let example = BuiltBinary.packageRoot + "/examples/blog-eu-west-1.vpcx.yaml"

    static func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "vpcx-export-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesTheDesignAsTerraformThatOpensToTheSamePaths() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/tf"
        let export = try BuiltBinary.run(["export", "--terraform", Self.example, "-o", out])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("wrote \(out)/main.tf: 1 VPCs, 6 subnets, 11 endpoints"))
        let text = try String(contentsOfFile: out + "/main.tf", encoding: .utf8)
        #expect(text.contains("resource \"aws_vpc_endpoint\" \"secretsmanager-endpoint\" {"))
        // The paths of the design and of its Terraform: the same via, cost and status for every subnet and service.
        func rows(_ source: String) throws -> [String] {
            let run = try BuiltBinary.run(["paths", source, "--format", "csv"])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
            let keep = ["subnetName", "service", "via", "costPerGB", "reachable", "withoutVia"].compactMap { header.firstIndex(of: $0) }
            #expect(keep.count >= 4, "\(header)")
            return lines.dropFirst().map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return keep.map { $0 < cells.count ? cells[$0] : "" }.joined(separator: ",")
            }.sorted()
        }
        let design = try rows(Self.example), terraform = try rows(out)
        #expect(design.count == 66 && design == terraform)
        // Run again: the file is kept unless --force.
        let again = try BuiltBinary.run(["export", "--terraform", Self.example, "-o", out])
        #expect(again.status == 1 && again.stderr.contains("exists; give --force to replace it"))
        #expect(try BuiltBinary.run(["export", "--terraform", Self.example, "-o", out, "--force"]).status == 0)
    }

    static let terraform: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/terraform" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Terraform's own formatter has nothing to change: the export is valid HCL, laid out as `terraform fmt` lays it.
    @Test(.enabled(if: terraform != nil, "terraform is not installed"), arguments: [example, BuiltBinary.fixtures + "/aws-cli/broken-us-east-1"])
    func theExportIsAsTerraformFmtWritesIt(_ source: String) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try BuiltBinary.run(["export", "--terraform", source, "-o", dir + "/main.tf"]).status == 0)
        let status = Spawn.run([Self.terraform ?? "terraform", "fmt", "-check", "-diff", dir + "/main.tf"],
                               stdout: dir + "/fmt.out", stderr: dir + "/fmt.err")
        #expect(status == 0, "\((try? String(contentsOfFile: dir + "/fmt.out", encoding: .utf8)) ?? "")")
    }

    @Test func writesToStandardOutputAndNeedsAFormat() throws {
        let run = try BuiltBinary.run(["export", "--terraform", Self.example])
        #expect(run.status == 0 && run.stdout.hasPrefix("# Written by vpcx export --terraform from "))
        #expect(run.stdout.contains("provider \"aws\" {\n  region = \"eu-west-1\"\n}"))
        let bare = try BuiltBinary.run(["export", Self.example])
        #expect(bare.status != 0 && bare.stderr.contains("--terraform"))
    }

    @Test func anIncompleteSourceIsAWarningAndAComment() throws {
        let run = try BuiltBinary.run(["export", "--terraform", BuiltBinary.fixtures + "/shapes/several-kinds.json"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("vpcx: warning: the source does not describe VPC endpoints"), "\(run.stderr)")
        #expect(run.stdout.contains("# The source did not describe VPC endpoints"))
        let complete = try BuiltBinary.run(["export", "--terraform", Self.example])
        #expect(!complete.stderr.contains("warning") && !complete.stdout.contains("did not describe"))
    }

    @Test func aMistakeInADesignIsLocatedWithExitTwo() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let design = dir + "/net.vpcx.yaml"
        try "region: eu-west-1\nvpcs:\n  - name: v\n    cidr: 10.0.0.0/16\n    azs: 1\n    subnet: {}\n".write(toFile: design, atomically: true, encoding: .utf8)
        for command in [["check"], ["export", "--terraform"], ["paths"]] {
            let run = try BuiltBinary.run(command + [design])
            #expect(run.status == 2, "\(command)")
            #expect(run.stderr.contains("\(design):6:5: error: VPC v: unknown key 'subnet'; did you mean 'subnets'?"), "\(run.stderr)")
        }
    }
}
