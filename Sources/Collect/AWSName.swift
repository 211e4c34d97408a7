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

    /// A resource ID as AWS writes them (`vpc-0a1b2c`, `tgw-rtb-0a1b…`): a lower-case prefix, then one
    /// or more `-`-separated runs of letters and digits. Never starts with `-`, never holds `,` or `=`
    /// (a filter's separators) or `/` and `.` (it becomes part of a file name).
    static func isResourceID(_ id: String) -> Bool {
        guard let dash = id.firstIndex(of: "-"), id.utf8.count <= 64 else { return false }
        let prefix = id[..<dash], rest = id[id.index(after: dash)...]
        let isLetterOrDigit = { (c: UInt8) in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }
        return !prefix.isEmpty && prefix.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            && rest.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isLetterOrDigit) }
    }

    /// A Route 53 hosted zone ID (`Z0123456789ABCDEFGHIJ`), without the `/hostedzone/` the answers put before it:
    /// upper-case letters and digits.
    static func isHostedZoneID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 32
            && id.utf8.allSatisfy { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    /// An AWS account ID: twelve digits.
    static func isAccountID(_ id: String) -> Bool {
        id.utf8.count == 12 && id.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// An IAM role name (`--role-name`): letters, digits and `+=,.@_-`, at most 64, optionally under a
    /// path (`team/audit`); it becomes part of the role's ARN.
    static func isRoleName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return !name.isEmpty && name.utf8.count <= 512 && parts.last.map { $0.utf8.count <= 64 } == true
            && parts.allSatisfy { part in
                !part.isEmpty && part.utf8.allSatisfy { c in
                    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                        || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || "+=,.@_-".utf8.contains(c)
                }
            }
    }

    /// An AWS partition as an ARN names it (`aws`, `aws-us-gov`, `aws-cn`).
    static func isPartition(_ name: String) -> Bool {
        name.hasPrefix("aws") && name.utf8.count <= 16
            && name.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "-") }
    }
}
