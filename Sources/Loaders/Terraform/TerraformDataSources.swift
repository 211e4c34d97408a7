import Model

/// Data sources as `terraform plan` reads them, answered without AWS. A well-known data source is a
/// function of the provider's region and its own arguments (`aws_availability_zones`, `aws_region`,
/// `aws_vpc_endpoint_service`) or of its arguments alone (`aws_iam_policy_document`): vpcx answers it
/// locally and records what it assumed. Any other data source reads AWS: its configured arguments read
/// back, every other attribute is unknown, named after the data source.
enum TerraformDataSources {
    /// The answer for one data source instance, and the assumption made (nil when nothing was assumed).
    struct Answer {
        var attributes: [String: HCLValue]
        var assumption: String?
    }

    /// A placeholder account ID, AWS's documentation one, so ARNs built from it read as examples.
    static let placeholderAccount = "123456789012"

    /// The zone letters AWS offers in a region to a new account, where they are not a, b, c.
    static let zoneLetters: [String: [String]] = [
        "us-east-1": ["a", "b", "c", "d", "e", "f"], "us-west-1": ["a", "c"], "us-west-2": ["a", "b", "c", "d"],
        "ap-northeast-1": ["a", "c", "d"], "ap-northeast-2": ["a", "b", "c", "d"], "ca-central-1": ["a", "b", "d"],
    ]

    /// Services whose endpoint can be a Gateway as well as an Interface.
    static let gatewayServices: Set<String> = ["s3", "dynamodb"]

    /// `eu-west-1` → `euw1`, the prefix of its zone IDs (`euw1-az1`).
    static func zoneIDPrefix(_ region: String) -> String {
        let parts = region.split(separator: "-")
        guard parts.count >= 3 else { return region }
        let directions: [Substring: String] = ["north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
                                               "northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw"]
        return String(parts[0]) + (directions[parts[1]] ?? String(parts[1].prefix(1))) + parts[2...].joined()
    }

    /// The zone names vpcx assumes for a region: `--azs` when given (names, bare letters or a count), else AWS's.
    static func zones(region: String, override: [String]?) -> [String] {
        let standard = (zoneLetters[region] ?? ["a", "b", "c"]).map { region + $0 }
        guard let override, !override.isEmpty else { return standard }
        if override.count == 1, let n = Int(override[0]), n >= 0 {
            return (0..<min(n, 26)).map { i in i < standard.count ? standard[i] : region + String(UnicodeScalar(UInt8(97 + i))) }
        }
        return override.map { $0.count == 1 ? region + $0 : $0 }
    }

