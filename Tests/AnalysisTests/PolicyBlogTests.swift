import Foundation
import Loaders
import Model
import Testing
@testable import Analysis

/// The article's two restrictive policies, as they are in the blog fixture (and the built-in demo).
@Suite("Policies of the article")
struct PolicyBlogTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LoadersTests/Fixtures/aws-cli/blog-eu-west-1").path

    static func inventory() throws -> Inventory { try SourceLoader.load([fixture]) }

    static func endpoint(_ service: String, in inventory: Inventory) throws -> VPCEndpoint {
        try #require(inventory.endpoints.first { $0.service == service })
    }

    func evaluate(_ service: String, _ action: String, _ resource: String) throws -> PolicyEvaluation {
        let inventory = try Self.inventory()
        let endpoint = try Self.endpoint(service, in: inventory)
        let document = try PolicyDocument.forEndpoint(endpoint.policyDocument)
        return PolicyEvaluator.evaluate(document, PolicyRequest(action: action, resource: resource,
                                                                context: PolicyRequest.endpointContext(endpoint)))
    }

    @Test func getObjectOnTheAppBucketIsAllowed() throws {
        let result = try evaluate("s3", "s3:GetObject", "arn:aws:s3:::acme-app/reports/q1.csv")
        #expect(result.summary == "ALLOW (statement 1 \"AllowSpecificBuckets\")")
    }

    @Test func getObjectOnAnotherBucketIsImplicitlyDeniedWithAllowSpecificBucketsClosest() throws {
        let result = try evaluate("s3", "s3:GetObject", "arn:aws:s3:::acme-new/reports/q1.csv")
        guard case .implicitDeny(let closest) = result.decision else { Issue.record("expected implicit deny"); return }
        #expect(closest.first?.statement.sid == "AllowSpecificBuckets")
        #expect(closest.first?.failures.map(\.part) == [.resource])
        #expect(closest.count == 2)
    }

    @Test func ecrLayerBucketIsAllowed() throws {
        let result = try evaluate("s3", "s3:GetObject", "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/sha256:abc")
        #expect(result.decision.decidingStatement?.statement.sid == "AllowECRBuckets")
        #expect(result.decision.isAllowed)
        // The ECR statement allows only reads.
        #expect(try !evaluate("s3", "s3:PutObject", "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/x").decision.isAllowed)
    }

    @Test func appSecretsAreAllowedOthersDenied() throws {
        let arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
        #expect(try evaluate("secretsmanager", "secretsmanager:GetSecretValue", arn + "app/db-AbCdEf").decision.isAllowed)
        #expect(try evaluate("secretsmanager", "secretsmanager:DescribeSecret", arn + "shared/api-key").decision.isAllowed)
        #expect(try !evaluate("secretsmanager", "secretsmanager:GetSecretValue", arn + "admin/root-AbCdEf").decision.isAllowed)
        #expect(try !evaluate("secretsmanager", "secretsmanager:PutSecretValue", arn + "app/db-AbCdEf").decision.isAllowed)
    }

    @Test("the tester's default requests per service")
    func suggestedRequests() throws {
        let inventory = try Self.inventory()
        func suggested(_ service: String) throws -> PolicyRequest {
            let e = try Self.endpoint(service, in: inventory)
            return PolicyRequest.suggested(for: e, document: try PolicyDocument.forEndpoint(e.policyDocument),
                                           region: inventory.region, account: inventory.account)
        }
        let s3 = try suggested("s3")
        #expect(s3.action == "s3:GetObject")
        #expect(s3.resource == "arn:aws:s3:::acme-app/*")
        #expect(s3.context["aws:SourceVpce"] == ["vpce-d92fb38065fbf700d"])
        let secrets = try suggested("secretsmanager")
        #expect(secrets.action == "secretsmanager:GetSecretValue")
        #expect(secrets.resource == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/*")
        let dynamo = try suggested("dynamodb")
        #expect(dynamo.action == "dynamodb:GetItem")
        #expect(dynamo.resource.hasPrefix("arn:aws:dynamodb:eu-west-1:"))
        #expect(dynamo.resource.hasSuffix(":table/example"))
        let kms = try suggested("kms")
        #expect(kms.action == "kms:Decrypt")
        #expect(kms.resource == "*")
        // Every default request passes the article's policies: the tester opens on a green answer.
        for e in inventory.endpoints {
            let doc = try PolicyDocument.forEndpoint(e.policyDocument)
            let r = PolicyRequest.suggested(for: e, document: doc, region: inventory.region, account: inventory.account)
            #expect(PolicyEvaluator.evaluate(doc, r).decision.isAllowed, "\(e.service)")
        }
    }
}

