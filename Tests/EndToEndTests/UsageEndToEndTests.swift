import Foundation
import TestSupport
import Testing

/// `--usage FILE` through the real binary: `vpcx cost` prices it as it prices the same `--gb`, its
/// mistakes are located errors, and the explorer writes typed figures back to it.
@Suite(.serialized) struct UsageEndToEndTests {
    static let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
    static let logs = "vpce-9487f7f5eedac28a1"

    /// A scratch directory with `usage.yaml` holding `text`.
    func withUsage(_ text: String, _ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "vpcx-usage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try text.write(toFile: directory + "/usage.yaml", atomically: true, encoding: .utf8)
        try body(directory)
    }

    @Test func costWithAUsageFileIsCostWithTheSameGB() throws {
        try withUsage("version: 1\nvpcs:\n  \"*\":\n    s3: 4000\n    logs: 300\n") { directory in
            let environment = ["XDG_CONFIG_HOME": "/nonexistent"]
            let usage = try BuiltBinary.run(["cost", Self.blog, "--usage", directory + "/usage.yaml", "--format", "csv"], environment: environment)
            let flags = try BuiltBinary.run(["cost", Self.blog, "--gb", "s3=4000", "--gb", "logs=300", "--format", "csv"], environment: environment)
            #expect(usage.status == 0 && flags.status == 0)
            #expect(usage.stdout == flags.stdout)
            let text = try BuiltBinary.run(["cost", Self.blog, "--usage", directory + "/usage.yaml"], environment: environment)
            #expect(text.stdout.contains("Traffic: from the usage file"))
            // --gb on top of the file wins for its service.
            let over = try BuiltBinary.run(["cost", Self.blog, "--usage", directory + "/usage.yaml", "--gb", "logs=1", "--format", "csv"],
                                           environment: environment)
            let same = try BuiltBinary.run(["cost", Self.blog, "--gb", "s3=4000", "--gb", "logs=1", "--format", "csv"], environment: environment)
            #expect(over.stdout == same.stdout)
        }
    }

    @Test func aTypoInTheUsageFileIsALocatedErrorWithASuggestion() throws {
        try withUsage("version: 1\nvpcs:\n  main-vpc:\n    s3x: 4000\n") { directory in
            for command in [["cost"], ["check"], ["snapshot"]] {
                let result = try BuiltBinary.run(command + [Self.blog, "--usage", directory + "/usage.yaml"],
                                                 environment: ["XDG_CONFIG_HOME": "/nonexistent"])
                #expect(result.status == 2, "\(command)")
                #expect(result.stderr.hasPrefix("\(directory)/usage.yaml:4:5: error: unknown service 's3x' (did you mean 's3'?)"), "\(result.stderr)")
            }
        }
    }

    @Test func theConfigNamesAUsageFile() throws {
        try withUsage("version: 1\nvpcs:\n  main-vpc:\n    logs: 300\n") { directory in
            try FileManager.default.createDirectory(atPath: directory + "/vpcx", withIntermediateDirectories: true)
            try "usage: ../usage.yaml\n".write(toFile: directory + "/vpcx/config.yaml", atomically: true, encoding: .utf8)
            let fromConfig = try BuiltBinary.run(["cost", Self.blog, "--format", "csv"], environment: ["XDG_CONFIG_HOME": directory])
            let flags = try BuiltBinary.run(["cost", Self.blog, "--gb", "main-vpc:logs=300", "--format", "csv"],
                                            environment: ["XDG_CONFIG_HOME": "/nonexistent"])
            #expect(fromConfig.status == 0 && fromConfig.stdout == flags.stdout)
        }
    }

