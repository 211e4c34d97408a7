import Model

// The Terraform readers (HCL `.tf` and `terraform show -json`) behind source detection.
extension SourceLoader {
    static func loadTerraform(path: String, options: LoadOptions) throws(LoadError) -> InventoryContents {
        do {
            return try TerraformLoader.load(path: path, variables: options.variables, varFiles: options.varFiles,
                                           zones: options.zones, allowRead: options.allowRead)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(path: path, message: "\(error)")
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