    static func answer(type: String, address: String, arguments: [String: HCLValue], region: HCLValue?,
                       zoneOverride: [String]?) throws -> Answer? {
        let regionName = region?.stringValue
        func needRegion() -> HCLValue? {
            if let r = arguments["region"]?.stringValue { return .string(r) }
            return region
        }
        switch type {
        case "aws_region":
            guard let r = arguments["name"]?.stringValue ?? arguments["region"]?.stringValue ?? regionName else { return nil }
            return Answer(attributes: arguments.merging(["name": .string(r), "region": .string(r), "id": .string(r),
                                                         "endpoint": .string("ec2.\(r).amazonaws.com"),
                                                         "description": .unknown("\(address).description")]) { _, new in new },
                          assumption: "\(address): the provider's region, \(r)")
        case "aws_partition":
            return Answer(attributes: ["partition": .string("aws"), "id": .string("aws"), "dns_suffix": .string("amazonaws.com"),
                                       "reverse_dns_prefix": .string("com.amazonaws")],
                          assumption: "\(address): the partition aws")
        case "aws_caller_identity":
            return Answer(attributes: ["account_id": .string(placeholderAccount), "id": .string(placeholderAccount),
                                       "arn": .string("arn:aws:iam::\(placeholderAccount):root"),
                                       "user_id": .string(placeholderAccount)],
                          assumption: "\(address): a placeholder account, \(placeholderAccount)")
        case "aws_availability_zones":
            guard let r = needRegion()?.stringValue else { return nil }
            var names = zones(region: r, override: zoneOverride)
            let prefix = zoneIDPrefix(r)
            let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
            var ids = names.map { name -> String in
                let n = (letters.firstIndex(of: String(name.suffix(1))) ?? 0) + 1
                return "\(prefix)-az\(n)"
            }
            let excludedNames = Set((arguments["exclude_names"]?.elements ?? []).compactMap(\.stringValue))
            let excludedIDs = Set((arguments["exclude_zone_ids"]?.elements ?? []).compactMap(\.stringValue))
            var filters: [(String, Set<String>)] = []
            for f in arguments["filter"]?.elements ?? [] {
                guard let name = f.attributes?["name"]?.stringValue else { continue }
                filters.append((name, Set((f.attributes?["values"]?.elements ?? []).compactMap(\.stringValue))))
            }
            let state = arguments["state"]?.stringValue
            let keep: [Bool] = names.indices.map { i in
                if excludedNames.contains(names[i]) || excludedIDs.contains(ids[i]) { return false }
                if let state, state != "available" { return false }
                for (name, values) in filters {
                    switch name {
                    case "zone-name": if !values.contains(names[i]) { return false }
                    case "zone-id": if !values.contains(ids[i]) { return false }
                    case "zone-type": if !values.contains("availability-zone") { return false }
                    case "opt-in-status": if !values.contains("opt-in-not-required") { return false }
                    case "region-name": if !values.contains(r) { return false }
                    case "state": if !values.contains("available") { return false }
                    default: break
                    }
                }
                return true
            }
            names = names.indices.filter { keep[$0] }.map { names[$0] }
            ids = ids.indices.filter { keep[$0] }.map { ids[$0] }
            let source = zoneOverride == nil ? "the zones of \(r) (placeholder zone IDs; --azs to choose)" : "the zones given by --azs"
            return Answer(attributes: ["names": .list(names.map { .string($0) }), "zone_ids": .list(ids.map { .string($0) }),
                                       "id": .string(r), "group_names": .list([.string(r)])],
                          assumption: "\(address): \(source): \(names.joined(separator: ", "))")
        case "aws_vpc_endpoint_service":
            guard let r = needRegion()?.stringValue else { return nil }
            var serviceName: String
            var short: String
            if let full = arguments["service_name"]?.stringValue {
                serviceName = full
                short = full.split(separator: ".").dropFirst(3).joined(separator: ".")
            } else if let s = arguments["service"]?.stringValue {
                short = s
                serviceName = "com.amazonaws.\(r).\(s)"
            } else {
                return nil
            }
            var wanted = arguments["service_type"]?.stringValue
            for f in arguments["filter"]?.elements ?? [] where f.attributes?["name"]?.stringValue == "service-type" {
                wanted = f.attributes?["values"]?.elements?.first?.stringValue ?? wanted
            }
            let offered: [String] = gatewayServices.contains(short) ? ["Gateway", "Interface"] : ["Interface"]
            let kind = wanted.flatMap { w in offered.first { $0.lowercased() == w.lowercased() } } ?? offered[0]
            if let wanted, !offered.contains(where: { $0.lowercased() == wanted.lowercased() }) {
                throw TerraformDataSourceError.noMatch("\(address): no endpoint service \(serviceName) of type \(wanted): \(short) is offered as \(offered.joined(separator: " and "))")
            }
            serviceName = serviceName.replacingOccurrences(of: "${region}", with: r)
            return Answer(attributes: arguments.merging([
                "service_name": .string(serviceName), "service": .string(short), "service_type": .string(kind),
                "id": .string(serviceName), "service_id": .unknown("\(address).service_id"),
                "availability_zones": .list(zones(region: r, override: zoneOverride).map { .string($0) }),
                "private_dns_name": kind == "Interface" ? .string("\(short).\(r).amazonaws.com") : .null,
                "vpc_endpoint_policy_supported": .bool(true), "acceptance_required": .bool(false),
                "owner": .string("amazon"), "base_endpoint_dns_names": .list([.string("\(short).\(r).vpce.amazonaws.com")]),
            ]) { _, new in new }, assumption: "\(address): \(serviceName) offers \(kind == "Interface" ? "an" : "a") \(kind) endpoint")
        case "aws_prefix_list", "aws_ec2_managed_prefix_list":
            guard let name = arguments["name"]?.stringValue
                    ?? (arguments["filter"]?.elements ?? []).first(where: { $0.attributes?["name"]?.stringValue == "prefix-list-name" })?
                        .attributes?["values"]?.elements?.first?.stringValue else { return nil }
            let id = TerraformMapping.prefixListID(name)
            return Answer(attributes: arguments.merging(["id": .string(id), "name": .string(name),
                                                         "cidr_blocks": .unknown("\(address).cidr_blocks"),
                                                         "entries": .unknown("\(address).entries")]) { _, new in new },
                          assumption: "\(address): the AWS-managed prefix list \(name), as \(id)")
        case "aws_iam_policy_document":
            return Answer(attributes: arguments.merging(["json": try policyDocument(arguments), "id": .unknown("\(address).id")]) { _, new in new },
                          assumption: nil)
        default:
            return nil
        }
    }