@Suite("Policy findings")
struct PolicyFindingsTests {
    static let region = "eu-west-1"

    func endpoint(_ id: String, _ service: String, kind: VPCEndpoint.Kind = .interface, policy: String?) -> VPCEndpoint {
        VPCEndpoint(id: id, vpcID: "vpc-1", kind: kind, serviceName: "com.amazonaws.\(Self.region).\(service)",
                    policyDocument: policy, tags: [Tag(key: "Name", value: "\(service)-endpoint")])
    }

    func inventory(_ endpoints: [VPCEndpoint]) -> Inventory {
        var contents = InventoryContents()
        contents.endpoints = endpoints
        return Inventory(contents)
    }

    static let appOnly = #"{"Version":"2012-10-17","Statement":[{"Sid":"AllowSpecificBuckets","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::acme-app","arn:aws:s3:::acme-app/*"]}]}"#

    @Test func theBlogNetworkHasOnlyFullAccessInfos() throws {
        let findings = PolicyFindings.findings(in: try PolicyBlogTests.inventory())
        #expect(Set(findings.map(\.rule)) == ["endpoint-full-access-policy"])
        // The S3 and Secrets Manager endpoints are restricted; the other nine keep the default's effect.
        #expect(findings.count == 9)
        #expect(findings.allSatisfy { $0.severity == .info })
    }

    @Test func missingPolicyIsFullAccess() throws {
        let f = PolicyFindings.findings(in: inventory([endpoint("vpce-1", "kms", policy: nil)]))
        #expect(f.map(\.rule) == ["endpoint-full-access-policy"])
        #expect(f.first?.message.contains("default policy") == true)
    }

    @Test func restrictedS3WithECRButNoLayerBucketBreaksPulls() throws {
        let s3 = endpoint("vpce-s3", "s3", kind: .gateway, policy: Self.appOnly)
        let f = PolicyFindings.findings(in: inventory([s3, endpoint("vpce-api", "ecr.api", policy: nil),
                                                       endpoint("vpce-dkr", "ecr.dkr", policy: nil)]))
        let ecr = try #require(f.first { $0.rule == "s3-policy-blocks-ecr-layers" })
        #expect(ecr.severity == .error)
        #expect(ecr.resource == "vpce-s3")
        #expect(ecr.message.contains("arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*"))
        #expect(ecr.message.contains("image pulls will fail"))
        #expect(ecr.fix.contains("AllowECRBuckets"))
        #expect(ecr.fix.contains("starport-layer-bucket/*"))
    }

    @Test func restrictedS3WithoutECRIsFine() {
        let s3 = endpoint("vpce-s3", "s3", kind: .gateway, policy: Self.appOnly)
        #expect(PolicyFindings.findings(in: inventory([s3, endpoint("vpce-k", "kms", policy: "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")])).isEmpty)
    }

    @Test func denyOnlyPolicyDeniesEverything() throws {
        let deny = #"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"*"}]}"#
        let f = PolicyFindings.findings(in: inventory([endpoint("vpce-1", "s3", kind: .gateway, policy: deny)]))
        #expect(f.map(\.rule) == ["policy-denies-everything"])
        #expect(f.first?.severity == .warning)
    }

    @Test func malformedPolicyIsAnErrorWithItsPosition() throws {
        let broken = "{\n  \"Statement\": [\n    {\"Effect\": \"Alow\", \"Action\": \"*\"}\n  ]\n}"
        let f = PolicyFindings.findings(in: inventory([endpoint("vpce-1", "sts", policy: broken)]))
        let finding = try #require(f.first)
        #expect(f.count == 1)
        #expect(finding.rule == "policy-malformed")
        #expect(finding.severity == .error)
        #expect(finding.message.contains("line 3, column 16"))
        #expect(finding.message.contains("Effect must be Allow or Deny"))
    }
}
