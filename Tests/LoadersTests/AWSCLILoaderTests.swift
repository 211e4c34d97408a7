import Foundation
import Testing
@testable import Loaders
import Model

@Suite struct AWSCLILoaderTests {
    @Test func loadsTheArticlesNetwork() throws {
        let inventory = try SourceLoader.load([FixturePaths.blog])
        #expect(inventory.vpcs.count == 1)
        let vpc = try #require(inventory.vpcs.first)
        #expect(vpc.cidr?.description == "10.0.0.0/16")
        #expect(vpc.enableDnsSupport == true && vpc.enableDnsHostnames == true)
        #expect(vpc.region == "eu-west-1")
        #expect(inventory.region == "eu-west-1")
        #expect(inventory.account == "123456789012")
        #expect(inventory.subnets.count == 6)
        #expect(Set(inventory.subnets.compactMap(\.availabilityZone)).count == 3)
        #expect(inventory.natGateways.count == 3)
        let gateway = inventory.endpoints.filter { $0.kind == .gateway }
        let interface = inventory.endpoints.filter { $0.kind == .interface }
        #expect(Set(gateway.map(\.service)) == ["s3", "dynamodb"])
        #expect(interface.count == 9)
        #expect(interface.allSatisfy { $0.privateDNSEnabled && $0.networkInterfaceIDs.count == 3 })
        #expect(inventory.networkInterfaces.count == 30)
        let s3 = try #require(gateway.first { $0.service == "s3" })
        #expect(s3.policyDocument?.contains("AllowECRBuckets") == true)
        #expect(s3.routeTableIDs.count == 3)
        #expect(ResourceKind.allCases.allSatisfy { inventory.knows($0) })
    }

    @Test func routesAndAssociationsResolve() throws {
        let inventory = try SourceLoader.load([FixturePaths.blog])
        let privateSubnet = try #require(inventory.subnets.first { $0.name?.hasPrefix("private") == true })
        let table = try #require(inventory.routeTable(forSubnet: privateSubnet.id))
        #expect(table.routes.contains { $0.destination == .cidr(.anywhere) && { if case .natGateway = $0.target { true } else { false } }($0) })
        #expect(table.routes.contains { if case .prefixList = $0.destination { true } else { false } })
        let main = try #require(inventory.routeTables.first { $0.isMain })
        #expect(main.routes.count == 1)
    }

    @Test func theBuiltInDemoIsTheBlogFixture() throws {
        let fixture = try SourceLoader.load([FixturePaths.blog])
        let demo = SourceLoader.demo()
        #expect(demo.vpcs == fixture.vpcs)
        #expect(demo.subnets == fixture.subnets)
        #expect(demo.endpoints == fixture.endpoints)
        #expect(demo.routeTables == fixture.routeTables)
        #expect(demo.networkInterfaces == fixture.networkInterfaces)
        #expect(demo.sources.first?.format == .demo)
        // The compiled-in copy is byte for byte the fixture.
        let demoDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Loaders/Demo/blog-eu-west-1").standardized.path
        for name in try FileManager.default.contentsOfDirectory(atPath: FixturePaths.blog) {
            #expect(FileManager.default.contentsEqual(atPath: demoDir + "/" + name, andPath: FixturePaths.blog + "/" + name), "\(name)")
        }
    }

