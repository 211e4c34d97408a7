import Foundation
import Testing

/// The real binary on Terraform: what it assumed, what it could not read, what a spec adds to an inventory.
@Suite struct TerraformCLITests {
    static let community = BuiltBinary.fixtures + "/terraform/community"

    static func directory(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "vpcx-tf-cli-\(UUID().uuidString)"
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func checkListsWhatWasAssumedInTextAndJSON() throws {
        let text = try BuiltBinary.run(["check", Self.community])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\nAssumed:\n  - data.aws_availability_zones.available: the zones of eu-west-1"))
        let json = try BuiltBinary.run(["cost", Self.community, "--format", "json", "--azs", "2"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let assumptions = object?["assumptions"] as? [String] ?? []
        #expect(assumptions.contains { $0.contains("the zones given by --azs: eu-west-1a, eu-west-1b") })
    }

    @Test func aModuleNotInstalledIsAWarningNamingItAndTerraformInit() throws {
        let dir = try Self.directory(["main.tf": "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n"])
        let run = try BuiltBinary.run(["check", dir, "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("vpcx: warning: module.vpc (terraform-aws-modules/vpc/aws) is not installed: run terraform init"))
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect((object?["incomplete"] as? [String])?.count == 1)
    }

    @Test func hostileHCLIsALocatedErrorWithExitTwo() throws {
        let deep = try Self.directory(["main.tf": "locals {\n  x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + "\n}\n"])
        let run = try BuiltBinary.run(["check", deep])
        #expect(run.status == 2)
        #expect(run.stderr.contains("main.tf:2:518: error: this nests more than 512 levels deep"))
        let cidr = try Self.directory(["main.tf": "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/33\"\n}\n"])
        #expect(try BuiltBinary.run(["check", cidr]).status == 2)
    }

    @Test func aSpecAppliedToAnInventoryMarksWhatItAdds() throws {
        let spec = BuiltBinary.fixtures + "/terraform/after-apply-sqs"
        let run = try BuiltBinary.run(["cost", BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1", spec])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Planned (added by the spec, not yet in AWS):\n  + aws_vpc_endpoint.sqs\n"))
        #expect(run.stdout.contains("data.aws_vpc.main: the VPC vpc-24a5f259ef29682f9, from the inventory"))
    }
}
