// libFuzzer harnesses for vpcx's input readers (built only by scripts/fuzz, with VPCX_FUZZ set).
// One executable holds them all; VPCX_FUZZ_TARGET picks which one this run feeds. Each harness
// only has to not crash, hang or blow up: errors are the expected answer to most inputs.
import Analysis
import Canvas
import Explorer
import ThemeLoader
import Foundation
@testable import Loaders
import Model

/// The harness names `scripts/fuzz` accepts.
let harnesses: [String: @Sendable ([UInt8]) -> Void] = [
    "aws-json": { bytes in
        _ = try? AWSCLIDocument.read(bytes, path: "fuzz.json", regionHint: nil)
    },
    "show-json": { bytes in
        _ = try? TerraformJSONLoader.load(bytes: bytes, path: "fuzz.json")
    },
    "hcl": { bytes in
        guard let body = try? HCLParser.parseFile(bytes: bytes, path: "fuzz.tf") else { return }
        let evaluator = HCLEvaluator(path: "fuzz.tf", baseDirectory: "/nonexistent")
        func walk(_ body: HCLBody) {
            for attribute in body.attributes { _ = try? evaluator.evaluate(attribute.expression) }
            for block in body.blocks { walk(block.body) }
        }
        walk(body)
    },
    "policy": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self),
              let document = try? PolicyDocument.parse(text) else { return }
        for request in [PolicyRequest(action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key"),
                        PolicyRequest(action: "ecr:BatchGetImage", resource: "*", principal: "arn:aws:iam::111122223333:root",
                                      context: ["aws:SourceVpce": ["vpce-1"], "aws:username": ["x"]])] {
            _ = PolicyEvaluator.evaluate(document, request)
        }
    },
    "pricing": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        _ = try? PricingLoader.parse(text, path: "fuzz.yaml")
    },
    "design": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        _ = try? DesignLoader.parse(text, path: "fuzz.vpcx.yaml")
    },
    "theme": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        _ = try? Theme.parse(text, path: "fuzz.yaml", roles: Role.explorerRoles)
    },
]

let chosen: @Sendable ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["VPCX_FUZZ_TARGET"] ?? ""
    guard let harness = harnesses[name] else {
        FileHandle.standardError.write(Data("set VPCX_FUZZ_TARGET to one of: \(harnesses.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return harness
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    chosen(bytes)
    return 0
}

/// libFuzzer's driver, which its own `main` calls.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry point as `vpcx_fuzz_main`; it hands over to libFuzzer.
@_cdecl("vpcx_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
