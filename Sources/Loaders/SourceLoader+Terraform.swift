import Model

// The Terraform readers (HCL `.tf` and `terraform show -json`) plug in here.
extension SourceLoader {
    static func loadTerraform(path: String, options: LoadOptions) throws(LoadError) -> InventoryContents {
        throw LoadError(path: path, message: "reading Terraform is not available in this build yet")
    }

    static func loadTerraformJSON(_ bytes: [UInt8], path: String) throws(LoadError) -> InventoryContents {
        throw LoadError(path: path, message: "reading terraform show -json output is not available in this build yet")
    }
}
