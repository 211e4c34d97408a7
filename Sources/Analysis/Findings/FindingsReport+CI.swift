import JSONText
import Model

/// The outputs CI systems read: SARIF for code-scanning dashboards, JUnit XML for test reports, and
/// GitHub Actions workflow commands for annotations on the changed lines.
///
/// A finding points at the `.tf` block that declares its resource (or, failing that, its VPC) when the
/// inventory came from a spec; findings from AWS inventories have no file and carry the resource as a
/// logical location only.
extension FindingsReport {
    /// Where a finding is declared: its resource's block, else its VPC's.
    public func declaration(of finding: Finding, in inventory: Inventory) -> Declaration? {
        let declarations = inventory.contents.declarations
        return declarations[finding.resource] ?? declarations[finding.vpc]
    }

    // MARK: SARIF 2.1.0

    /// A SARIF 2.1.0 log with one run: every rule of `engine` (help text from `--explain`) and one result
    /// per finding. Paths are relative URIs as given (against `%SRCROOT%`), absolute ones `file://` URIs.
    public func sarif(engine: FindingEngine, inventory: Inventory, toolVersion: String,
                      clean: @escaping (String) -> String = { $0 }) -> JSONValue {
        let ruleIndex = Dictionary(engine.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rules: [JSONValue] = engine.rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("name", .string(FindingsReport.pascalCase(rule.id))),
                ("shortDescription", .object([("text", .string(rule.title))])),
                ("fullDescription", .object([("text", .string(rule.checks))])),
                ("help", .object([("text", .string(rule.explanation))])),
                ("defaultConfiguration", .object([("level", .string(FindingsReport.sarifLevel(rule.severity)))])),
            ])
        }
        let results: [JSONValue] = findings.map { f in
            var location: [(key: String, value: JSONValue)] = []
            if let at = declaration(of: f, in: inventory) {
                var artifact: [(key: String, value: JSONValue)] = [("uri", .string(FindingsReport.uriReference(clean(at.path))))]
                if !at.path.hasPrefix("/") { artifact.append(("uriBaseId", .string("%SRCROOT%"))) }
                location.append(("physicalLocation", .object([
                    ("artifactLocation", .object(artifact)),
                    ("region", .object([("startLine", .number(String(max(1, at.line))))])),
                ])))
            }
            location.append(("logicalLocations", .array([
                .object([("name", .string(clean(f.resource))), ("kind", .string("resource"))]),
            ])))
            var result: [(key: String, value: JSONValue)] = [("ruleId", .string(f.rule))]
            if let index = ruleIndex[f.rule] { result.append(("ruleIndex", .number(String(index)))) }
            result += [
                ("level", .string(FindingsReport.sarifLevel(f.severity))),
                ("message", .object([("text", .string(clean(f.message) + "\n\nFix:\n" + cleanBlock(f.fix, clean)))])),
                ("locations", .array([.object(location)])),
                ("partialFingerprints", .object([("vpcxFinding/v1", .string(clean("\(f.rule):\(f.vpc):\(f.resource)")))])),
            ]
            return .object(result)
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([("driver", .object([
                        ("name", .string("vpcx")),
                        ("version", .string(toolVersion)),
                        ("rules", .array(rules)),
                    ]))])),
                    ("results", .array(results)),
                ]),
            ])),
        ])
    }

    /// SARIF's levels: `note` is its word for info.
    static func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// `ecr-needs-s3-gateway` → `EcrNeedsS3Gateway`, SARIF's convention for a rule's `name`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A path as a URI reference: relative stays relative, absolute becomes `file://`; every byte outside
    /// RFC 3986's unreserved set and `/` is percent-encoded, so spaces and `#` in file names survive.
    static func uriReference(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hexByte(byte)
            }
        }
        return out
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    // MARK: JUnit XML

    /// One `<testsuite>` per VPC (the unit a person fixes) inside `<testsuites>`: one `<testcase>` per
    /// finding, a `<failure>` when it is at or above `threshold` (nil: `--fail-on never`, nothing fails),
    /// and one passing `<testcase>` per rule that found nothing anywhere, so a clean network still reports
    /// what was checked.
    public func junit(engine: FindingEngine, threshold: Severity?, clean: @escaping (String) -> String = { $0 }) -> String {
        func failing(_ f: Finding) -> Bool { threshold.map { f.severity >= $0 } ?? false }
        var vpcOrder: [String] = []
        for f in findings where !vpcOrder.contains(f.vpc) { vpcOrder.append(f.vpc) }
        let rulesWithFindings = Set(findings.map(\.rule))
        let quietRules = engine.rules.filter { !rulesWithFindings.contains($0.id) }

        var suites: [String] = []
        for vpc in vpcOrder {
            let mine = findings.filter { $0.vpc == vpc }
            var cases: [String] = []
            for f in mine {
                let name = f.resource == f.vpc ? f.rule : "\(f.rule) \(f.resource)"
                var body = ""
                if failing(f) {
                    body = "      <failure type=\"\(f.severity.rawValue)\" message=\"\(Self.xmlAttribute(clean(f.message)))\">"
                        + Self.xmlText(cleanBlock(f.fix, clean)) + "</failure>\n"
                } else {
                    body = "      <system-out>\(Self.xmlText("\(f.severity.rawValue): \(clean(f.message))\n\n\(cleanBlock(f.fix, clean))"))</system-out>\n"
                }
                cases.append("    <testcase classname=\"vpcx.check.\(Self.xmlAttribute(f.rule))\" name=\"\(Self.xmlAttribute(clean(name)))\">\n"
                             + body + "    </testcase>")
            }
            let failures = mine.filter(failing).count
            suites.append("  <testsuite name=\"\(Self.xmlAttribute(clean(vpc)))\" tests=\"\(mine.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
                          + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        if !quietRules.isEmpty {
            let cases = quietRules.map { "    <testcase classname=\"vpcx.check.\(Self.xmlAttribute($0.id))\" name=\"\(Self.xmlAttribute($0.id))\"/>" }
            suites.append("  <testsuite name=\"rules without findings\" tests=\"\(quietRules.count)\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
                          + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        let total = findings.count + quietRules.count
        let failures = findings.filter(failing).count
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"vpcx check\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"0\">\n"
            + suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n") + "</testsuites>\n"
    }

    /// Element text: `&`, `<`, `>` escaped, and characters XML 1.0 forbids (other C0 controls) replaced.
    static func xmlText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Attribute text: element escaping plus quotes, and line breaks as character references (a parser
    /// normalises literal ones to spaces).
    static func xmlAttribute(_ text: String) -> String {
        xmlText(text).replacingAll("\"", with: "&quot;").replacingAll("\n", with: "&#10;").replacingAll("\r", with: "&#13;")
            .replacingAll("\t", with: "&#9;")
    }

    // MARK: GitHub Actions

    /// One workflow command per finding (`::error file=main.tf,line=12,title=RULE::message`). GitHub shows
    /// them as annotations on the file when the finding has a declaration.
    public func githubAnnotations(inventory: Inventory, clean: @escaping (String) -> String = { $0 }) -> String {
        var out = ""
        for f in findings {
            var properties: [String] = []
            if let at = declaration(of: f, in: inventory) {
                properties.append("file=" + Self.githubProperty(clean(at.path)))
                properties.append("line=\(max(1, at.line))")
            }
            properties.append("title=" + Self.githubProperty(f.resource == f.vpc ? f.rule : "\(f.rule) \(clean(f.resource))"))
            let message = "\(clean(f.message))\n\n\(cleanBlock(f.fix, clean))"
            out += "::\(Self.githubLevel(f.severity)) \(properties.joined(separator: ","))::\(Self.githubData(message))\n"
        }
        return out
    }

    static func githubLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    /// A workflow command's message: `%`, CR and LF percent-encoded (the runner decodes them), so a
    /// message from an input cannot end the command or start another.
    static func githubData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    /// A property value: the message escapes, plus `:` and `,`, which separate properties.
    static func githubProperty(_ text: String) -> String {
        githubData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }

    // MARK: Quiet text

    /// `check --quiet`: one line per finding at or above `threshold` (none for `never`), then the
    /// summary line of every finding, so a CI log shows what fails the gate and nothing else.
    public func quietText(threshold: Severity?, color: Bool = false, clean: @escaping (String) -> String = { $0 }) -> String {
        var out = ""
        if let threshold {
            for f in findings where f.severity >= threshold {
                let word = FindingsReport.pad(f.severity.rawValue, 7)
                let shownWord = color ? FindingsReport.colored(word, f.severity) : word
                let resource = f.resource == f.vpc ? "" : " " + clean(f.resource)
                out += "\(shownWord) \(f.rule) \(clean(f.vpc))\(resource): \(clean(f.message))\n"
            }
        }
        return out + summaryLine + "\n"
    }
}
