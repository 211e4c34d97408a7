import Foundation

/// Where the copied fixtures live (Tests/LoadersTests/Fixtures), found from this file's path so the
/// tests run the same from `swift test` anywhere.
enum FixturePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let blog = root + "/aws-cli/blog-eu-west-1"
    static let broken = root + "/aws-cli/broken-us-east-1"

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "vpcx-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
