import Analysis
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONText
import Model

/// `vpcx policy`: would this request pass through this endpoint? The answer names the statement
/// that decided it, and for a deny the statements that came closest.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Test a request against an endpoint's policy (and optionally an IAM policy).",
        discussion: """
        Evaluates like IAM: an explicit Deny wins, then any Allow, else the request is implicitly denied.
        An endpoint without a policy has the default policy (full access). The request must pass the
        endpoint policy AND the IAM policy (when --iam-policy is given; otherwise that step is "not checked").
        The request carries aws:SourceVpce and aws:SourceVpc of the endpoint, aws:SecureTransport=true, and
        aws:PrincipalArn/aws:PrincipalAccount from --principal; --context adds or overrides keys.

        Exit status: 0 the request is allowed, 1 it is denied, 2 bad input (unknown endpoint, a policy
        that does not parse, an unreadable --iam-policy file; printed as file:line:col: error: message).

        --format json prints one object:
          {"allowed": true|false, "decision": "allow"|"explicit-deny"|"implicit-deny",
           "summary": "ALLOW (statement 1 \\"AllowSpecificBuckets\\")",
           "deniedAt": null|"endpoint policy"|"IAM policy",
           "endpoint": {"id", "name", "service"},
           "request": {"action", "resource", "principal", "context": {KEY: [VALUE...]}},
           "endpointPolicy": STAGE, "iamPolicy": STAGE}
        where STAGE is {"checked": false} for an IAM policy not given, else
          {"checked": true, "default": bool, "decision": ..., "summary": ...,
           "statement": {"index", "sid", "effect", "line"} or null,
           "closest": [{"index", "sid", "matched": 0-4, "failed": [{"part", "reason"}]}]}.
        Statement indexes are 1-based, in document order.
        """
    )

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("The endpoint: its ID (vpce-...) or Name tag.", valueName: "ID|NAME"))
    var endpoint: String?

    @Option(help: ArgumentHelp("The action to test, such as s3:GetObject.", valueName: "ACTION"))
    var action: String?

    @Option(help: ArgumentHelp("The resource ARN, such as arn:aws:s3:::my-bucket/key.", valueName: "ARN"))
    var resource: String?

    @Option(help: ArgumentHelp("The caller's ARN (or account ID). Omitted: any caller.", valueName: "ARN"))
    var principal: String?

    @Option(name: .customLong("context"), help: ArgumentHelp("A request context key, such as aws:PrincipalOrgID=o-abc (repeatable; repeat a key for several values).", valueName: "KEY=VALUE"))
    var contextPairs: [String] = []

    @Option(name: .customLong("iam-policy"), help: ArgumentHelp("The caller's IAM policy (JSON file) to check after the endpoint policy.", valueName: "FILE"))
    var iamPolicyFile: String?

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "FORMAT"))
    var format: OutputFormat = .text

    func run() throws {
        guard let endpointArgument = endpoint else { throw usage("missing --endpoint ID|NAME") }
        guard let action, !action.isEmpty else { throw usage("missing --action ACTION") }
        guard let resource, !resource.isEmpty else { throw usage("missing --resource ARN") }
        var extraContext: [String: [String]] = [:]
        for pair in contextPairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw usage("--context takes KEY=VALUE, got '\(pair)'")
            }
            extraContext[String(pair[..<eq]), default: []].append(String(pair[pair.index(after: eq)...]))
        }

        let inventory = try source.load()
        let chosen = try findEndpoint(endpointArgument, in: inventory)

        var endpointPolicy: PolicyDocument
        do {
            endpointPolicy = try PolicyDocument.forEndpoint(chosen.policyDocument)
            // Statement lines are those of the policy as vpcx lays it out (the explorer's Policy view):
            // a collected policy is often one line of JSON, where every statement would be "line 1".
            if !endpointPolicy.isDefault, let laidOut = try? PolicyDocument.parse(endpointPolicy.json.prettyText) {
                endpointPolicy = laidOut
            }
        } catch {
            printError(located("\(chosen.id) policy", error))
            throw ExitCode(2)
        }
        let iamPolicy = try iamPolicyFile.map(readIAMPolicy)

        var context = PolicyRequest.endpointContext(chosen)
        for (key, values) in extraContext {
            context = context.filter { $0.key.lowercased() != key.lowercased() }
            context[key] = values
        }
        let request = PolicyRequest(action: action, resource: resource,
                                    principal: principal.flatMap { $0.isEmpty ? nil : $0 }, context: context)
        let result = PolicyChain.evaluate(endpointPolicy: endpointPolicy, iamPolicy: iamPolicy, request: request)

        if format == .json {
            Output.json(PolicyReport.json(result, endpoint: chosen).prettyText + "\n")
        } else {
            Output.text(PolicyReport.text(result, endpoint: chosen, iamFile: iamPolicyFile))
        }
        if !result.allowed { throw ExitCode(1) }
    }

    /// A usage error: printed, exit 2 (ArgumentParser's own would exit 64).
    func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        printError("usage: vpcx policy [SOURCE ...] --endpoint ID|NAME --action ACTION --resource ARN [--principal ARN] [--context KEY=VALUE ...] [--iam-policy FILE] [--format text|json]")
        return ExitCode(2)
    }

    func findEndpoint(_ argument: String, in inventory: Inventory) throws -> VPCEndpoint {
        if let byID = inventory.endpoint(argument) { return byID }
        let byName = inventory.endpoints.filter { $0.name == argument }
        if byName.count == 1, let only = byName.first { return only }
        if byName.count > 1 {
            printError("error: \(byName.count) endpoints are named '\(argument)': \(byName.map(\.id).joined(separator: ", ")); give the ID")
            throw ExitCode(2)
        }
        let known = inventory.endpoints.prefix(12).map { e in e.name.map { "\($0) (\(e.id))" } ?? e.id }
        printError("error: no endpoint '\(argument)' in the inventory" + (known.isEmpty ? "" : "; endpoints: " + known.joined(separator: ", ")))
        throw ExitCode(2)
    }

    func readIAMPolicy(_ path: String) throws -> PolicyDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("\(path): error: cannot read the IAM policy file")
            throw ExitCode(2)
        }
        do {
            return try PolicyDocument.parse(String(decoding: data, as: UTF8.self))
        } catch {
            printError(located(path, error))
            throw ExitCode(2)
        }
    }

    /// `where:line:col: error: message`.
    func located(_ place: String, _ error: PolicyError) -> String {
        let position = error.position.map { ":\($0.line):\($0.column)" } ?? ""
        return "\(place)\(position): error: \(error.message)"
    }
}

