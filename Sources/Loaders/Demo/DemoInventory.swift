import Model

/// The article's network (eu-west-1: three AZs, NAT per AZ, S3 and DynamoDB gateway endpoints,
/// nine interface endpoints, the restrictive S3 and Secrets Manager policies), compiled into the
/// binary from the same `aws ec2 describe-*` files as the `blog-eu-west-1` fixture.
enum DemoInventory {
    static let path = "(built-in demo: blog-eu-west-1)"

    static func contents() -> InventoryContents {
        let files: [[UInt8]] = [
            PackageResources.describe_vpcs_json, PackageResources.describe_vpc_attribute_json,
            PackageResources.describe_subnets_json, PackageResources.describe_route_tables_json,
            PackageResources.describe_internet_gateways_json, PackageResources.describe_nat_gateways_json,
            PackageResources.describe_security_groups_json, PackageResources.describe_prefix_lists_json,
            PackageResources.describe_vpc_endpoints_json, PackageResources.describe_network_interfaces_json,
        ]
        var whole = InventoryContents()
        for bytes in files {
            // The files are ours and tested (LoadersTests); a failure here would be a build defect.
            if case .inventory(let part)? = try? AWSCLIDocument.read(bytes, path: path, regionHint: nil) {
                whole.merge(part)
            }
        }
        whole.sources = [SourceInfo(path: path, format: .demo, account: whole.vpcs.lazy.compactMap(\.ownerID).first,
                                    region: SourceLoader.inferredRegion(whole))]
        SourceLoader.finish(&whole)
        return whole
    }
}
