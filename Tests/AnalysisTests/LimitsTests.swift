import Analysis
import Foundation
import JSONText
@testable import Loaders
import Model
import Testing

/// Each bound on hostile input, just under (accepted) and just over (a located error).
@Suite("Limits on input")
struct LimitsTests {
    /// A bound: a way to build an input of a given size and to read it.
    struct Bound: CustomTestStringConvertible, Sendable {
        let name: String
        let limit: Int
        /// Reads an input of `size`; throws the error a user sees when it is refused.
        let read: @Sendable (Int) throws -> Void
        var testDescription: String { "\(name) (\(limit))" }
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "vpcx-limit-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let bounds: [Bound] = [
        Bound(name: "YAML nesting of a pricing file (flow)", limit: YAMLDepth.defaultLimit) { size in
            _ = try PricingLoader.parse("x: " + String(repeating: "[", count: size - 1) + String(repeating: "]", count: size - 1), path: "p.yaml")
        },
        Bound(name: "YAML nesting of a pricing file (indentation)", limit: YAMLDepth.defaultLimit) { size in
            let lines = (0..<size).map { String(repeating: " ", count: $0) + "k\($0):" }
            _ = try PricingLoader.parse(lines.joined(separator: "\n") + " 1\n", path: "p.yaml")
        },
        Bound(name: "YAML nesting of a pricing file (sequence indicators)", limit: YAMLDepth.defaultLimit) { size in
            _ = try PricingLoader.parse("x:\n  " + String(repeating: "- ", count: size - 1) + "1\n", path: "p.yaml")
        },
        Bound(name: "statements in a policy", limit: PolicyDocument.maximumStatements) { size in
            let statement = #"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#
            _ = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":["# + Array(repeating: statement, count: size).joined(separator: ",") + "]}")
        },
        Bound(name: "bytes in one input", limit: 4096) { size in
            let path = try temporaryFile(Array(repeating: UInt8(ascii: " "), count: size))
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = try FileBytes.read(path: path, limit: 4096)
        },
    ]

