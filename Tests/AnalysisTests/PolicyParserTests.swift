import JSONText
import Testing
@testable import Analysis

@Suite("Policy parser")
struct PolicyParserTests {
    struct BadPolicy: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let bad: [BadPolicy] = [
        .init(text: "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},\n    {\"Effect\": \"Permit\", \"Action\": \"*\"}\n  ]\n}",
              line: 4, column: 16, message: "Statement 2: Effect must be Allow or Deny"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\"},]}", line: 1, column: 51,
              message: "the policy is not valid JSON"),
        .init(text: "{\"Version\": \"2014-01-01\", \"Statement\": []}", line: 1, column: 13,
              message: "Version must be \"2012-10-17\" or \"2008-10-17\""),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"*\"}]}", line: 1, column: 16,
              message: "Statement 1 has no Action or NotAction"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": 42}]}", line: 1, column: 46,
              message: "Statement 1: Action must be a string or a list of strings, found a number"),
        .init(text: "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringEqualz\": {\"a\": \"b\"}}}}",
              line: 1, column: 80, message: "Statement 1: unknown condition operator 'StringEqualz'"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Principal\": \"me\"}]}", line: 1, column: 64,
              message: "Statement 1: Principal must be \"*\""),
        .init(text: "{\"Statement\": [{\"Efect\": \"Allow\", \"Action\": \"*\"}]}", line: 1, column: 26,
              message: "Statement 1: unknown element 'Efect'"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"NotAction\": \"s3:*\"}]}", line: 1, column: 64,
              message: "Statement 1 has both Action and NotAction"),
        .init(text: "[1, 2]", line: 1, column: 1, message: "a policy must be a JSON object"),
        .init(text: "{\"Version\": \"2012-10-17\"}", line: 1, column: 1, message: "the policy has no Statement"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"Null\": {\"aws:SourceVpce\": \"maybe\"}}}]}",
              line: 1, column: 92, message: "Statement 1: Null takes true or false"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Principal\": {\"Human\": \"bob\"}}]}", line: 1, column: 74,
              message: "Statement 1: unknown principal type 'Human'"),
        .init(text: "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"Bool\": {\"k\": null}}}]}",
              line: 1, column: 79, message: "Statement 1: Bool k must be a string, number or boolean"),
        .init(text: "", line: 1, column: 1, message: "the policy is not valid JSON"),
    ]

    @Test("malformed policies are errors with their position", arguments: bad)
    func malformed(_ c: BadPolicy) {
        do {
            _ = try PolicyDocument.parse(c.text)
            Issue.record("parsed a malformed policy: \(c.text)")
        } catch {
            #expect(error.position == SourcePosition(line: c.line, column: c.column), "\(error)")
            #expect(error.message.hasPrefix(c.message), "\(error)")
            #expect(error.description.hasPrefix("\(c.line):\(c.column): "))
        }
    }

    @Test("statements keep where they start")
    func statementPositions() throws {
        let doc = try PolicyDocument.parse("{\n \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"*\"},\n\n    {\"Sid\": \"Two\", \"Effect\": \"Deny\", \"Action\": \"s3:*\"}\n ]\n}")
        #expect(doc.statements.map(\.position) == [SourcePosition(line: 3, column: 3), SourcePosition(line: 5, column: 5)])
        #expect(doc.statements.map(\.index) == [1, 2])
        #expect(doc.statements[1].label == "statement 2 \"Two\"")
    }

    @Test("shapes: single strings, lists, principal maps, condition values")
    func shapes() throws {
        let doc = try PolicyDocument.parse(#"""
        {"Version":"2012-10-17","Id":"p1","Statement":{"Sid":"S","Effect":"Deny",
         "NotPrincipal":{"AWS":["123456789012","arn:aws:iam::123456789012:role/x"],"Service":"ec2.amazonaws.com"},
         "NotAction":"s3:*","NotResource":["arn:aws:s3:::a","arn:aws:s3:::a/*"],
         "Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*", 3, true]}}}}
        """#)
        #expect(doc.version == .v2012)
        #expect(doc.id == "p1")
        let s = try #require(doc.statements.first)
        #expect(s.effect == .deny)
        #expect(s.principal == PrincipalElement(negated: true, ids: [
            PrincipalID(kind: "AWS", value: "123456789012"), PrincipalID(kind: "AWS", value: "arn:aws:iam::123456789012:role/x"),
            PrincipalID(kind: "Service", value: "ec2.amazonaws.com")]))
        #expect(s.action == PatternList(negated: true, patterns: ["s3:*"]))
        #expect(s.resource == PatternList(negated: true, patterns: ["arn:aws:s3:::a", "arn:aws:s3:::a/*"]))
        let c = try #require(s.conditions.first)
        #expect(c.base == .stringLike)
        #expect(c.qualifier == .forAnyValue)
        #expect(c.ifExists)
        #expect(c.values == ["a*", "3", "true"])
    }

    @Test("a missing Version means 2008-10-17")
    func defaultVersion() throws {
        #expect(try PolicyDocument.parse(#"{"Statement":[]}"#).version == .v2008)
    }

    @Test("a policy given as a JSON object parses the same, without positions")
    func fromValue() throws {
        let text = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#
        let value = try JSONValue.parse(text)
        let a = try PolicyDocument.parse(value)
        let b = try PolicyDocument.parse(text)
        #expect(a.json == b.json)
        #expect(a.statements.map(\.action) == b.statements.map(\.action))
        #expect(a.statements.first?.position == nil)
        #expect(throws: PolicyError.self) { try PolicyDocument.parse(JSONValue.array([])) }
    }

    @Test("hostile input is an error, not a crash")
    func hostile() {
        let deep = String(repeating: "[", count: 5000)
        #expect(throws: PolicyError.self) { try PolicyDocument.parse(deep) }
        #expect(throws: PolicyError.self) { try PolicyDocument.parse("{\"Statement\": \"\u{0}\"}") }
        let star = String(repeating: "*a", count: 200) + "b"
        let doc = try? PolicyDocument.parse(#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"\#(star)"}]}"#)
        let req = PolicyRequest(action: "s3:GetObject", resource: String(repeating: "a", count: 400))
        #expect(doc.map { PolicyEvaluator.evaluate($0, req).decision.isAllowed } == false)
    }
}
