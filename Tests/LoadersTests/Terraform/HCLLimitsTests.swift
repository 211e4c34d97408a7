import Foundation
import Model
import Testing
@testable import Loaders

/// Each bound on hostile HCL, just under (loads) and just over (a located error, never a crash or a hang).
@Suite struct HCLLimitsTests {
    static func load(_ files: [String: String]) throws -> InventoryContents {
        try TerraformLoader.load(path: try TerraformFixtures.directory(files))
    }

    static func local(_ expression: String) -> [String: String] {
        ["main.tf": "locals {\n  x = \(expression)\n}\n"]
    }

    /// Loading `files` fails with a located error whose message contains `message`.
    static func fails(_ files: [String: String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try load(files)
            Issue.record("expected an error containing \"\(message)\"", sourceLocation: sourceLocation)
        } catch let error as LoadError {
            #expect(error.line != nil, "not located: \(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(message), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a LoadError: \(error)", sourceLocation: sourceLocation)
        }
    }

    static let depth = HCLParser.maxDepth

    static func nested(_ form: String, _ n: Int) -> String {
        switch form {
        case "parentheses": return String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        case "brackets": return String(repeating: "[", count: n) + String(repeating: "]", count: n)
        case "objects": return String(repeating: "{a = ", count: n) + "1" + String(repeating: "}", count: n)
        case "templates": return String(repeating: "\"${", count: n) + "1" + String(repeating: "}\"", count: n)
        case "unary": return String(repeating: "-", count: n) + "1"
        case "operator chain": return Array(repeating: "1", count: n).joined(separator: " + ")
        default: return "{}" + String(repeating: ".a", count: n)
        }
    }

    @Test(arguments: ["parentheses", "brackets", "objects", "templates", "unary", "operator chain", "attribute chain"])
    func nestingIsBoundedLikeTheJSONReader(_ form: String) throws {
        let make = { (n: Int) in Self.nested(form, n) }
        // Just under: the expression itself and the attribute around it take two levels.
        do {
            // A template level is two (the template and the expression inside it).
            let under = form == "templates" ? Self.depth / 2 - 8 : Self.depth - 8
            _ = try HCLParser.parseFile(bytes: Array("x = \(make(under))\n".utf8), path: "main.tf")
        } catch let error as LoadError {
            #expect(!error.message.contains("nests more than"), "\(form) just under the bound: \(error)")
        }
        Self.fails(Self.local(make(3_000)), "nests more than 512 levels deep")
        if form == "operator chain" { Self.fails(Self.local(make(100_000)), "nests more than 512 levels deep") }
    }

    @Test func blocksNestBoundedToo() throws {
        func blocks(_ n: Int) -> String {
            "resource \"aws_vpc\" \"a\" {\n" + String(repeating: "b {\n", count: n) + String(repeating: "}\n", count: n) + "}\n"
        }
        _ = try HCLParser.parseFile(bytes: Array(blocks(Self.depth - 1).utf8), path: "main.tf")
        Self.fails(["main.tf": blocks(3_000)], "nests more than 512 levels deep")
    }

    @Test func moduleCyclesAcrossInstancesAreErrors() {
        Self.fails(["main.tf": "module \"self\" {\n  source = \"./\"\n}\n"], "module cycle")
        Self.fails(["main.tf": "module \"self\" {\n  source = \"./.\"\n}\n"], "module cycle")
        Self.fails([
            "main.tf": "module \"a\" {\n  source = \"./a\"\n}\n",
            "a/main.tf": "module \"b\" {\n  source = \"../b\"\n}\n",
            "b/main.tf": "module \"a\" {\n  source = \"../a\"\n}\n",
        ], "module cycle")
    }

    @Test func aTemplateFileCannotIncludeItself() {
        Self.fails(["main.tf": "locals {\n  x = templatefile(\"${path.module}/t.tpl\", {})\n}\n", "t.tpl": "${templatefile(\"t.tpl\", {})}"],
                   "cannot call templatefile from inside a templatefile call")
    }

    @Test func numbersTooLargeForIntegersAreErrorsNotTraps() throws {
        Self.fails(Self.local("[\"x\"][1e300]"), "out of range")
        Self.fails(Self.local("format(\"%x\", 1e300)"), "%x needs a whole number")
        #expect(try Self.load(Self.local("format(\"%x\", 255)")).vpcs.isEmpty)
        Self.fails(Self.local("parseint(\"10\", 1)"), "the base must be from 2 to 36")
        Self.fails(Self.local("parseint(\"10\", 99)"), "the base must be from 2 to 36")
        Self.fails(["main.tf": "resource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = 1e300\n    to_port = 1\n    protocol = \"tcp\"\n  }\n}\n"],
                   "from_port 1e+300 is not a port from 0 to 65535")
    }

