import Model

/// Checks the arguments AWS itself would reject, so a typo is a located error and not a network that
/// silently lacks a block: IPv4 CIDR blocks (`10.0.0.0/33`, `300.1.1.1/8`) and port ranges
/// (outside 0–65535, or reversed).
enum TerraformValidation {
    static let cidrArguments: Set<String> = ["cidr_block", "destination_cidr_block", "cidr_ipv4"]
    static let cidrListArguments: Set<String> = ["cidr_blocks"]
    /// Blocks of a resource that hold CIDR blocks or port ranges themselves.
    static let nestedBlocks: Set<String> = ["ingress", "egress", "route"]

    /// Checks one resource instance's evaluated arguments; `fail` gets the position of the argument at fault.
    static func check(type: String, values: [String: HCLValue], body: HCLBody,
                      fail: (HCLPosition, String) -> LoadError) throws {
        guard type.hasPrefix("aws_") else { return }
        try checkArguments(values, at: { body.attribute($0)?.position ?? body.blocks.first?.position ?? HCLPosition(line: 1, column: 1) },
                           fail: fail)
        for name in nestedBlocks {
            guard let items = values[name]?.elements else { continue }
            let blocks = body.blocks(name)
            for (i, item) in items.enumerated() {
                guard let map = item.attributes else { continue }
                let position = i < blocks.count ? blocks[i].position : (body.attribute(name)?.position ?? HCLPosition(line: 1, column: 1))
                try checkArguments(map, at: { _ in position }, fail: fail)
            }
        }
    }

    static func checkArguments(_ values: [String: HCLValue], at: (String) -> HCLPosition,
                               fail: (HCLPosition, String) -> LoadError) throws {
        func checkCIDR(_ value: HCLValue, _ name: String) throws {
            guard case .string(let text) = value, !text.isEmpty, !text.contains(":") else { return }
            if IPv4CIDR(text) == nil { throw fail(at(name), "\(name): \"\(text)\" is not an IPv4 CIDR block") }
        }
        for name in cidrArguments { if let v = values[name] { try checkCIDR(v, name) } }
        for name in cidrListArguments { for v in values[name]?.elements ?? [] { try checkCIDR(v, name) } }
        let from = values["from_port"]?.numberValue, to = values["to_port"]?.numberValue
        for (name, port) in [("from_port", from), ("to_port", to)] {
            guard let port else { continue }
            guard port == port.rounded(), port >= -1, port <= 65535 else {
                throw fail(at(name), "\(name) \(HCLValue.format(port)) is not a port from 0 to 65535")
            }
        }
        let proto = values["protocol"]?.stringValue ?? values["ip_protocol"]?.stringValue
        if let from, let to, from > to, ["tcp", "udp", "6", "17"].contains(proto?.lowercased() ?? "tcp") {
            throw fail(at("to_port"), "the port range \(HCLValue.format(from))-\(HCLValue.format(to)) is reversed")
        }
    }
}
