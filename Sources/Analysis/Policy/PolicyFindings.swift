import Model

/// The findings an endpoint's policy alone can show: full access, a Deny-only policy, a policy
/// that cannot be read, and an S3 policy that would break ECR image pulls.
public enum PolicyFindings {
    /// Findings for every endpoint of the inventory, in endpoint order.
    public static func findings(in inventory: Inventory) -> [Finding] {
        inventory.endpoints.flatMap { findings(for: $0, in: inventory) }
    }

    /// Findings for one endpoint (the Policy view shows these).
    public static func findings(for endpoint: VPCEndpoint, in inventory: Inventory) -> [Finding] {
        let name = endpoint.name.map { "\($0) (\(endpoint.id))" } ?? endpoint.id
        let document: PolicyDocument
        do {
            document = try PolicyDocument.forEndpoint(endpoint.policyDocument)
        } catch {
            let place = error.position.map { " at line \($0.line), column \($0.column)" } ?? ""
            return [Finding(
                rule: "policy-malformed", severity: .error, resource: endpoint.id, vpc: endpoint.vpcID,
                message: "The policy of \(name) cannot be read\(place): \(error.message). vpcx cannot tell what it allows.",
                fix: "Correct the policy document\(place) so it is valid IAM policy JSON, then re-apply it "
                    + "(aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(ShellWord.quote(endpoint.id)) --policy-document file://policy.json).")]
        }
        var out: [Finding] = []
        if document.allowsEverything {
            // A what-if endpoint is vpcx's proposal: say so, rather than report it as something found.
            let proposed = endpoint.id.hasPrefix("vpce-whatif-")
            let what = proposed ? "is proposed by a what-if with the default policy, which"
                : document.isDefault ? "has no policy, so the default policy applies: it" : "has a policy that"
            out.append(Finding(
                rule: "endpoint-full-access-policy", severity: .info, resource: endpoint.id, vpc: endpoint.vpcID,
                message: "\(name) \(what) allows every action on every resource for every principal.",
                fix: "If this endpoint should reach only your own resources, attach a policy that names them, e.g. "
                    + exampleResources(endpoint.service, region: ServiceName.region(endpoint.serviceName) ?? inventory.region ?? "REGION",
                                       account: inventory.vpc(endpoint.vpcID)?.ownerID ?? "ACCOUNT") + "."))
        }
        if !document.hasAllow {
            out.append(Finding(
                rule: "policy-denies-everything", severity: .warning, resource: endpoint.id, vpc: endpoint.vpcID,
                message: "The policy of \(name) has no Allow statement: every request through the endpoint is denied.",
                fix: "Add an Allow statement for what the endpoint should carry, e.g. "
                    + "{ Effect = \"Allow\", Principal = \"*\", Action = \"\(PolicyRequest.commonAction(endpoint.service).action)\", Resource = \"*\" }."))
        }
        if let ecr = ecrLayerFinding(endpoint, document: document, name: name, inventory: inventory) { out.append(ecr) }
        return out
    }

    /// A `Resource = [...]` example for a service's endpoint policy, in that service's own ARNs (an S3
    /// bucket for S3, a table for DynamoDB, a log group for CloudWatch Logs...); for a service without
    /// one, a condition that keeps requests to the account's own resources.
    static func exampleResources(_ service: String, region: String, account: String) -> String {
        let arn = "arn:aws:\(service.split(separator: ".").first.map(String.init) ?? service):\(region):\(account)"
        switch service {
        case "s3": return "Resource = [\"arn:aws:s3:::my-bucket\", \"arn:aws:s3:::my-bucket/*\"] for S3"
        case "dynamodb": return "Resource = [\"\(arn):table/my-table\"] for DynamoDB"
        case "logs": return "Resource = [\"\(arn):log-group:/my/app:*\"] for CloudWatch Logs"
        case "secretsmanager": return "Resource = [\"\(arn):secret:my-app/*\"] for Secrets Manager"
        case "kms": return "Resource = [\"\(arn):key/my-key-id\"] for KMS"
        case "ssm": return "Resource = [\"\(arn):parameter/my-app/*\"] for SSM parameters"
        case "ecr.api", "ecr.dkr": return "Resource = [\"arn:aws:ecr:\(region):\(account):repository/my-repo\"] for ECR"
        case "sqs": return "Resource = [\"\(arn):my-queue\"] for SQS"
        case "sns": return "Resource = [\"\(arn):my-topic\"] for SNS"
        default:
            return "Resource = \"*\" with Condition = { StringEquals = { \"aws:ResourceAccount\" = \"\(account)\" } } for \(service)"
        }
    }

    /// The S3 bucket AWS keeps ECR image layers in, for a region.
    public static func ecrLayerBucket(region: String) -> String { "prod-\(region)-starport-layer-bucket" }

    static func ecrLayerFinding(_ endpoint: VPCEndpoint, document: PolicyDocument, name: String, inventory: Inventory) -> Finding? {
        guard endpoint.service == "s3" else { return nil }
        let hasECR = inventory.endpoints(in: endpoint.vpcID).contains {
            ($0.service == "ecr.api" || $0.service == "ecr.dkr") && $0.kind == .interface
        }
        guard hasECR else { return nil }
        let region = ServiceName.region(endpoint.serviceName) ?? inventory.region ?? "us-east-1"
        let bucket = ecrLayerBucket(region: region)
        let request = PolicyRequest(action: "s3:GetObject", resource: "arn:aws:s3:::\(bucket)/sha256:layer",
                                    context: PolicyRequest.endpointContext(endpoint))
        let evaluation = PolicyEvaluator.evaluate(document, request)
        guard !evaluation.decision.isAllowed else { return nil }
        let cause: String
        if case .explicitDeny(let e) = evaluation.decision {
            cause = "its \(e.statement.label) denies"
        } else {
            cause = "it restricts S3 but does not allow"
        }
        return Finding(
            rule: "s3-policy-blocks-ecr-layers", severity: .error, resource: endpoint.id, vpc: endpoint.vpcID,
            message: "ECR image pulls will fail in \(endpoint.vpcID): the policy of \(name) is used for S3, and "
                + "\(cause) s3:GetObject on arn:aws:s3:::\(bucket)/*, the bucket where ECR keeps image layers.",
            fix: """
            Add the article's AllowECRBuckets statement to the endpoint's policy (aws_vpc_endpoint policy = jsonencode(...)):
                {
                  Sid       = "AllowECRBuckets"
                  Effect    = "Allow"
                  Principal = "*"
                  Action    = ["s3:GetObject"]
                  Resource  = ["arn:aws:s3:::prod-${var.aws_region}-starport-layer-bucket/*"]
                }
            """)
    }
}
