import ArgumentParser
import Foundation
import Terminal

/// `--record FILE.cast` on the explorer and the tour: vpcx runs itself again, without the option,
/// under `RecordingRelay`, and ends with the inner run's exit status.
enum Recording {
    /// Never returns: exits (through `ExitCode`) with the recorded run's status, or 2 when the
    /// recording cannot start. A recording that stopped early (a full disk) is said on stderr after
    /// the terminal is restored; the session itself was not cut short.
    static func rerun(recordingTo path: String) throws -> Never {
        let arguments = Array(CommandLine.arguments)
        let inner = [arguments.first ?? "vpcx"] + withoutRecord(Array(arguments.dropFirst()))
        // The running binary itself (a PATH lookup could find another vpcx).
        let executable = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe"
            : (Bundle.main.executablePath ?? arguments.first ?? "vpcx")
        let outcome: RecordingRelay.Outcome
        do {
            outcome = try RecordingRelay.run(executable: executable, arguments: inner, castPath: path,
                                             term: ProcessInfo.processInfo.environment["TERM"])
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        if let failure = outcome.failure { printError("\(path): error: \(failure)") }
        throw ExitCode(outcome.status)
    }

    /// The arguments with `--record FILE` (or `--record=FILE`) taken out.
    static func withoutRecord(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--record" { skipNext = true; continue }
            if argument.hasPrefix("--record=") { continue }
            out.append(argument)
        }
        return out
    }
}
