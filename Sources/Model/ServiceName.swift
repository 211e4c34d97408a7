/// AWS service names as endpoints carry them (`com.amazonaws.eu-west-1.ecr.dkr`) and as people say them (`ecr.dkr`).
public enum ServiceName {
    /// The short name: what follows `com.amazonaws.REGION.` (`s3`, `ecr.dkr`). Names of other shapes
    /// (marketplace or private services, `com.amazonaws.vpce.…`) come back whole.
    public static func short(_ full: String) -> String {
        guard full.hasPrefix("com.amazonaws.") else { return full } // most callers pass a short name already
        let parts = full.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "com", parts[1] == "amazonaws", isRegion(parts[2]) else { return full }
        return parts[3...].joined(separator: ".")
    }

    /// The region inside a full service name, if it has one.
    public static func region(_ full: String) -> String? {
        let parts = full.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "com", parts[1] == "amazonaws", isRegion(parts[2]) else { return nil }
        return String(parts[2])
    }

    /// The full name of a short service in a region.
    public static func full(_ short: String, region: String) -> String { "com.amazonaws.\(region).\(short)" }

    /// Whether a word looks like a region code (`eu-west-1`, `us-gov-west-1`).
    public static func isRegion(_ word: some StringProtocol) -> Bool {
        let pieces = word.split(separator: "-")
        guard pieces.count >= 3, let last = pieces.last, last.allSatisfy(\.isNumber) else { return false }
        return pieces.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isLetter) }
    }

    /// The region of an availability zone: `eu-west-1a` → `eu-west-1` (Local Zones such as
    /// `us-east-1-bos-1a` keep their parent region).
    public static func region(ofZone zone: String) -> String? {
        var z = Substring(zone)
        while let last = z.last, last.isLetter { z = z.dropLast() }
        let parts = z.split(separator: "-")
        guard parts.count >= 3 else { return nil }
        return parts.prefix(3).joined(separator: "-")
    }

    /// Services reached through gateway endpoints (route-table prefix lists); everything else is PrivateLink.
    public static let gatewayServices: Set<String> = ["s3", "dynamodb"]

    /// Short names of common services reachable through VPC endpoints (gateway or PrivateLink): what
    /// `--service` accepts and what a design file may name without the full `com.amazonaws.REGION.` form.
    public static let common: Set<String> = [
        "s3", "dynamodb", "secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs", "ecr.api", "ecr.dkr",
        "kms", "sts", "sqs", "sns", "lambda", "monitoring", "events", "elasticloadbalancing", "autoscaling", "ec2",
        "ecs", "ecs-agent", "ecs-telemetry", "execute-api", "kinesis-streams", "kinesis-firehose", "glue", "athena",
        "states", "ssm-contacts", "elasticfilesystem", "rds", "rds-data", "redshift", "sagemaker.api",
        "sagemaker.runtime", "bedrock", "bedrock-runtime", "codebuild", "codecommit", "codepipeline",
        "codeartifact.api", "codeartifact.repositories", "cloudformation", "config", "elasticache", "xray",
        "servicecatalog", "appmesh-envoy-management", "email-smtp", "textract", "comprehend", "transfer",
        "backup", "batch", "eks", "eks-auth", "iam", "acm-pca", "secretsmanager-fips", "cloudtrail", "airflow.api",
        "aps-workspaces", "application-autoscaling", "appconfig", "appconfigdata", "s3-outposts", "s3express",
    ]
}