    @Test func portsOutsideTheRangeOrReversedAreErrors() throws {
        func rule(_ from: String, _ to: String) -> [String: String] {
            ["main.tf": "resource \"aws_security_group_rule\" \"r\" {\n  type = \"ingress\"\n  security_group_id = \"sg-1\"\n  protocol = \"tcp\"\n  from_port = \(from)\n  to_port = \(to)\n}\n"]
        }
        _ = try Self.load(rule("0", "65535"))
        Self.fails(rule("0", "65536"), "to_port 65536 is not a port")
        Self.fails(rule("443", "80"), "the port range 443-80 is reversed")
    }

    @Test func invalidCIDRsAreLocatedErrors() {
        Self.fails(["main.tf": "resource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/33\"\n}\n"], "main.tf:2:3: error: aws_vpc.a: cidr_block: \"10.0.0.0/33\" is not an IPv4 CIDR block")
        Self.fails(["main.tf": "resource \"aws_subnet\" \"a\" {\n  cidr_block = \"300.1.1.1/8\"\n}\n"], "is not an IPv4 CIDR block")
    }

    @Test func forEachIsCappedLikeCount() throws {
        func forEach(_ n: Int) -> [String: String] {
            ["main.tf": "resource \"aws_eip\" \"a\" {\n  for_each = toset([for i in range(\(n)) : tostring(i)])\n}\n"]
        }
        // range() itself stops at 1024 elements; nested for expressions build the large collection.
        _ = try Self.load(forEach(1000))
        let over = ["main.tf": "locals {\n  k = [for i in range(1000) : tostring(i)]\n}\nresource \"aws_eip\" \"a\" {\n  for_each = toset(flatten([for a in local.k : [for b in slice(local.k, 0, 101) : \"${a}-${b}\"]]))\n}\n"]
        Self.fails(over, "for_each asks for 101000 instances, more than 100000")
    }

    @Test func stringsCannotGrowWithoutBound() {
        var doubling = "locals {\n  a0 = \"xxxxxxxxxxxxxxxx\"\n"
        for i in 0..<40 { doubling += "  a\(i + 1) = jsonencode([local.a\(i), local.a\(i)])\n" }
        Self.fails(["main.tf": doubling + "}\n"], "the string grows beyond 16 MiB")
        Self.fails(Self.local("format(\"%9999999999s\", \"a\")"), "the width 9999999999 is more than")
    }

