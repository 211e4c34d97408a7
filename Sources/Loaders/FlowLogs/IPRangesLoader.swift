import Foundation
import JSONText
import Model

/// AWS's `ip-ranges.json` (https://ip-ranges.amazonaws.com/ip-ranges.json) into a prefix index:
/// `{"syncToken", "createDate": "YYYY-MM-DD-hh-mm-ss", "prefixes": [{"ip_prefix", "region", "service",
/// "network_border_group"}], "ipv6_prefixes": [...]}`. IPv6 blocks are not read (flow records vpcx
/// prices are IPv4).
public enum IPRangesLoader {
    /// Reads the file; a file that is not in AWS's shape is a located error.
    public static func load(path: String) throws(LoadError) -> IPRanges {
        let bytes = try FileBytes.read(path: path)
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw LoadError(path: path, line: error.line, column: error.column, message: "not JSON: \(error.message)")
        }
        guard let prefixes = root["prefixes"]?.arrayValue else {
            throw LoadError(path: path, line: 1, column: 1, message: "not AWS's ip-ranges.json: no \"prefixes\" list")
        }
        var ranges = IPRanges()
        ranges.createDate = root["createDate"]?.stringValue
        ranges.created = ranges.createDate.flatMap(created)
        for (i, entry) in prefixes.enumerated() {
            guard let text = entry["ip_prefix"]?.stringValue, let cidr = IPv4CIDR(text), let service = entry["service"]?.stringValue else {
                throw LoadError(path: path, message: "prefixes[\(i)]: needs an IPv4 \"ip_prefix\" and a \"service\"")
            }
            ranges.add(cidr, service: service)
        }
        return ranges
    }

    /// `2024-05-01-12-00-00` as Unix seconds (UTC), nil when it is not that shape.
    static func created(_ text: String) -> Double? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        (components.hour, components.minute, components.second) = (parts[3], parts[4], parts[5])
        return components.date?.timeIntervalSince1970
    }

    /// What to say about the ranges' age: nil when fresh, else why attribution may miss addresses.
    public static func staleness(_ ranges: IPRanges?, path: String?, now: Double = Date().timeIntervalSince1970) -> String? {
        guard let ranges else {
            return "no --ip-ranges FILE: traffic to AWS addresses is told apart only by pkt-dst-aws-service and endpoint ENIs (download https://ip-ranges.amazonaws.com/ip-ranges.json)"
        }
        guard let created = ranges.created else { return "\(path ?? "ip-ranges.json") has no createDate: its age is unknown" }
        let days = (now - created) / 86400
        if days > 30 {
            return "\(path ?? "ip-ranges.json") is \(Int(days)) days old (createDate \(ranges.createDate ?? "?")); AWS adds ranges often: download a new one"
        }
        return nil
    }
}
