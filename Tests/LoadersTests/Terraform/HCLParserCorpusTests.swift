import Foundation
import Testing
@testable import Loaders

/// The project's parser against python-hcl2 on a corpus of `.tf` files: the same blocks, labels,
/// attribute names and literal values.
enum HCLCorpus {
    static let directory = TerraformFixtures.path("terraform/corpus")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("hcl2_structure.py").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tf") }.sorted()
            .map { directory + "/" + $0 }
    }

    /// Whether python3 with python-hcl2 can run here (`.ci/run` installs it).
    static let pythonHCL2Available: Bool = {
        guard let (status, _) = try? run(["-c", "import hcl2"]) else { return false }
        return status == 0
    }()

    static func run(_ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// The canonical structure of a body (see hcl2_structure.py).
    static func canonical(_ body: HCLBody) -> HCLValue {
        var attributes: [String: HCLValue] = [:]
        for attribute in body.attributes { attributes[attribute.name] = canonical(attribute.expression) }
        let blocks = body.blocks.map { block in
            HCLValue.object(["type": .string(block.type), "labels": .list(block.labels.map { .string($0) }), "body": canonical(block.body)])
        }
        return .object(["attributes": .object(attributes), "blocks": .list(blocks)])
    }

    static func canonical(_ expr: HCLExpr) -> HCLValue {
        switch expr {
        case .literal(.string(let s), _): return s.contains("\n") ? .string("<expr>") : .string(s)
        case .literal(let v, _): return v
        case .unary("-", .literal(.number(let n), _), _): return .number(-n)
        case .tuple(let items, _): return .list(items.map(canonical))
        case .object(let items, _):
            var map: [String: HCLValue] = [:]
            for (key, value) in items {
                guard case .literal(.string(let k), _) = key else { return .string("<expr>") }
                map[k] = canonical(value)
            }
            return .object(map)
        default: return .string("<expr>")
        }
    }

    /// Blocks ordered by type (stable), as python-hcl2 groups them by type.
    static func normalized(_ value: HCLValue) -> HCLValue {
        guard case .object(var map) = value else { return value }
        if case .list(let blocks)? = map["blocks"] {
            let sorted = blocks.enumerated().sorted { a, b in
                let ta = a.element.attributes?["type"]?.stringValue ?? "", tb = b.element.attributes?["type"]?.stringValue ?? ""
                return ta == tb ? a.offset < b.offset : ta < tb
            }
            map["blocks"] = .list(sorted.map { entry in
                guard case .object(var block) = entry.element else { return entry.element }
                if let body = block["body"] { block["body"] = normalized(body) }
                return .object(block)
            })
        }
        return .object(map)
    }
}

@Suite struct HCLParserCorpusTests {
    @Test func corpusHasVariedFiles() {
        #expect(HCLCorpus.files.count >= 8)
    }

    @Test(.enabled(if: HCLCorpus.pythonHCL2Available, "python-hcl2 is not installed (pip install python-hcl2); the corpus comparison is skipped"))
    func agreesWithPythonHCL2() throws {
        let files = HCLCorpus.files
        let (status, output) = try HCLCorpus.run([HCLCorpus.script] + files)
        try #require(status == 0, "hcl2_structure.py failed")
        let reference = try TerraformJSON.decode(Array(output))
        for file in files {
            let body = try HCLParser.parseFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: file))), path: file)
            let ours = HCLCorpus.normalized(HCLCorpus.canonical(body))
            let theirs = HCLCorpus.normalized(try #require(reference.attributes?[file]))
            #expect(HCLEvaluator.equal(ours, theirs), "\(file): ours \(ours)\npython-hcl2 \(theirs)")
        }
    }

    @Test func corpusFilesAllParse() throws {
        for file in HCLCorpus.files {
            _ = try HCLParser.parseFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: file))), path: file)
        }
    }
}
