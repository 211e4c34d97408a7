import Testing
@testable import Loaders

/// Evaluates one expression, with `var.*` from `variables` (a variable missing there is unknown, as an unset one is).
func hcl(_ text: String, _ variables: [String: HCLValue] = [:]) throws -> HCLValue {
    let expr = try HCLParser.parseExpression(bytes: Array(text.utf8), path: "expr.tf")
    let ev = HCLEvaluator(path: "expr.tf") { root, attribute, _ in
        if root == "var", let name = attribute { return variables[name] ?? .unknown("var.\(name)") }
        if root == "data" { return .unknown("data.\(attribute ?? "")") }
        throw LoadError(path: "expr.tf", message: "unknown \(root)")
    }
    return try ev.evaluate(expr)
}

func str(_ s: String) -> HCLValue { .string(s) }
func num(_ n: Double) -> HCLValue { .number(n) }
func strs(_ items: [String]) -> HCLValue { .list(items.map { .string($0) }) }

@Suite struct HCLExpressionTests {
    @Test func precedence() throws {
        #expect(try hcl("1 + 2 * 3") == num(7))
        #expect(try hcl("(1 + 2) * 3") == num(9))
        #expect(try hcl("10 - 4 - 3") == num(3))
        #expect(try hcl("-2 * 3 + 1") == num(-5))
        #expect(try hcl("7 % 4 * 2") == num(6))
        #expect(try hcl("1 + 1 == 2 && 3 > 2") == .bool(true))
        #expect(try hcl("true || false && false") == .bool(true))
        #expect(try hcl("!true || true") == .bool(true))
        #expect(try hcl("1 < 2 == true") == .bool(true))
        #expect(try hcl("2 >= 3 ? \"a\" : 1 + 1 == 2 ? \"b\" : \"c\"") == str("b"))
    }

    @Test func literalsAndCollections() throws {
        #expect(try hcl("[1, \"a\", true, null,]") == .list([num(1), str("a"), .bool(true), .null]))
        #expect(try hcl("{a = 1, \"b c\" = 2}") == .object(["a": num(1), "b c": num(2)]))
        #expect(try hcl("{a: 1}") == .object(["a": num(1)]))
        #expect(try hcl("1.5e2") == num(150))
        #expect(try hcl(#""tab\tquote\" \u00e9""#) == str("tab\tquote\" é"))
        #expect(try hcl(#"{ for k, v in {x = 1, y = 2} : v => k }["2"]"#) == str("y"))
    }

    @Test func templates() throws {
        #expect(try hcl(#""a-${1 + 1}-${"b"}""#) == str("a-2-b"))
        #expect(try hcl(#""$${literal} %%{x}""#) == str("${literal} %{x}"))
        #expect(try hcl(#""${[1, 2]}""#) == .list([num(1), num(2)]))
        #expect(try hcl(#""%{ if true }yes%{ else }no%{ endif }""#) == str("yes"))
        #expect(try hcl(#""%{ for i, x in ["a", "b"] }${i}${x},%{ endfor }""#) == str("0a,1b,"))
        #expect(try hcl(#""a ${~ "b" ~} c""#) == str("abc"))
    }

    @Test func heredocs() throws {
        #expect(try hcl("<<EOT\nline ${1}\n  two\nEOT\n") == str("line 1\n  two\n"))
        #expect(try hcl("<<-EOT\n    {\n      \"a\": \"${2}\"\n    }\n    EOT\n") == str("{\n  \"a\": \"2\"\n}\n"))
        #expect(try hcl("<<EOT\n%{ for s in [\"a\", \"b\"] ~}\nitem ${s}\n%{ endfor ~}\nEOT\n") == str("item a\nitem b\n"))
    }

