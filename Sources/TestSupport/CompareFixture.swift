import Foundation

/// A pair of networks with known differences for `--compare` tests: the article's blog VPC (an
/// aws-cli snapshot directory) and a copy of it written to a temporary directory with the S3 gateway
/// endpoint deleted and the private route tables' S3 prefix-list routes to it gone, as happens when
/// someone deletes the endpoint in the console.
public enum CompareFixture {
    /// The S3 gateway endpoint of the blog fixture.
    public static let s3Endpoint = "vpce-d92fb38065fbf700d"

    /// Writes the copy of `blog` (the fixture directory) without the S3 gateway endpoint into a new
    /// directory `name` under the temporary directory, and returns its path.
    public static func withoutS3Endpoint(copying blog: String, name: String = "vpcx-compare-\(UUID().uuidString)") throws -> String {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent(name).path
        try? fm.removeItem(atPath: dir)
        try fm.copyItem(atPath: blog, toPath: dir)
        try edit(dir + "/describe-vpc-endpoints.json") { json in
            let endpoints = json["VpcEndpoints"] as? [[String: Any]] ?? []
            json["VpcEndpoints"] = endpoints.filter { $0["VpcEndpointId"] as? String != s3Endpoint }
        }
        try edit(dir + "/describe-route-tables.json") { json in
            let tables = json["RouteTables"] as? [[String: Any]] ?? []
            json["RouteTables"] = tables.map { table -> [String: Any] in
                var table = table
                let routes = table["Routes"] as? [[String: Any]] ?? []
                table["Routes"] = routes.filter { $0["GatewayId"] as? String != s3Endpoint }
                return table
            }
        }
        return dir
    }

    static func edit(_ path: String, _ change: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard var json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
        }
        change(&json)
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
    }
}
