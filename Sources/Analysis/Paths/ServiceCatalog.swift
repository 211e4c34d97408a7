import Model

/// AWS services vpcx knows by name: what `--service` accepts besides the services of the inventory's
/// own endpoints, and the words the diagrams use for them.
public enum ServiceCatalog {
    /// Short names of common services reachable through VPC endpoints (gateway or PrivateLink).
    public static let known: Set<String> = ServiceName.common

    /// Words for a service in titles: `S3`, `Secrets Manager`; the short name when vpcx has none.
    public static func displayName(_ service: String) -> String {
        switch service {
        case "s3": return "S3"
        case "dynamodb": return "DynamoDB"
        case "secretsmanager": return "Secrets Manager"
        case "ssm": return "SSM"
        case "ssmmessages": return "SSM messages"
        case "ec2messages": return "EC2 messages"
        case "logs": return "CloudWatch Logs"
        case "monitoring": return "CloudWatch"
        case "ecr.api": return "ECR API"
        case "ecr.dkr": return "ECR Docker"
        case "kms": return "KMS"
        case "sts": return "STS"
        case "sqs": return "SQS"
        case "sns": return "SNS"
        case "lambda": return "Lambda"
        case "events": return "EventBridge"
        case "ec2": return "EC2"
        default: return service
        }
    }

    /// The short name of what a user typed: `s3`, or a full `com.amazonaws.REGION.s3`, lowercased.
    public static func normalise(_ text: String) -> String {
        // Asked for every VPC and service of an organisation: a name already plain (ASCII, lower case,
        // no spaces) skips the Character-by-Character filter.
        let plain = text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
        if plain { return ServiceName.short(text) }
        return ServiceName.short(text.filter { !$0.isWhitespace }).lowercased()
    }

    /// The public hostname the SDK uses by default (`secretsmanager.eu-west-1.amazonaws.com`).
    public static func hostname(_ service: String, region: String?) -> String {
        let region = region ?? "REGION"
        switch service {
        case "ecr.api": return "api.ecr.\(region).amazonaws.com"
        case "ecr.dkr": return "*.dkr.ecr.\(region).amazonaws.com"
        default: return "\(service).\(region).amazonaws.com"
        }
    }
}
