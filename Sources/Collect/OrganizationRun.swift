import Foundation
import Model

/// `collect --org` and `collect --accounts FILE`: every account of an organisation, each entered
/// through `sts assume-role`, every account × region collected into `ACCOUNT/REGION/` (and Route 53
/// once per account into `ACCOUNT/global/`) of one snapshot, with one manifest that lists every
/// account × region unit and whether it was collected. `--resume` re-collects only the units of the
/// snapshot already at the output that were not collected, or had calls that may succeed when retried.
struct OrganizationRun {
    let collector: Collector
    let cli: AWSCLI
    let caller: (account: String, arn: String)
    /// The region account-wide calls go to.
    let home: String
    let explicitRegions: [String]
    let destination: SnapshotDestination
    let partial: URL
    let startedAt: Date
    let awsCliVersion: String

    private var options: CollectOptions { collector.options }

    func run(_ source: CollectOptions.AccountSource, progress: (CollectProgress) -> Void) throws -> CollectReport {
        guard AWSName.isRoleName(options.roleName) else {
            throw CollectError.invalidOptions("--role-name '\(options.roleName)' is not an IAM role name")
        }
        if let externalID = options.externalID, !Self.isExternalID(externalID) {
            throw CollectError.invalidOptions("--external-id must be 2 to 1224 of the characters A-Z a-z 0-9 + = , . @ : / -")
        }
        let listed = try accounts(source, progress: progress)
        let previous = options.resume ? try previousSnapshot() : nil
        let partition = Self.partition(ofARN: caller.arn)
        let regions: [String]? = options.allRegions ? nil : (explicitRegions.isEmpty ? [home] : explicitRegions)

        // What an earlier run already holds: its collected units are kept as they are.
        var kept: Set<UnitKey> = []
        if let previous {
            for unit in previous.units ?? [] where unit.status == .collected && unit.reason == nil {
                kept.insert(UnitKey(account: unit.account, region: unit.region))
            }
        }
        var plans: [AccountPlan] = []
        var entries: [CollectManifest.Account] = []
        for account in listed {
            let isCaller = account.id == caller.account
            let roleARN = isCaller ? nil : "arn:\(partition):iam::\(account.id):role/\(options.roleName)"
            entries.append(CollectManifest.Account(id: account.id, name: account.name,
                                                   access: roleARN.map { "assumed role \($0)" } ?? "caller credentials"))
            var plan = AccountPlan(id: account.id, name: account.name, roleARN: roleARN, regions: regions, refusal: account.refusal)
            if previous != nil {
                plan.skip = Set(kept.filter { $0.account == account.id }.map(\.region))
                // Every unit this account would have is kept: it is not entered at all.
                if let regions, plan.skip.isSuperset(of: regions + [UnitKey.global]) { continue }
            }
            plans.append(plan)
        }

        let scheduler = RegionScheduler(accounts: plans, cli: cli, settings: collector.settings(home: home, byAccount: true),
                                        directory: partial)
        let outcome = try scheduler.run(progress: progress)

        // The kept units' files, linked from the earlier snapshot, and their entries.
        var calls: [CollectManifest.Call] = []
        var failures: [CollectManifest.Failure] = []
        var units: [CollectManifest.Unit] = []
        let redone = Set(outcome.units.map(\.0))
        if let previous {
            let keptNow = kept.subtracting(redone).filter { key in listed.contains { $0.id == key.account } }
            for key in keptNow.sorted(by: { ($0.account ?? "", $0.region) < ($1.account ?? "", $1.region) }) {
                try Self.link(destination.output.appendingPathComponent(key.relativePath),
                              to: partial.appendingPathComponent(key.relativePath))
            }
            calls += previous.calls.filter { keptNow.contains(UnitKey(account: $0.account, region: $0.region)) }
            failures += previous.failures.filter { keptNow.contains(UnitKey(account: $0.account, region: $0.region)) }
            units += (previous.units ?? []).filter { keptNow.contains(UnitKey(account: $0.account, region: $0.region)) }
        }
        let stamp = Collector.timestamp(startedAt)
        calls += outcome.calls
        failures += outcome.failures
        units += outcome.units.map { key, result in
            CollectManifest.Unit(account: key.account ?? caller.account, region: key.region, status: result.status,
                                 reason: result.reason, collectedAt: result.status == .collected ? stamp : nil)
        }

        // One order for every list: accounts as listed, then regions, then `global`.
        let accountOrder = Dictionary(listed.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let regionRank = { (region: String) -> String in region == UnitKey.global ? "~" : region }
        let unitRank = { (account: String?, region: String) in (accountOrder[account ?? ""] ?? Int.max, regionRank(region)) }
        units.sort { unitRank($0.account, $0.region) < unitRank($1.account, $1.region) }
        calls = Self.stableSorted(calls) { unitRank($0.account, $0.region) < unitRank($1.account, $1.region) }
        failures = Self.stableSorted(failures) { unitRank($0.account, $0.region) < unitRank($1.account, $1.region) }

        let allRegions = Set(units.map(\.region)).subtracting([UnitKey.global, "all-regions"])
        let regionList = explicitRegions.isEmpty || options.allRegions ? allRegions.sorted() : explicitRegions.filter(allRegions.contains)
        let manifest = CollectManifest(account: caller.account, regions: regionList, collectedAt: stamp,
                                       awsCliVersion: awsCliVersion, vpcxVersion: options.vpcxVersion, calls: calls,
                                       failures: failures, accounts: entries, units: units)
        if !units.contains(where: { $0.status == .collected }) {
            if outcome.interrupted { throw CollectError.cancelled }
            throw CollectError.noAccountCollected(units.first.map { "\($0.account) \($0.region): \($0.reason ?? "not collected")" }
                ?? "the organisation lists no account")
        }
        let notFound = options.vpcIDs.filter { !outcome.vpcIDsFound.contains($0) }
        return CollectReport(output: destination.output, manifest: manifest, vpcIDsNotFound: collector.unique(notFound),
                             interrupted: outcome.interrupted)
    }

    // MARK: - Accounts

    /// An account to collect, as the organisation or the file lists it.
    struct ListedAccount: Equatable {
        init(id: String, name: String?, refusal: String? = nil) {
            self.id = id
            self.name = name
            self.refusal = refusal
        }

        var id: String
        var name: String?
        /// Why it is not collected (suspended); nil: it is.
        var refusal: String?
    }

    private func accounts(_ source: CollectOptions.AccountSource, progress: (CollectProgress) -> Void) throws -> [ListedAccount] {
        switch source {
        case .file(let path):
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CollectError.invalidOptions("\(path): cannot read the accounts file: \(error.localizedDescription)")
            }
            return try AccountsFile.parse(String(decoding: data, as: UTF8.self), path: path)
        case .organization:
            let call = "organizations list-accounts"
            progress(CollectProgress(region: "", call: call, event: .started, done: 0, total: 0))
            let json = try collector.accountWideCall(cli, ["organizations", "list-accounts"], call: call, region: home)
            let members = (json as? [String: Any])?["Accounts"] as? [[String: Any]] ?? []
            var seen = Set<String>()
            var accounts: [ListedAccount] = []
            for member in members {
                // Every ID becomes a directory and part of an ARN: an answer that is not one is refused.
                guard let id = member["Id"] as? String, AWSName.isAccountID(id) else {
                    throw CollectError.awsCLIFailed(call: call, code: "InvalidAccountID",
                                                    message: "the answer lists an account ID that is not 12 digits; nothing was collected")
                }
                guard seen.insert(id).inserted else { continue }
                let status = member["Status"] as? String ?? "ACTIVE"
                let refusal = status == "ACTIVE" ? nil
                    : "the account is \(AccountsFile.printable(status, limit: 32)) in the organisation; its role cannot be assumed"
                accounts.append(ListedAccount(id: id, name: (member["Name"] as? String).map { AccountsFile.printable($0, limit: 128) },
                                              refusal: refusal))
            }
            guard !accounts.isEmpty else {
                throw CollectError.awsCLIFailed(call: call, code: "NoAccounts", message: "the organisation lists no account")
            }
            return accounts
        }
    }