/// The answer of `vpcx policy` as text and as JSON.
enum PolicyReport {
    static func decisionName(_ d: Decision) -> String {
        switch d {
        case .allow: return "allow"
        case .explicitDeny: return "explicit-deny"
        case .implicitDeny: return "implicit-deny"
        }
    }

    static func endpointLabel(_ e: VPCEndpoint) -> String { e.name.map { "\($0) (\(e.id))" } ?? e.id }

    static func text(_ result: ChainResult, endpoint: VPCEndpoint, iamFile: String?) -> String {
        var out = ""
        let deciding = result.deciding
        out += deciding.summary + "\n"
        let r = result.endpoint.request
        out += "  request:  \(r.action) on \(r.resource)" + (r.principal.map { " by \($0)" } ?? " (any caller)") + "\n"
        out += "  endpoint: \(endpointLabel(endpoint)), \(endpoint.service) \(endpoint.kind.rawValue)\n"
        out += stage("endpoint policy" + (result.endpoint.document.isDefault ? " (default policy)" : ""), result.endpoint)
        if let iam = result.iam {
            out += stage("IAM policy (\(iamFile ?? "given"))", iam)
        } else {
            out += "  IAM policy: not checked (give --iam-policy FILE)\n"
        }
        out += result.allowed ? "  result: Success\n" : "  result: Access Denied at the \(result.deniedAt?.rawValue ?? "endpoint policy")\n"
        return out
    }

    static func stage(_ name: String, _ evaluation: PolicyEvaluation) -> String {
        var out = ""
        switch evaluation.decision {
        case .allow(let e):
            out += "  \(name): ALLOW by \(e.statement.label)\(line(e.statement))\n"
        case .explicitDeny(let e):
            out += "  \(name): DENY by \(e.statement.label)\(line(e.statement))\n"
            for p in e.parts { out += "      \(p.reason)\n" }
        case .implicitDeny(let closest):
            out += "  \(name): DENY, no statement allows the request\n"
            if closest.isEmpty { out += "    the policy has no Allow statement\n" }
            if !closest.isEmpty { out += "    closest:\n" }
            for c in closest.prefix(3) {
                out += "      \(c.statement.label)\(line(c.statement)): \(c.matchedCount) of 4 parts match\n"
                for f in c.failures { out += "        no: \(f.reason)\n" }
            }
            if closest.count > 3 { out += "      (\(closest.count - 3) more)\n" }
        }
        return out
    }

    static func line(_ s: PolicyStatement) -> String { s.position.map { " at line \($0.line)" } ?? "" }

    static func json(_ result: ChainResult, endpoint: VPCEndpoint) -> JSONValue {
        let r = result.endpoint.request
        let context = JSONValue.object(r.context.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) })
        return .object([
            ("allowed", .bool(result.allowed)),
            ("decision", .string(decisionName(result.deciding.decision))),
            ("summary", .string(result.deciding.summary)),
            ("deniedAt", result.deniedAt.map { .string($0.rawValue) } ?? .null),
            ("endpoint", .object([
                ("id", .string(endpoint.id)),
                ("name", endpoint.name.map(JSONValue.string) ?? .null),
                ("service", .string(endpoint.service)),
            ])),
            ("request", .object([
                ("action", .string(r.action)),
                ("resource", .string(r.resource)),
                ("principal", r.principal.map(JSONValue.string) ?? .null),
                ("context", context),
            ])),
            ("endpointPolicy", stageJSON(result.endpoint)),
            ("iamPolicy", result.iam.map(stageJSON) ?? .object([("checked", .bool(false))])),
        ])
    }

    static func stageJSON(_ e: PolicyEvaluation) -> JSONValue {
        let closest: [StatementEvaluation]
        if case .implicitDeny(let c) = e.decision { closest = c } else { closest = [] }
        return .object([
            ("checked", .bool(true)),
            ("default", .bool(e.document.isDefault)),
            ("decision", .string(decisionName(e.decision))),
            ("summary", .string(e.summary)),
            ("statement", e.decision.decidingStatement.map { statementJSON($0.statement) } ?? .null),
            ("closest", .array(closest.map { c in
                .object([
                    ("index", .number(String(c.statement.index))),
                    ("sid", c.statement.sid.map(JSONValue.string) ?? .null),
                    ("matched", .number(String(c.matchedCount))),
                    ("failed", .array(c.failures.map { .object([("part", .string($0.part.rawValue)), ("reason", .string($0.reason))]) })),
                ])
            })),
        ])
    }

    static func statementJSON(_ s: PolicyStatement) -> JSONValue {
        .object([
            ("index", .number(String(s.index))),
            ("sid", s.sid.map(JSONValue.string) ?? .null),
            ("effect", .string(s.effect.rawValue)),
            ("line", s.position.map { .number(String($0.line)) } ?? .null),
        ])
    }
}
