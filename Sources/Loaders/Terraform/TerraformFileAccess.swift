import Foundation

/// Which files a configuration's functions may read: those inside its directory tree (and the
/// directories `--allow-read` names). `file("/proc/self/environ")` or `templatefile("../../etc/passwd")`
/// gives an unknown value and a note, never the file's bytes.
struct TerraformFileAccess {
    /// The program whose tree is readable and where a refused read is noted; nil: only the evaluator's base directory.
    weak var program: TerraformProgram?

    /// Whether `path` may be read from an evaluator based in `base`. A refused read is noted on the program.
    func mayRead(_ path: String, base: String, call: String) -> Bool {
        let allowed = program?.mayRead(path) ?? {
            let real = TerraformProgram.realPath(path), root = TerraformProgram.realPath(base)
            return real == root || real.hasPrefix(root + "/")
        }()
        if !allowed {
            program?.gap("\(call)(\"\(path)\") was not read: the file is outside the configuration's directory (--allow-read DIR permits it)")
        }
        return allowed
    }

    /// The bytes of a regular file no larger than `limit` (not a FIFO, a device or a directory), read
    /// the way every source is (`FileBytes`).
    static func regularFileContents(_ path: String, limit: Int = 64 << 20) -> Data? {
        (try? FileBytes.read(path: path, limit: min(limit, FileBytes.sizeLimit))).map { Data($0) }
    }
}