    @Test func indexesSplatsAndForExpressions() throws {
        let subnets: HCLValue = .list([.object(["id": str("s1"), "az": str("a")]), .object(["id": str("s2"), "az": str("b")])])
        let v = ["subnets": subnets]
        #expect(try hcl("var.subnets[*].id", v) == strs(["s1", "s2"]))
        #expect(try hcl("var.subnets.*.az", v) == strs(["a", "b"]))
        #expect(try hcl("var.subnets[1].id", v) == str("s2"))
        #expect(try hcl("[var.subnets[*].id][0][1]", v) == str("s2"))
        #expect(try hcl("[for s in var.subnets : s.id if s.az != \"a\"]", v) == strs(["s2"]))
        #expect(try hcl("{for s in var.subnets : s.az => s.id}", v) == .object(["a": str("s1"), "b": str("s2")]))
        #expect(try hcl("{for s in [\"ab\", \"ac\", \"b\"] : substr(s, 0, 1) => s...}") ==
                .object(["a": strs(["ab", "ac"]), "b": strs(["b"])]))
        #expect(try hcl("{x = [1]}.x[0]") == num(1))
        #expect(try hcl("\"single\"[*]") == strs(["single"]))
    }

    @Test func conditionalsAndUnknowns() throws {
        #expect(try hcl("var.missing") == .unknown("var.missing"))
        #expect(try hcl("var.missing + 1") == .unknown("var.missing"))
        #expect(try hcl("var.missing ? 1 : 2") == .unknown("var.missing"))
        #expect(try hcl("\"x-${var.missing}\"") == .unknown("var.missing"))
        #expect(try hcl("data.aws_route_tables.private.ids") == .unknown("data.aws_route_tables.private.ids"))
        #expect(try hcl("data.aws_subnets.x.ids[0]") == .unknown("data.aws_subnets.x.ids[0]"))
        #expect(try hcl("length([var.missing, 1])") == num(2))
        #expect(try hcl("jsonencode({a = var.missing})") == .unknown("var.missing"))
        #expect(try hcl("upper(var.missing)") == .unknown("var.missing"))
        #expect(try hcl("[for x in var.missing : x]") == .unknown("var.missing"))
        #expect(try hcl("false && var.missing") == .bool(false))
        #expect(try hcl("var.set ? \"a\" : \"b\"", ["set": .bool(false)]) == str("b"))
    }

    @Test func errorsCarryFileLineAndColumn() throws {
        #expect(throws: LoadError.self) { try hcl("1 + \"a\"") }
        do {
            _ = try hcl("[1, 2][5]")
            Issue.record("expected an error")
        } catch let error as LoadError {
            #expect(error.description.hasPrefix("expr.tf:1:7: error: "))
            #expect(error.message.contains("out of range"))
        }
    }
}

@Suite struct HCLFunctionTests {
    @Test func collections() throws {
        #expect(try hcl("toset([\"b\", \"a\", \"b\"])") == .set([str("a"), str("b")]))
        #expect(try hcl("tolist(toset([\"b\", \"a\"]))") == strs(["a", "b"]))
        #expect(try hcl("tomap({a = 1})") == .object(["a": num(1)]))
        #expect(try hcl("length(\"héllo\")") == num(5))
        #expect(try hcl("length({a = 1, b = 2})") == num(2))
        #expect(try hcl("concat([1], [2, 3], [])") == .list([num(1), num(2), num(3)]))
        #expect(try hcl("flatten([[1, [2]], 3])") == .list([num(1), num(2), num(3)]))
        #expect(try hcl("merge({a = 1, b = 1}, {b = 2})") == .object(["a": num(1), "b": num(2)]))
        #expect(try hcl("lookup({a = 1}, \"b\", 9)") == num(9))
        #expect(try hcl("lookup({a = 1}, \"a\")") == num(1))
        #expect(try hcl("element([\"a\", \"b\"], 3)") == str("b"))
        #expect(try hcl("contains([\"a\"], \"a\")") == .bool(true))
        #expect(try hcl("keys({b = 1, a = 2})") == strs(["a", "b"]))
        #expect(try hcl("values({b = 1, a = 2})") == .list([num(2), num(1)]))
        #expect(try hcl("zipmap([\"a\", \"b\"], [1, 2])") == .object(["a": num(1), "b": num(2)]))
        #expect(try hcl("range(3)") == .list([num(0), num(1), num(2)]))
        #expect(try hcl("range(1, 7, 3)") == .list([num(1), num(4)]))
        #expect(try hcl("coalesce(\"\", null, \"x\")") == str("x"))
        #expect(try hcl("coalescelist([], [1])") == .list([num(1)]))
        #expect(try hcl("distinct([1, 2, 1])") == .list([num(1), num(2)]))
        #expect(try hcl("compact([\"a\", \"\", null])") == strs(["a"]))
        #expect(try hcl("slice([1, 2, 3], 1, 3)") == .list([num(2), num(3)]))
        #expect(try hcl("index([\"a\", \"b\"], \"b\")") == num(1))
        #expect(try hcl("one([5])") == num(5))
        #expect(try hcl("one([])") == .null)
        #expect(try hcl("sort([\"b\", \"a\"])") == strs(["a", "b"]))
        #expect(try hcl("reverse([1, 2])") == .list([num(2), num(1)]))
    }

