import Model

// The Terraform readers (HCL `.tf` and `terraform show -json`) behind source detection.
extension SourceLoader {
    static func loadTerraform(path: String, options: LoadOptions, existing: InventoryContents? = nil) throws(LoadError) -> InventoryContents {
        do {
            return try TerraformLoader.load(path: path, variables: options.variables, varFiles: options.varFiles,
                                           zones: options.zones, allowRead: options.allowRead, existing: existing)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(path: path, message: "\(error)")
        }
    }

    /// Reads the Terraform sources after the inventories: a spec given with an inventory (`vpcx INVENTORY SPEC`)
    /// is applied to it, its data sources answered from it and its resources marked planned.
    static func applyTerraform(_ paths: [String], options: LoadOptions, onto whole: inout InventoryContents) throws(LoadError) {
        for path in paths {
            if whole.vpcs.isEmpty {
                whole.merge(try loadTerraform(path: path, options: options))
            } else {
                let spec = try loadTerraform(path: path, options: options, existing: whole)
                TerraformAfterApply.apply(spec, onto: &whole)
            }
        }
    }

    static func loadTerraformJSON(_ bytes: [UInt8], path: String) throws(LoadError) -> InventoryContents {
        do {
            return try TerraformJSONLoader.load(bytes: bytes, path: path)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(path: path, message: "\(error)")
        }
    }
}
