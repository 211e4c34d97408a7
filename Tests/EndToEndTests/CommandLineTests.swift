import Foundation
import Testing

/// The command-line contract: exit codes and located errors.
@Suite struct CommandLineTests {
    @Test func badInputIsALocatedErrorAndExitTwo() throws {
        let dir = NSTemporaryDirectory() + "vpcx-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("{\"Vpcs\": [{\"VpcId\": ".utf8).write(to: URL(fileURLWithPath: dir + "/truncated.json"))
        let result = try BuiltBinary.run(["snapshot", dir + "/truncated.json"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(dir + "/truncated.json:1:21: error: "))
        let missing = try BuiltBinary.run(["snapshot", dir + "/nope"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
    }

    /// A value an option cannot take is bad usage: exit 2, with the option named.
    @Test(arguments: ["0x5", "80", "80x24x1", "1001x10", "wide"])
    func aScreenSizeOutOfShapeIsBadUsage(_ size: String) throws {
        let result = try BuiltBinary.run(["snapshot", "--size", size])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--size"))
    }

    @Test func standardInputIsASource() throws {
        let vpcs = try String(contentsOfFile: BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1/describe-vpcs.json", encoding: .utf8)
        let result = try BuiltBinary.run(["snapshot", "-", "--size", "100x20"], stdin: vpcs)
        #expect(result.status == 0)
        #expect(result.stdout.contains("main-vpc"))
        #expect(result.stdout.contains("<stdin>"))
    }

    @Test func snapshotPressesKeysAndPrintsTheScreen() throws {
        let result = try BuiltBinary.run(["snapshot", "--size", "80x24", "--keys", "j j j"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 24 || lines.count == 25)
        #expect(result.stdout.contains("Subnet private-a"))
        let ascii = try BuiltBinary.run(["snapshot", "--ascii", "--size", "80x24"])
        #expect(ascii.stdout.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func withoutATerminalTheExplorerSaysSo() throws {
        let result = try BuiltBinary.run([])
        #expect(result.status == 2)
        #expect(result.stderr.lowercased().contains("terminal"))
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownThemeIsAnError() throws {
        let result = try BuiltBinary.run(["--theme", "no-such-theme"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("default-dark"))
    }
}