    @Test func numbers() throws {
        #expect(try hcl("min(3, 1, 2)") == num(1))
        #expect(try hcl("max([1, 5, 3]...)") == num(5))
        #expect(try hcl("abs(-4)") == num(4))
        #expect(try hcl("tonumber(\"12\")") == num(12))
        #expect(try hcl("tostring(12)") == str("12"))
    }

    @Test func strings() throws {
        #expect(try hcl("replace(\"a-b-c\", \"-\", \"_\")") == str("a_b_c"))
        #expect(try hcl("replace(\"a1b22\", \"/[0-9]+/\", \"#\")") == str("a#b#"))
        #expect(try hcl("format(\"%s-%03d-%.1f-%v\", \"x\", 7, 2.25, true)") == str("x-007-2.2-true"))
        #expect(try hcl("formatlist(\"%s=%d\", [\"a\", \"b\"], [1, 2])") == strs(["a=1", "b=2"]))
        #expect(try hcl("join(\",\", [\"a\", \"b\"])") == str("a,b"))
        #expect(try hcl("split(\",\", \"a,b\")") == strs(["a", "b"]))
        #expect(try hcl("substr(\"eu-west-1a\", -1, 1)") == str("a"))
        #expect(try hcl("substr(\"hello\", 1, -1)") == str("ello"))
        #expect(try hcl("substr(\"hello\", 0, 99)") == str("hello"))
        #expect(try hcl("lower(\"AbC\")") == str("abc"))
        #expect(try hcl("upper(\"abc\")") == str("ABC"))
        #expect(try hcl("trimspace(\"  x \\n\")") == str("x"))
        #expect(try hcl("startswith(\"vpc-1\", \"vpc-\")") == .bool(true))
        #expect(try hcl("endswith(\"vpc-1\", \"2\")") == .bool(false))
    }

    @Test func network() throws {
        #expect(try hcl("cidrsubnet(\"10.0.0.0/16\", 8, 101)") == str("10.0.101.0/24"))
        #expect(try hcl("cidrsubnet(\"172.16.0.0/12\", 4, 2)") == str("172.18.0.0/16"))
        #expect(try hcl("cidrhost(\"10.0.1.0/24\", 5)") == str("10.0.1.5"))
        #expect(try hcl("cidrhost(\"10.0.1.0/24\", -2)") == str("10.0.1.254"))
        #expect(try hcl("cidrnetmask(\"10.0.0.0/20\")") == str("255.255.240.0"))
        #expect(try hcl("cidrsubnets(\"10.0.0.0/16\", 8, 4)") == strs(["10.0.0.0/24", "10.0.16.0/20"]))
        #expect(throws: LoadError.self) { try hcl("cidrsubnet(\"10.0.0.0/16\", 8, 256)") }
    }

    @Test func tryCanAndJSON() throws {
        #expect(try hcl("try([1][3], \"fallback\")") == str("fallback"))
        #expect(try hcl("can([1][3])") == .bool(false))
        #expect(try hcl("can([1][0])") == .bool(true))
        #expect(try hcl("jsonencode({b = [1, true, null], a = \"<&>\"})") == str(#"{"a":"\u003c\u0026\u003e","b":[1,true,null]}"#))
        #expect(try hcl("jsondecode(\"{\\\"a\\\": [1, \\\"x\\\"]}\")") == .object(["a": .list([num(1), str("x")])]))
    }

    @Test func endpointPolicyJSONIsWhatTerraformWouldSend() throws {
        let policy = try hcl("""
        jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Sid       = "AllowSpecificBuckets"
            Effect    = "Allow"
            Principal = "*"
            Action    = "s3:*"
            Resource  = ["arn:aws:s3:::${var.bucket}", "arn:aws:s3:::${var.bucket}/*"]
          }]
        })
        """, ["bucket": str("app")])
        #expect(policy == str(#"{"Statement":[{"Action":"s3:*","Effect":"Allow","Principal":"*","Resource":["arn:aws:s3:::app","arn:aws:s3:::app/*"],"Sid":"AllowSpecificBuckets"}],"Version":"2012-10-17"}"#))
    }
}