    @Test(.enabled(if: TmuxSession.executable != nil, "tmux is not installed"))
    func theExplorerWritesATypedFigureBackAndRefusesAFileChangedOnDisk() throws {
        let session = try TmuxSession(width: 120, height: 40)
        defer { session.close() }
        let usage = session.file("usage.yaml").path
        try "version: 1\nvpcs:\n  main-vpc:\n    s3: 4000\n".write(toFile: usage, atomically: true, encoding: .utf8)
        startInTmux(session, arguments: "--usage usage.yaml --gb sts=2", environment: "TERM=tmux-256color LANG=C.UTF-8 XDG_CONFIG_HOME=/nonexistent")
        _ = session.screen { $0.contains("Navigator") && $0.contains("main-vpc") }
        session.tmux(["send-keys", "-l", ":" + Self.logs])
        session.press("Enter")
        session.press("6")
        _ = session.screen { $0.contains("Cost: logs") }
        session.press("e")
        _ = session.screen { $0.contains("GB/month for logs") }
        session.tmux(["send-keys", "-l", "1500"])
        session.press("Enter")
        var screen = session.screen { $0.contains("1,500.0 GB/month") }
        #expect(screen.contains("edited (w writes)"))
        session.press("w")
        screen = session.screen { $0.contains("wrote ") }
        let written = try String(contentsOfFile: usage, encoding: .utf8)
        #expect(written.contains("logs: 1500") && written.contains("s3: 4000") && written.contains("sts: 2"), "\(written)")
        // Someone else edits the file: the next write says so and leaves their file alone.
        try "version: 1\nvpcs: {}\n".write(toFile: usage, atomically: true, encoding: .utf8)
        session.press("+")
        session.press("w")
        screen = session.screen { $0.contains("changed on disk") }
        #expect(screen.contains("changed on disk"))
        #expect(try String(contentsOfFile: usage, encoding: .utf8) == "version: 1\nvpcs: {}\n")
        session.press("q")
        _ = session.sttyAfterExit()
        #expect(session.exitStatus == "exit=0")
    }
}

/// `vpcx traffic` and `--flow-logs` through the real binary, on logs the generator writes.
@Suite struct TrafficEndToEndTests {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func measuredTrafficWritesAUsageFileThatCostsWhatTheLogsCost() throws {
        let directory = NSTemporaryDirectory() + "vpcx-traffic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
        {"window_hours": 1, "flows": [{"subnet": "private-a", "service": "s3", "gb_per_month": 3200},
                                      {"subnet": "private-b", "service": "logs", "gb_per_month": 40}]}
        """.write(toFile: directory + "/matrix.json", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = [BuiltBinary.packageRoot + "/scripts/make-flow-logs.py", "--network", BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1",
                             "--matrix", directory + "/matrix.json", "--out", directory + "/logs", "--format", "custom", "--gzip", "--layout", "s3"]
        try process.run()
        process.waitUntilExit()
        let blog = BuiltBinary.fixtures + "/aws-cli/blog-eu-west-1"
        let environment = ["XDG_CONFIG_HOME": "/nonexistent"]
        let usage = try BuiltBinary.run(["traffic", directory + "/logs", "--source", blog, "--format", "usage"], environment: environment)
        #expect(usage.status == 0)
        #expect(usage.stdout.contains("s3:") && usage.stdout.contains(": 3200"), "\(usage.stdout)")
        try usage.stdout.write(toFile: directory + "/usage.yaml", atomically: true, encoding: .utf8)
        let fromLogs = try BuiltBinary.run(["cost", blog, "--flow-logs", directory + "/logs", "--format", "csv"], environment: environment)
        let fromFile = try BuiltBinary.run(["cost", blog, "--usage", directory + "/usage.yaml", "--format", "csv"], environment: environment)
        #expect(fromLogs.status == 0 && fromFile.status == 0)
        #expect(fromLogs.stdout == fromFile.stdout)
        #expect(fromLogs.stderr.contains("note: measured over 1.0 hours of flow logs"))
        let text = try BuiltBinary.run(["cost", blog, "--flow-logs", directory + "/logs"], environment: environment)
        #expect(text.stdout.contains("From the measured traffic:"))
        #expect(text.stdout.contains("logs endpoint vpce-9487f7f5eedac28a1 carries 40.0 GB, below its break-even"))
        let missing = try BuiltBinary.run(["traffic", directory + "/nothing-here"], environment: environment)
        #expect(missing.status == 2 && missing.stderr.hasPrefix(directory + "/nothing-here: error: no such file"))
    }
}