    private func previousSnapshot() throws -> CollectManifest {
        let url = destination.output.appendingPathComponent(CollectManifest.fileName)
        guard let data = FileManager.default.contents(atPath: url.path), let manifest = try? CollectManifest.decode(data) else {
            throw CollectError.invalidOptions("--resume: \(destination.output.path) holds no snapshot to resume (no manifest.json)")
        }
        guard manifest.units != nil else {
            throw CollectError.invalidOptions("--resume: \(destination.output.path) is a single-account snapshot; collect it again without --resume")
        }
        return manifest
    }

    // MARK: - Helpers

    /// The partition of an ARN (`arn:aws-us-gov:sts::…` → `aws-us-gov`); `aws` when it does not say.
    static func partition(ofARN arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 2, parts[0] == "arn", AWSName.isPartition(String(parts[1])) else { return "aws" }
        return String(parts[1])
    }

    /// An external ID as IAM allows them.
    static func isExternalID(_ id: String) -> Bool {
        (2...1224).contains(id.utf8.count) && id.utf8.allSatisfy { c in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || "+=,.@:/-_".utf8.contains(c)
        }
    }

    /// Puts an earlier snapshot's unit directory into the new one: hard links (no copy of the data),
    /// a copy where the file system cannot link.
    static func link(_ source: URL, to target: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: source.path) else { return }
        do {
            try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try fileManager.contentsOfDirectory(atPath: source.path) where !name.hasPrefix(".") {
                let from = source.appendingPathComponent(name), to = target.appendingPathComponent(name)
                if (try? fileManager.linkItem(at: from, to: to)) == nil { try fileManager.copyItem(at: from, to: to) }
            }
        } catch {
            throw CollectError.cannotWrite(path: target.path, reason: error.localizedDescription)
        }
    }

    /// A sort that keeps the order of equal elements (the calls' order within a unit).
    static func stableSorted<T>(_ values: [T], by less: (T, T) -> Bool) -> [T] {
        values.enumerated().sorted { a, b in
            less(a.element, b.element) || (!less(b.element, a.element) && a.offset < b.offset)
        }.map(\.element)
    }
}

