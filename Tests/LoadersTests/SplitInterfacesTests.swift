import Foundation
import JSONText
import Testing
@testable import Loaders
import Model

/// The ENI list read in parts on every core gives the inventory and the located errors that reading
/// it front to back gives (the large file's parts are guessed at item boundaries, then proven).
@Suite struct SplitInterfacesTests {
    /// A describe-network-interfaces answer as the aws CLI prints it: endpoint, NAT and instance ENIs,
    /// tags, groups, IPv6 addresses, descriptions that look like item boundaries.
    func answer(count: Int, broken: Int? = nil) -> String {
        var items: [String] = []
        for i in 0..<count {
            let subnet = "subnet-\(String(format: "%04x", i % 13))"
            let kind = i % 9 == 0 ? "vpc_endpoint" : i % 11 == 0 ? "nat_gateway" : "interface"
            let description = i % 9 == 0 ? "VPC Endpoint Interface vpce-\(i)" : i % 4 == 0 ? #"}, {\"NetworkInterfaceId\": \"eni-fake\"}, {"# : "instance \(i)"
            let id = i == broken ? "" : #""NetworkInterfaceId": "eni-\#(String(format: "%08x", i))","#
            items.append("""
                    {
                        "AvailabilityZone": "eu-west-1\(["a", "b", "c"][i % 3])",
                        "Description": "\(description)",
                        "Groups": [{"GroupId": "sg-\(i % 5)", "GroupName": "g"}],
                        "InterfaceType": "\(kind)",
                        "Ipv6Addresses": [\(i % 6 == 0 ? #"{"Ipv6Address": "2001:db8::\#(i)"}"# : "")],
                        \(id)
                        "PrivateIpAddress": "10.0.\(i / 250 % 250).\(i % 250 + 1)",
                        "RequesterManaged": \(kind != "interface"),
                        "Status": "in-use",
                        "SubnetId": "\(subnet)",
                        "TagSet": [{"Key": "Name", "Value": "eni \(i)"}],
                        "VpcId": "vpc-1"
                    }
            """)
        }
        return "{\n    \"NetworkInterfaces\": [\n" + items.joined(separator: ",\n") + "\n    ]\n}\n"
    }

    func read(_ text: String, parts: Int = 1, minimumPartBytes: Int = .max) throws(JSONError) -> InventoryContents {
        let input = JSONInput(bytes: Array(text.utf8))
        var r = input.reader()
        r.rejectsDuplicateKeys = true
        var contents = InventoryContents()
        try r.beginObject()
        while let key = try r.nextKey() {
            if key.equals("NetworkInterfaces") {
                try AWSCLIResources.networkInterfaces(&r, into: &contents, keeping: ["eni-00000002"], parts: parts,
                                                      minimumPartBytes: minimumPartBytes)
            } else {
                try r.skipValue()
            }
        }
        try r.expectEnd()
        return contents
    }

    @Test func partsGiveTheSameInterfacesAndCounts() throws {
        let text = answer(count: 600)
        let serial = try read(text)
        #expect(serial.networkInterfaces.count > 100)
        #expect(serial.networkInterfaces.contains { $0.id == "eni-00000002" })
        #expect(serial.otherInterfaceCount.values.reduce(0, +) + serial.networkInterfaces.count == 600)
        for (parts, minimum) in [(2, 4096), (3, 20_000), (7, 4096), (2, 100_000)] {
            let split = try read(text, parts: parts, minimumPartBytes: minimum)
            #expect(split.networkInterfaces.map(\.id) == serial.networkInterfaces.map(\.id), "\(parts) parts of \(minimum) bytes")
            #expect(split.networkInterfaces.map(\.tags) == serial.networkInterfaces.map(\.tags))
            #expect(split.networkInterfaces.map(\.ipv6Addresses) == serial.networkInterfaces.map(\.ipv6Addresses))
            #expect(split.networkInterfaces.map(\.securityGroupIDs) == serial.networkInterfaces.map(\.securityGroupIDs))
            #expect(split.otherInterfaceCount == serial.otherInterfaceCount)
        }
    }

    @Test func anErrorInTheSecondHalfIsLocatedAsInASerialRead() throws {
        let text = answer(count: 600, broken: 450)
        var serial: JSONError?
        do { _ = try read(text) } catch { serial = error }
        let error = try #require(serial)
        #expect(error.message.contains("no NetworkInterfaceId"))
        for (parts, minimum) in [(2, 4096), (5, 4096), (2, 50_000)] {
            var split: JSONError?
            do { _ = try read(text, parts: parts, minimumPartBytes: minimum) } catch { split = error }
            #expect(split == error)
        }
    }

    @Test func aMappedFileLoadsAsItsBytesDo() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = answer(count: 300)
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/describe-network-interfaces.json"))
        // With a byte-order mark (PowerShell's UTF-8): the same inventory, nothing copied.
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: dir + "/bom.json"))
        let plain = try SourceLoader.loadContents([dir + "/describe-network-interfaces.json"])
        let marked = try SourceLoader.loadContents([dir + "/bom.json"])
        #expect(plain.networkInterfaces.map(\.id) == marked.networkInterfaces.map(\.id))
        #expect(plain.otherInterfaceCount == marked.otherInterfaceCount)
        #expect(plain.networkInterfaces.count + plain.otherInterfaceCount.values.reduce(0, +) == 300)
    }
}
