/// Names from the command line, the environment or an aws CLI answer that collect puts into a
/// path or an argument list. An answer is untrusted like any input: a region named
/// `../../../../etc/x` would write outside `--output`, and one starting with `--` would become an
/// option of the next call. Only names of AWS's own shapes are used.
enum AWSName {
    /// A region name as AWS spells them: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`,
    /// `us-isob-east-1`: lower-case words joined by `-`, the first of two letters, ending in a number.
    static func isRegion(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, name.utf8.count <= 32, let first = parts.first, let last = parts.last else { return false }
        let isLetters = { (s: Substring) in !s.isEmpty && s.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") } }
        let isDigits = { (s: Substring) in !s.isEmpty && s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        return first.utf8.count == 2 && isLetters(first) && isDigits(last) && parts.dropFirst().dropLast().allSatisfy(isLetters)
    }

    /// A resource ID as AWS writes them (`vpc-0a1b2c`, `eni-…`): a lower-case prefix, `-`, then
    /// letters and digits. Never starts with `-`, never holds `,` (a filter's value separator).
    static func isResourceID(_ id: String) -> Bool {
        guard let dash = id.firstIndex(of: "-"), id.utf8.count <= 64 else { return false }
        let prefix = id[..<dash], rest = id[id.index(after: dash)...]
        return !prefix.isEmpty && prefix.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            && !rest.isEmpty && rest.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            }
    }
}