    /// `aws_iam_policy_document`'s `.json`: a pure function of its statements, as the provider writes it
    /// (one value as a string, several as a list; `Version` 2012-10-17). Unknown when any part is.
    static func policyDocument(_ arguments: [String: HCLValue]) throws -> HCLValue {
        if let u = arguments.values.lazy.compactMap(\.firstUnknown).first { return .unknown(u) }
        func strings(_ v: HCLValue?) -> [String] { (v?.elements ?? []).compactMap(\.stringValue) }
        func oneOrMany(_ items: [String]) -> HCLValue {
            let sorted = Array(Set(items)).sorted()
            return sorted.count == 1 ? .string(sorted[0]) : .list(sorted.map { .string($0) })
        }
        var statements: [HCLValue] = []
        for source in (arguments["source_policy_documents"]?.elements ?? []) + (arguments["override_policy_documents"]?.elements ?? []) {
            if let text = source.stringValue, let doc = try? TerraformJSON.decode(Array(text.utf8)) {
                statements += doc.attributes?["Statement"]?.elements ?? []
            }
        }
        for s in arguments["statement"]?.elements ?? [] {
            guard let a = s.attributes else { continue }
            var out: [String: HCLValue] = ["Effect": .string(a["effect"]?.stringValue ?? "Allow")]
            if let sid = a["sid"]?.stringValue, !sid.isEmpty { out["Sid"] = .string(sid) }
            for (field, key) in [("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")] {
                let items = strings(a[field])
                if !items.isEmpty { out[key] = oneOrMany(items) }
            }
            for (field, key) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
                var byType: [String: [String]] = [:]
                for p in a[field]?.elements ?? [] {
                    guard let t = p.attributes?["type"]?.stringValue else { continue }
                    byType[t, default: []] += strings(p.attributes?["identifiers"])
                }
                if byType.isEmpty { continue }
                if byType.count == 1, byType["*"] != nil { out[key] = .string("*"); continue }
                out[key] = .object(byType.mapValues(oneOrMany))
            }
            var conditions: [String: [String: HCLValue]] = [:]
            for c in a["condition"]?.elements ?? [] {
                guard let test = c.attributes?["test"]?.stringValue, let variable = c.attributes?["variable"]?.stringValue else { continue }
                conditions[test, default: [:]][variable] = oneOrMany(strings(c.attributes?["values"]))
            }
            if !conditions.isEmpty { out["Condition"] = .object(conditions.mapValues { .object($0) }) }
            statements.append(.object(out))
        }
        var document: [String: HCLValue] = ["Version": .string(arguments["version"]?.stringValue ?? "2012-10-17"),
                                            "Statement": .list(statements)]
        if let id = arguments["policy_id"]?.stringValue { document["Id"] = .string(id) }
        return .string(TerraformJSON.encode(.object(document)))
    }
}

/// A data source whose arguments match nothing AWS offers (plan fails the same way).
enum TerraformDataSourceError: Error {
    case noMatch(String)
}
