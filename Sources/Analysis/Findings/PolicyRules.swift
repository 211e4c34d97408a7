/// The rules the endpoint policy analysis enables, as data with their documentation, so `check`,
/// `check --explain` and the explorer list them beside the standard ones.
public enum PolicyRules {
    public static let all: [FindingRule] = [
        rule("endpoint-full-access-policy", .info,
             title: "Endpoint policy allows everything",
             checks: "An endpoint whose policy (or missing policy: the default) allows * for * on *.",
             why: "The endpoint then carries requests to any bucket, table or secret of any account, yours or not: "
                + "a path for data to leave through. Endpoint policies are the second gate after IAM.",
             howToFix: "Attach a policy that names your own resources (the article's AllowSpecificBuckets), keeping "
                + "what AWS itself needs through the endpoint (for S3 with ECR: the starport layer bucket)."),
        rule("s3-policy-blocks-ecr-layers", .error,
             title: "S3 endpoint policy blocks ECR image layers",
             checks: "An S3 endpoint policy that restricts buckets in a VPC with ECR endpoints, without allowing "
                + "s3:GetObject on arn:aws:s3:::prod-REGION-starport-layer-bucket/*.",
             why: "ECR stores image layers in S3. Pulls fetch the manifest through ecr.api/ecr.dkr and the layers "
                + "from S3 through this endpoint, where the policy denies them: image pulls fail.",
             howToFix: "Add the article's AllowECRBuckets statement: Allow s3:GetObject on "
                + "arn:aws:s3:::prod-REGION-starport-layer-bucket/*."),
        rule("policy-denies-everything", .warning,
             title: "Endpoint policy has no Allow",
             checks: "An endpoint policy with no Allow statement at all.",
             why: "Everything not explicitly allowed is denied: no request through the endpoint can succeed.",
             howToFix: "Add an Allow statement for what the endpoint should carry; keep the Deny statements for the exceptions."),
        rule("policy-malformed", .error,
             title: "Endpoint policy cannot be read",
             checks: "An endpoint policy document that is not valid policy JSON (with the line and column of the problem).",
             why: "vpcx cannot tell what the endpoint allows, and AWS would reject the document when it is applied.",
             howToFix: "Fix the document at the position given and apply it again."),
    ]

    static func rule(_ id: String, _ severity: Severity, title: String, checks: String, why: String, howToFix: String) -> FindingRule {
        // An endpoint's policy findings follow from it and the other endpoints of its VPC (ECR beside S3).
        FindingRule(id: id, severity: severity, title: title, checks: checks, why: why, howToFix: howToFix, scope: .vpc) { context in
            // Gateway Load Balancer, Resource and service-network endpoints take no endpoint policy.
            context.policyFindings.filter { finding in
                finding.rule == id && context.inventory.endpoint(finding.resource).map { [.gateway, .interface].contains($0.kind) } != false
            }
        }
    }
}

extension FindingEngine {
    /// Every rule vpcx has: DESIGN.md's table and the policy rules.
    public static var complete: FindingEngine { FindingEngine.standard.appending(PolicyRules.all) }
}
