import ArgumentParser
import Foundation
import Loaders
import Model
import TerraformWriter

/// `vpcx export --terraform`: any network vpcx reads (a design, an aws CLI snapshot, Terraform) written
/// as one Terraform configuration that opens back in vpcx to the same network.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the loaded network as Terraform.",
        discussion: """
            With --terraform: VPCs, subnets, gateways, route tables, security groups and endpoints as \
            Terraform resources named after their Name tags (a VPC's main route table and default security \
            group as aws_default_route_table and aws_default_security_group). Opening the output with vpcx \
            gives the same paths, findings and costs; only the IDs become Terraform addresses. \
            Without -o: standard output. -o FILE.tf writes that file; -o DIR writes DIR/main.tf. \
            An existing file is kept unless --force. Exit code 2 for input that cannot be read.
            """)

    @OptionGroup var source: SourceOptions

    @Flag(help: "Write Terraform (the one export format).")
    var terraform = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a .tf file, or a directory for main.tf. Default: standard output.", valueName: "DIR|FILE"),
            completion: .file(extensions: ["tf"]))
    var output: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        guard terraform else { throw ValidationError("say what to export as: --terraform") }
    }

    func run() throws {
        let inventory = try source.load()
        let origin = source.sources.isEmpty ? "the built-in demo" : source.sources.joined(separator: " ")
        let text = InventoryTerraform.file(inventory, source: origin).rendered
        // A configuration declares a whole network: kinds the source did not describe become none, not unknown.
        if !inventory.missingKinds.isEmpty {
            printError("vpcx: warning: the source does not describe \(inventory.missingKinds.map(\.title).joined(separator: ", ")); the Terraform has none of them, so read back they are none, not unknown")
        }
        guard let output else {
            Output.text(text)
            return
        }
        let path = try Self.destination(output)
        if FileManager.default.fileExists(atPath: path) && !force {
            printError("vpcx: \(path) exists; give --force to replace it")
            throw ExitCode(1)
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError("vpcx: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        printError("wrote \(path): \(inventory.vpcs.count) VPCs, \(inventory.subnets.count) subnets, \(inventory.endpoints.count) endpoints")
    }

    /// The file to write: FILE.tf as given, else main.tf in the directory (made when missing).
    static func destination(_ output: String) throws -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        if output.hasSuffix(".tf") && !(exists && isDirectory.boolValue) { return output }
        if !exists {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                printError("vpcx: cannot make the directory \(output): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        } else if !isDirectory.boolValue {
            printError("vpcx: \(output) is a file that is not .tf; give a .tf file or a directory")
            throw ExitCode(2)
        }
        return (output as NSString).appendingPathComponent("main.tf")
    }
}
