import Foundation
import TestSupport
import Testing

/// The release binary `scripts/dist` builds, checked as a bastion would see it. `.ci/run` sets
/// VPCX_DIST_BINARY after building it; without the variable the suite has nothing to check.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["VPCX_DIST_BINARY"] != nil))
struct DistArtifactTests {
    let binary: String = {
        let given = ProcessInfo.processInfo.environment["VPCX_DIST_BINARY"] ?? ""
        return given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
    }()
    /// The newest glibc the binary may need (Amazon Linux 2023, RHEL 9).
    let pin = ProcessInfo.processInfo.environment["VPCX_GLIBC_PIN"] ?? "2.34"

    /// Runs a tool with an exact environment; its output.
    func run(_ argv: [String], environment: [String: String]) throws -> BuiltBinary.Result {
        let scratch = NSTemporaryDirectory() + "vpcx-dist-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let status = Spawn.run(argv, stdout: scratch + "/out", stderr: scratch + "/err", environment: environment,
                               newSession: true) ?? -1
        return BuiltBinary.Result(status: status, stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
                                  stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }

    var path: [String: String] { ["PATH": "/usr/bin:/bin"] }

    @Test func linksNoSwiftLibrary() throws {
        let ldd = try run(["/usr/bin/env", "ldd", binary], environment: path)
        #expect(ldd.status == 0, "\(ldd.stderr)")
        // `\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x…)`: the first word is the library.
        let libraries = ldd.stdout.split(separator: "\n").compactMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) }
        #expect(!libraries.isEmpty)
        #expect(!ldd.stdout.lowercased().contains("swift") && !ldd.stdout.contains("Foundation") && !ldd.stdout.contains("icu"))
        let allowed = ["linux-vdso", "libc.so", "libm.so", "libstdc++", "libgcc_s", "libncursesw", "libtinfo", "libz.so", "ld-linux", "libpthread", "libdl"]
        for library in libraries {
            #expect(allowed.contains { library.hasPrefix($0) || library.contains("/" + $0) }, "unexpected dependency \(library)")
        }
    }

    @Test func needsNoGlibcAboveThePin() throws {
        let objdump = try run(["/usr/bin/env", "objdump", "-T", binary], environment: path)
        #expect(objdump.status == 0, "\(objdump.stderr)")
        var newest: [Int] = [0]
        var offenders: [String] = []
        for line in objdump.stdout.split(separator: "\n") {
            guard let range = line.range(of: #"GLIBC_[0-9.]+"#, options: .regularExpression) else { continue }
            let version = line[range].dropFirst("GLIBC_".count).split(separator: ".").compactMap { Int($0) }
            if version.lexicographicallyPrecedes(newest) == false { newest = version }
            if pin.split(separator: ".").compactMap({ Int($0) }).lexicographicallyPrecedes(version) { offenders.append(String(line)) }
        }
        #expect(newest.count >= 2, "objdump listed glibc versions")
        #expect(offenders.isEmpty, "symbols above GLIBC_\(pin): \(offenders)")
    }

    @Test func snapshotRunsWithAnEmptyEnvironmentFromAnEmptyDirectory() throws {
        let empty = NSTemporaryDirectory() + "vpcx-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        // `env -i`: no PATH, HOME, TERM or LD_LIBRARY_PATH.
        let quoted = { (s: String) in "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let result = try run(["/bin/sh", "-c", "cd \(quoted(empty)) && exec /usr/bin/env -i \(quoted(binary)) snapshot --size 80x24"],
                             environment: ["LD_LIBRARY_PATH": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 24 && result.stdout.contains("vpc-"), "the demo's first screen")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty, "and it wrote nothing")
    }

    @Test func versionNamesTheCommit() throws {
        let result = try run([binary, "--version"], environment: [:])
        #expect(result.status == 0)
        let commit = try run(["/usr/bin/env", "git", "-C", BuiltBinary.packageRoot, "rev-parse", "--short=12", "HEAD"], environment: path)
        let head = commit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!head.isEmpty)
        #expect(result.stdout.hasPrefix("0.1.0 (commit \(head)"), "\(result.stdout)")
    }
}