    @Test(arguments: bounds)
    func justUnderIsReadJustOverIsALocatedError(_ bound: Bound) throws {
        // Under the bound the input is read: any error it gives is not about the bound.
        do {
            try bound.read(bound.limit)
        } catch {
            #expect(!"\(error)".contains("\(bound.limit)"), "\(bound.name): \(error)")
        }
        #expect {
            try bound.read(bound.limit + 1)
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(bound.limit)")
        }
    }

    /// `y: ` then the 256th `[`: the root mapping is the first level.
    @Test func theNestingErrorNamesTheLineAndColumn() {
        #expect(throws: LoadError(path: "p.yaml", line: 2, column: 259, message: "YAML nested more than 256 levels deep")) {
            _ = try PricingLoader.parse("name: x\ny: " + String(repeating: "[", count: 300), path: "p.yaml")
        }
    }

    @Test func thePolicyErrorPointsAtTheFirstStatementTooMany() throws {
        let statement = #"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#
        let text = "{\"Statement\":[\n" + Array(repeating: statement, count: PolicyDocument.maximumStatements + 1).joined(separator: ",\n") + "]}"
        #expect {
            _ = try PolicyDocument.parse(text)
        } throws: { error in
            guard let error = error as? PolicyError else { return false }
            return error.position?.line == PolicyDocument.maximumStatements + 2 && error.message.hasPrefix("Statement 10001:")
        }
    }

    @Test func specialFilesAreRefusedWithoutBlocking() throws {
        let fifo = NSTemporaryDirectory() + "vpcx-fifo-\(UUID().uuidString)"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        for (path, word) in [(fifo, "FIFO"), ("/dev/zero", "device"), ("/dev/null", "device")] {
            #expect {
                _ = try FileBytes.read(path: path)
            } throws: { error in
                "\(error)".contains("is a \(word), not a regular file")
            }
        }
    }

    @Test func theSizeLimitComesFromTheEnvironmentVariable() {
        #expect(FileBytes.limit(from: "2G") == 2 << 30)
        #expect(FileBytes.limit(from: "500m") == 500 << 20)
        #expect(FileBytes.limit(from: "64K") == 64 << 10)
        #expect(FileBytes.limit(from: "1048576") == 1_048_576)
        #expect(FileBytes.limit(from: "lots") == nil && FileBytes.limit(from: "-1") == nil && FileBytes.limit(from: "") == nil)
        #expect(FileBytes.sizeLimit == FileBytes.limit(from: ProcessInfo.processInfo.environment["VPCX_MAX_INPUT_SIZE"]) ?? FileBytes.defaultSizeLimit)
    }

    @Test func aKeyGivenTwiceInAnAnswerIsALocatedError() {
        let text = #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1",\n "VpcId": "vpc-2", "CidrBlock": "10.0.0.0/24"}]}"#
        #expect(throws: LoadError(path: "s.json", line: 2, column: 2, message: "the key \"VpcId\" is given twice in this object")) {
            _ = try AWSCLIDocument.read(Array(text.replacingOccurrences(of: "\\n", with: "\n").utf8), path: "s.json", regionHint: nil)
        }
        // Spelled with an escape, it is the same key, before or after the plain one.
        for pair in [#""VpcId": "vpc-1", "Vpc\u0049d": "vpc-2""#, #""Vpc\u0049d": "vpc-1", "VpcId": "vpc-2""#] {
            let escaped = #"{"Subnets": [{"SubnetId": "subnet-1", "# + pair + "}]}"
            #expect(throws: LoadError.self) { _ = try AWSCLIDocument.read(Array(escaped.utf8), path: "s.json", regionHint: nil) }
        }
        // Many keys in one object, none repeated, are all kept apart.
        let many = "{\"Subnets\": [{" + (0..<300).map { "\"K\($0)\": 1" }.joined(separator: ", ") + ", \"SubnetId\": \"s-1\", \"VpcId\": \"v-1\"}]}"
        #expect(throws: Never.self) { _ = try AWSCLIDocument.read(Array(many.utf8), path: "s.json", regionHint: nil) }
        let manyRepeated = many.replacingOccurrences(of: "\"K299\"", with: "\"K7\"")
        #expect(throws: LoadError.self) { _ = try AWSCLIDocument.read(Array(manyRepeated.utf8), path: "s.json", regionHint: nil) }
        // The same key in sibling objects, or nested, is fine.
        let fine = #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "Tags": [{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}]}, {"SubnetId": "subnet-2", "VpcId": "vpc-1"}]}"#
        #expect(throws: Never.self) { _ = try AWSCLIDocument.read(Array(fine.utf8), path: "s.json", regionHint: nil) }
    }

    @Test func aCIDRWithHostBitsIsReadWithALocatedWarning() throws {
        let text = "{\"Subnets\": [\n  {\"SubnetId\": \"subnet-1\", \"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.1.7/24\"}]}"
        guard case .inventory(let contents) = try AWSCLIDocument.read(Array(text.utf8), path: "s.json", regionHint: nil) else {
            Issue.record("not read as an inventory")
            return
        }
        #expect(contents.subnets.first?.cidr?.description == "10.0.1.0/24")
        #expect(contents.warnings == ["s.json:2:58: warning: \"10.0.1.7/24\" is not a CIDR block as AWS writes it (host bits set, or leading zeros); read as 10.0.1.0/24"])
        let clean = text.replacingOccurrences(of: "10.0.1.7/24", with: "10.0.1.0/24")
        guard case .inventory(let plain) = try AWSCLIDocument.read(Array(clean.utf8), path: "s.json", regionHint: nil) else { return }
        #expect(plain.warnings.isEmpty)
    }

    @Test func csvCellsThatWouldBeFormulasAreNeutralised() {
        var contents = InventoryContents()
        contents.known = Set(ResourceKind.allCases)
        contents.vpcs = [VPC(id: "vpc-1", region: "us-east-1", cidr: IPv4CIDR("10.0.0.0/16"))]
        contents.subnets = [Subnet(id: "subnet-1", vpcID: "vpc-1", availabilityZone: "us-east-1a", cidr: IPv4CIDR("10.0.1.0/24"))]
        contents.endpoints = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "vpce-ok"].map {
            VPCEndpoint(id: $0, vpcID: "vpc-1", kind: .interface, serviceName: "com.amazonaws.us-east-1.kms", subnetIDs: ["subnet-1"])
        }
        let rows = CostReport(inventory: Inventory(contents)).csv().split(separator: "\n").dropFirst()
        let firstCells = rows.map { String($0.prefix { $0 != "," }) }
        #expect(firstCells.contains("\"'=HYPERLINK(\"\"http://x\"\")\"") && firstCells.contains("'+1") && firstCells.contains("'-2")
                && firstCells.contains("'@SUM(A1)") && firstCells.contains("vpce-ok"), "\(firstCells)")
    }
}