/// The `--accounts FILE` format: one account a line, its 12-digit ID first, optionally followed by
/// its name (after spaces, a tab or a comma); blank lines and lines starting with `#` are ignored.
/// ```
/// # the platform's accounts
/// 111122223333  network-hub
/// 444455556666,spoke-payments
/// 777788889999
/// ```
enum AccountsFile {
    static func parse(_ text: String, path: String) throws -> [OrganizationRun.ListedAccount] {
        var accounts: [OrganizationRun.ListedAccount] = []
        var firstLine: [String: Int] = [:]
        // `\r\n` is one Character in Swift: split on every newline, whichever a file uses.
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let leading = line.prefix { $0 == " " || $0 == "\t" }.count
            let body = line.dropFirst(leading)
            if body.isEmpty || body.hasPrefix("#") { continue }
            let id = String(body.prefix { !($0 == " " || $0 == "\t" || $0 == ",") })
            guard AWSName.isAccountID(id) else {
                throw CollectError.badInput(path: path, line: lineNumber, column: leading + 1,
                                            message: "expected a 12-digit account ID, found '\(printable(id, limit: 40))'")
            }
            if let first = firstLine[id] {
                throw CollectError.badInput(path: path, line: lineNumber, column: leading + 1,
                                            message: "account \(id) is listed twice (first on line \(first))")
            }
            firstLine[id] = lineNumber
            let rest = body.dropFirst(id.count).drop { $0 == " " || $0 == "\t" || $0 == "," }
            let name = printable(String(rest).trimmingCharacters(in: .whitespaces), limit: 128)
            accounts.append(OrganizationRun.ListedAccount(id: id, name: name.isEmpty ? nil : name))
        }
        guard !accounts.isEmpty else {
            throw CollectError.badInput(path: path, line: 1, column: 1, message: "the accounts file lists no account ID")
        }
        return accounts
    }

    /// Text from an input with control characters replaced and its length bounded: it reaches the
    /// terminal, the manifest and error messages.
    static func printable(_ text: String, limit: Int) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? "?" : Character($0) }
            .prefix(limit))
    }
}
