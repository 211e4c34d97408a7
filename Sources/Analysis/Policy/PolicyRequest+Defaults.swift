import Model

extension PolicyRequest {
    /// The context keys a request through this endpoint carries (`aws:SourceVpce`, `aws:SourceVpc`).
    public static func endpointContext(_ endpoint: VPCEndpoint) -> [String: [String]] {
        ["aws:SourceVpce": [endpoint.id], "aws:SourceVpc": [endpoint.vpcID]]
    }

    /// A sensible first request for the tester: s3:GetObject on the first bucket the policy names,
    /// secretsmanager:GetSecretValue on the first secret, dynamodb:GetItem on the first table, or the
    /// service's common call on `*`. Carries the endpoint's context keys.
    public static func suggested(for endpoint: VPCEndpoint, document: PolicyDocument?, region: String?, account: String?) -> PolicyRequest {
        let service = endpoint.service
        let region = ServiceName.region(endpoint.serviceName) ?? region ?? "us-east-1"
        let account = account ?? endpoint.ownerID ?? "123456789012"
        let named = document.map(namedResources) ?? []
        let context = endpointContext(endpoint)

        func firstNamed(service prefix: String) -> String? {
            named.first { ARN($0)?.service == prefix && $0 != "*" }
        }

        switch service {
        case "s3":
            if let bucket = named.lazy.compactMap(bucketName).first {
                return PolicyRequest(action: "s3:GetObject", resource: "arn:aws:s3:::\(bucket)/*", context: context)
            }
            return PolicyRequest(action: "s3:GetObject", resource: "arn:aws:s3:::example-bucket/*", context: context)
        case "secretsmanager":
            let secret = firstNamed(service: "secretsmanager") ?? "arn:aws:secretsmanager:\(region):\(account):secret:example"
            return PolicyRequest(action: "secretsmanager:GetSecretValue", resource: secret, context: context)
        case "dynamodb":
            let table = firstNamed(service: "dynamodb") ?? "arn:aws:dynamodb:\(region):\(account):table/example"
            return PolicyRequest(action: "dynamodb:GetItem", resource: table, context: context)
        default:
            let (prefix, action) = commonAction(service)
            return PolicyRequest(action: action, resource: firstNamed(service: prefix) ?? "*", context: context)
        }
    }

    /// The IAM prefix and a typical call of a service reached through an endpoint.
    static func commonAction(_ service: String) -> (prefix: String, action: String) {
        switch service {
        case "ecr.api": return ("ecr", "ecr:GetAuthorizationToken")
        case "ecr.dkr": return ("ecr", "ecr:BatchGetImage")
        case "logs": return ("logs", "logs:PutLogEvents")
        case "kms": return ("kms", "kms:Decrypt")
        case "sts": return ("sts", "sts:AssumeRole")
        case "ssm": return ("ssm", "ssm:GetParameter")
        case "ssmmessages": return ("ssmmessages", "ssmmessages:OpenDataChannel")
        case "ec2messages": return ("ec2messages", "ec2messages:GetMessages")
        case "sqs": return ("sqs", "sqs:SendMessage")
        case "sns": return ("sns", "sns:Publish")
        case "execute-api": return ("execute-api", "execute-api:Invoke")
        case "ec2": return ("ec2", "ec2:DescribeInstances")
        case "monitoring": return ("cloudwatch", "cloudwatch:PutMetricData")
        case "events": return ("events", "events:PutEvents")
        default:
            let prefix = service.split(separator: ".").first.map(String.init) ?? service
            return (prefix, "\(prefix):*")
        }
    }

    /// Every Resource value of the policy's Allow statements, in order.
    static func namedResources(_ document: PolicyDocument) -> [String] {
        document.statements.filter { $0.effect == .allow }.flatMap { s -> [String] in
            guard let r = s.resource, !r.negated else { return [] }
            return r.patterns
        }
    }

    /// The bucket of an S3 ARN without wildcards in the bucket name.
    static func bucketName(_ resource: String) -> String? {
        guard resource.hasPrefix("arn:aws:s3:::") else { return nil }
        let rest = resource.dropFirst("arn:aws:s3:::".count)
        let bucket = rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        guard !bucket.isEmpty, !bucket.contains("*"), !bucket.contains("?"), !bucket.contains("$") else { return nil }
        return bucket
    }
}