    @Test func regexMatchesInLinearTimeWithRE2Results() throws {
        let ev = HCLEvaluator(path: "t.tf")
        func eval(_ text: String) throws -> HCLValue { try ev.evaluate(try HCLParser.parseExpression(bytes: Array(text.utf8), path: "t.tf")) }
        let started = Date()
        #expect(try eval("regexall(\"(a+)+$\", \"\(String(repeating: "a", count: 5000))b\")") == .list([]))
        // Catastrophic for a backtracking matcher; far below a second here (not asserted as a time).
        _ = started
        #expect(try eval("regex(\"^([a-z]+)-(\\\\d+)$\", \"eu-1\")") == .list([.string("eu"), .string("1")]))
        #expect(try eval("regex(\"(?P<region>[a-z]+-[a-z]+-\\\\d)(?P<zone>[a-z])\", \"eu-west-1a\")")
                == .object(["region": .string("eu-west-1"), "zone": .string("a")]))
        #expect(try eval("regex(\"[0-9]+\", \"ab123cd\")") == .string("123"))
        #expect(try eval("regexall(\"a*\", \"baaac\")") == .list([.string(""), .string("aaa"), .string("")]))
        #expect(try eval("replace(\"10.0.1.0/24\", \"/^(\\\\d+)\\\\.(\\\\d+)\\\\..*$/\", \"$2-$1\")") == .string("0-10"))
        #expect(try eval("regex(\"(?i)VPC-([0-9a-f]+)\", \"vpc-0abc\")") == .list([.string("0abc")]))
        #expect(try eval("can(regex(\"^arn:aws[a-z-]*:iam::\", \"arn:aws:iam::1:role/x\"))") == .bool(true))
        #expect(throws: LoadError.self) { try eval("regex(\"(a\", \"a\")") }
        #expect(throws: LoadError.self) { try eval("regex(\"a{2000}\", \"a\")") }
    }

    @Test func readsStayInsideTheConfiguration() throws {
        let loaded = try Self.load([
            "main.tf": "locals {\n  x = file(\"/proc/self/environ\")\n  y = fileexists(\"/etc/passwd\")\n}\nresource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n  tags = { Name = local.x }\n}\n",
        ])
        #expect(loaded.vpcs.first?.tags.first?.value.contains("file(") == true)
        #expect(loaded.sources.first?.gaps.contains { $0.contains("file(\"/proc/self/environ\") was not read") } == true)
        #expect(loaded.sources.first?.gaps.contains { $0.contains("fileexists(\"/etc/passwd\") was not read") } == true)
        Self.fails(["main.tf": "module \"m\" {\n  source = \"../../../../etc\"\n}\n"], "is outside the configuration's directory")
        // --allow-read widens the tree.
        let outside = try TerraformFixtures.directory(["secret.txt": "opened"])
        let root = try TerraformFixtures.directory([
            "main.tf": "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n  tags = { Name = file(\"\(outside)/secret.txt\") }\n}\n",
        ])
        #expect(try TerraformLoader.load(path: root).vpcs.first?.tags.first?.value != "opened")
        #expect(try TerraformLoader.load(path: root, allowRead: [outside]).vpcs.first?.tags.first?.value == "opened")
    }

    @Test func modulesJSONCannotPointOutside() throws {
        let dir = try TerraformFixtures.directory([
            "main.tf": "module \"m\" {\n  source = \"example/m/aws\"\n}\n",
            ".terraform/modules/modules.json": "{\"Modules\":[{\"Key\":\"m\",\"Source\":\"x\",\"Dir\":\"/etc\"}]}",
        ])
        #expect {
            try TerraformLoader.load(path: dir)
        } throws: { error in
            (error as? LoadError)?.description.contains("main.tf:2:3: error: module \"m\": example/m/aws is outside the configuration's directory") == true
        }
    }

    @Test(arguments: [
        (#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","values":{"id":"vpc-1","cidr_block":"10.0.0.0/33"}}]}}}"#,
         "is not an IPv4 CIDR block"),
        (#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","values":{"id":"s-1","cidr_block":"300.1.1.1/8"}}]}}}"#,
         "is not an IPv4 CIDR block"),
        (#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_security_group.a","mode":"managed","type":"aws_security_group","values":{"id":"sg-1","ingress":[{"from_port":1e400,"to_port":1,"protocol":"tcp"}]}}]}}}"#,
         "from_port inf is not a port"),
        (#"{"format_version":"1.0","values":{"root_module":{"resources":{"a":1}}}}"#, "resources must be a list, not object"),
        (#"{"format_version":"1.0","values":null}"#, "values must be an object, not null"),
        (#"{"format_version":"1.0","planned_values":{"root_module":[]}}"#, "root_module must be an object, not list"),
    ])
    func brokenShowJSONIsALocatedErrorNotAnEmptyNetwork(_ text: String, _ message: String) {
        do {
            _ = try TerraformJSONLoader.load(bytes: Array(text.utf8), path: "show.json")
            Issue.record("expected an error containing \(message)")
        } catch let error as LoadError {
            #expect(error.line != nil && error.description.contains(message), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test(arguments: ["alltrue()", "anytrue()", "file()", "filebase64()", "templatefile()", "fileset()"])
    func aFunctionCalledWithTooFewArgumentsIsAnError(_ call: String) {
        // These crashed (an index out of range) before every argument read checked it was given.
        Self.fails(Self.local(call), "argument")
    }

    @Test func basenameAndDirnameAreGosFilepathFunctions() throws {
        let ev = HCLEvaluator(path: "t.tf")
        func eval(_ text: String) throws -> HCLValue { try ev.evaluate(try HCLParser.parseExpression(bytes: Array(text.utf8), path: "t.tf")) }
        #expect(try eval("dirname(0)") == .string("."))
        #expect(try eval("basename(\"/a/b/\")") == .string("b"))
        #expect(try eval("dirname(\"/a/b\")") == .string("/a"))
        #expect(try eval("dirname(\"/a\")") == .string("/"))
        #expect(try eval("basename(\"/\")") == .string("/"))
        #expect(try eval("dirname(\"a/b/c\")") == .string("a/b"))
    }
}