    @Test func filesAreRecognisedByContentNotName() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in try FileManager.default.contentsOfDirectory(atPath: FixturePaths.blog) {
            try FileManager.default.copyItem(atPath: FixturePaths.blog + "/" + name, toPath: dir + "/x-" + UUID().uuidString + ".json")
        }
        let inventory = try SourceLoader.load([dir])
        #expect(inventory.endpoints.count == 11)
    }

    @Test func aMissingFileTypeIsUnknownNotEmpty() throws {
        let inventory = try SourceLoader.load([FixturePaths.blog + "/describe-vpcs.json", FixturePaths.blog + "/describe-subnets.json"])
        #expect(inventory.knows(.subnets))
        #expect(!inventory.knows(.securityGroups))
        #expect(!inventory.knows(.vpcAttributes))
        #expect(inventory.vpcs.first?.enableDnsHostnames == nil)
    }

    @Test func severalSourcesMerge() throws {
        let inventory = try SourceLoader.load([FixturePaths.blog, FixturePaths.broken])
        #expect(inventory.vpcs.count == 2)
        #expect(Set(inventory.vpcs.compactMap(\.region)) == ["eu-west-1", "us-east-1"])
        #expect(inventory.vpcs.allSatisfy { $0.enableDnsSupport != nil })
    }

    @Test func attributesMergeWhicheverFileComesFirst() throws {
        let attributesFirst = try SourceLoader.load([FixturePaths.blog + "/describe-vpc-attribute.json", FixturePaths.blog + "/describe-vpcs.json"])
        let vpc = try #require(attributesFirst.vpcs.first)
        #expect(vpc.cidr != nil && vpc.enableDnsHostnames == true && vpc.name == "main-vpc" || vpc.cidr != nil)
        #expect(vpc.enableDnsHostnames == true)
        #expect(attributesFirst.vpcs.count == 1)
    }

    @Test func stateIsComparedCaseInsensitively() throws {
        let text = #"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.us-east-1.s3", "VpcEndpointType": "gateway", "State": "Available"}]}"#
        let contents = try load(text)
        #expect(contents.endpoints.first?.isAvailable == true)
        #expect(contents.endpoints.first?.kind == .gateway)
    }

    @Test func instanceENIsAreCountedPerSubnetAndServiceENIsKept() throws {
        let text = #"""
        {"NetworkInterfaces": [
          {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-a", "VpcId": "vpc-1", "InterfaceType": "interface", "Description": "", "TagSet": [{"Key": "Name", "Value": "app"}]},
          {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-a", "VpcId": "vpc-1", "InterfaceType": "interface"},
          {"NetworkInterfaceId": "eni-3", "SubnetId": "subnet-b", "VpcId": "vpc-1", "InterfaceType": "vpc_endpoint", "PrivateIpAddress": "10.0.2.9",
           "Groups": [{"GroupId": "sg-1", "GroupName": "x"}], "TagSet": [{"Key": "Name", "Value": "endpoint eni"}], "AvailabilityZone": "eu-west-1b"},
          {"NetworkInterfaceId": "eni-4", "SubnetId": "subnet-b", "VpcId": "vpc-1", "InterfaceType": "interface", "Description": "VPC Endpoint Interface vpce-1"}
        ]}
        """#
        let contents = try load(text)
        #expect(contents.networkInterfaces.map(\.id) == ["eni-3", "eni-4"])
        #expect(contents.otherInterfaceCount == ["subnet-a": 2])
        let eni = try #require(contents.networkInterfaces.first)
        #expect(eni.privateIP?.description == "10.0.2.9" && eni.securityGroupIDs == ["sg-1"] && eni.name == "endpoint eni")
        #expect(eni.availabilityZone == "eu-west-1b")
    }

    @Test func unknownFieldsAndNullsAreFine() throws {
        let text = #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "Future": {"x": [1, 2]}, "Tags": null, "CidrBlock": "10.0.0.0/24", "AvailabilityZone": null}], "NextToken": null}"#
        let contents = try load(text)
        #expect(contents.subnets.first?.cidr?.description == "10.0.0.0/24")
        #expect(contents.subnets.first?.availabilityZone == nil)
    }

    @Test(arguments: [
        ("{\"Vpcs\": [{\"VpcId\": \"vpc-1\"", 1, 28, "end of input"),
        ("{\"Vpcs\": [{\"VpcId\": 5}]}", 1, 21, "expected a string"),
        ("{\"Vpcs\": [{\"CidrBlock\": \"10.0.0.0/16\"}]}", 1, 11, "no VpcId"),
        ("{\n  \"Subnets\": [{\"SubnetId\": \"s\", \"VpcId\": \"v\", \"CidrBlock\": \"10.0.0/24\"}]}", 2, 59, "not an IPv4 CIDR"),
        ("\u{7f}ELF\u{0}\u{1}", 1, 1, "expected a value"),
        ("{\"Something\": []}", 1, 1, "not the output of an aws ec2 describe-* call"),
    ])
    func badInputNamesFileLineAndColumn(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SourceLoader.load([path])
        } throws: { error in
            guard let e = error as? LoadError else { return false }
            return e.path == path && e.line == line && e.column == column && e.message.contains(message)
                && e.description.hasPrefix("\(path):\(line):\(column): error: ")
        }
    }

    @Test func emptyFilesAndEmptyDirectoriesAreErrors() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: LoadError.self) { _ = try SourceLoader.load([dir]) }
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.json"))
        #expect { _ = try SourceLoader.load([dir + "/empty.json"]) } throws: { ($0 as? LoadError)?.message.contains("empty file") == true }
        #expect { _ = try SourceLoader.load([dir + "/missing.json"]) } throws: { ($0 as? LoadError)?.message.contains("no such file") == true }
    }

    /// The directory walk (readdir, issue 17) lists what FileManager's enumerator listed: `.json` entries at
    /// any depth, manifest first then by path, hidden files and folders left out, a link listed as itself
    /// and never walked into, a REGION/ folder's name as its files' region, paths spelled from the source.
    @Test func aDirectoryListsItsJSONFilesInMergeOrder() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let elsewhere = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let fm = FileManager.default
        for folder in ["eu-west-1", "not-a-region/deeper", ".hidden", "b.json"] {
            try fm.createDirectory(atPath: dir + "/" + folder, withIntermediateDirectories: true)
        }
        try fm.createDirectory(atPath: elsewhere + "/eu-west-2", withIntermediateDirectories: true)
        for file in ["z.json", "manifest.json", "notes.txt", ".secret.json", "eu-west-1/vpcs.json",
                     "not-a-region/deeper/subnets.json", ".hidden/x.json"] {
            try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/" + file))
        }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: elsewhere + "/eu-west-2/far.json"))
        try fm.createSymbolicLink(atPath: dir + "/linked", withDestinationPath: elsewhere)
        try fm.createSymbolicLink(atPath: dir + "/link.json", withDestinationPath: dir + "/z.json")
        #expect(mkfifo(dir + "/pipe.json", 0o600) == 0)

        for spelled in [dir, dir + "/"] {
            let files = try SourceLoader.inventoryFiles(in: spelled)
            #expect(files.map(\.path) == ["manifest.json", "b.json", "eu-west-1/vpcs.json", "link.json",
                                          "not-a-region/deeper/subnets.json", "pipe.json", "z.json"].map { dir + "/" + $0 })
            #expect(files.map(\.regionHint) == [nil, nil, "eu-west-1", nil, nil, nil, nil])
            #expect(files.allSatisfy { $0.root == spelled })
            #expect(files.first { $0.path.hasSuffix("vpcs.json") }?.size == 2)
        }
        // An entry that is no regular file is refused by name when it is read (in path order), a FIFO
        // without waiting for a writer.
        #expect { _ = try SourceLoader.load([dir]) } throws: { error in
            guard let e = error as? LoadError else { return false }
            return e.path == dir + "/b.json" && e.message.contains("is a directory")
        }
        try fm.removeItem(atPath: dir + "/b.json")
        #expect { _ = try SourceLoader.load([dir]) } throws: { error in
            guard let e = error as? LoadError else { return false }
            return e.path == dir + "/pipe.json" && e.message.contains("is a FIFO")
        }
        #expect(throws: LoadError.self) { _ = try SourceLoader.inventoryFiles(in: dir + "/missing") }
    }

    private func load(_ text: String) throws -> InventoryContents {
        guard case .inventory(let contents) = try AWSCLIDocument.read(Array(text.utf8), path: "test.json", regionHint: nil) else {
            throw LoadError(path: "test.json", message: "unrecognised")
        }
        return contents
    }
}
