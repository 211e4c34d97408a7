import Testing
@testable import Analysis

/// One row of the evaluator table: a policy, a request, the expected outcome.
struct EvaluatorCase: CustomTestStringConvertible, Sendable {
    enum Outcome: Sendable { case allow, explicitDeny, implicitDeny }

    var name: String
    var policy: String
    var request: PolicyRequest
    var expected: Outcome

    var testDescription: String { name }
}

/// A 2012-10-17 policy with one Allow statement for everyone plus the given members.
private func allow(_ members: String, version: String = "2012-10-17") -> String {
    #"{"Version":"\#(version)","Statement":[{"Effect":"Allow","Principal":"*",\#(members)}]}"#
}

/// An Allow statement on `*`/`*` guarded by one condition.
private func when(_ condition: String) -> String {
    allow(#""Action":"*","Resource":"*","Condition":\#(condition)"#)
}

private func req(_ action: String = "s3:GetObject", _ resource: String = "arn:aws:s3:::acme-app/a.txt",
                 principal: String? = nil, _ context: [String: [String]] = [:]) -> PolicyRequest {
    PolicyRequest(action: action, resource: resource, principal: principal, context: context)
}

/// The default request (s3:GetObject on acme-app) with context keys.
private func req(_ context: [String: [String]]) -> PolicyRequest { req("s3:GetObject", "arn:aws:s3:::acme-app/a.txt", context) }

private let vpce = ["aws:SourceVpce": ["vpce-1a2b"]]

let evaluatorCases: [EvaluatorCase] = [
    // Wildcards on actions: case-insensitive, * and ?.
    .init(name: "exact action", policy: allow(#""Action":"s3:GetObject","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "action case-insensitive", policy: allow(#""Action":"S3:getobject","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "action service wildcard", policy: allow(#""Action":"s3:*","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "action prefix wildcard", policy: allow(#""Action":"s3:Get*","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "action prefix wildcard misses", policy: allow(#""Action":"s3:Put*","Resource":"*""#), request: req(), expected: .implicitDeny),
    .init(name: "action ? wildcard", policy: allow(#""Action":"s3:GetObjec?","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "action ? needs exactly one", policy: allow(#""Action":"s3:GetObjec??","Resource":"*""#), request: req(), expected: .implicitDeny),
    .init(name: "other service", policy: allow(#""Action":"dynamodb:*","Resource":"*""#), request: req(), expected: .implicitDeny),
    .init(name: "action list", policy: allow(#""Action":["s3:PutObject","s3:GetObject"],"Resource":"*""#), request: req(), expected: .allow),
    .init(name: "bare * action", policy: allow(#""Action":"*","Resource":"*""#), request: req("kms:Decrypt", "*"), expected: .allow),
    // Resources: case-sensitive, ARN segments.
    .init(name: "bucket objects", policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::acme-app/*""#), request: req(), expected: .allow),
    .init(name: "resource case-sensitive", policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::ACME-APP/*""#), request: req(), expected: .implicitDeny),
    .init(name: "bucket ARN is not its objects", policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::acme-app""#), request: req(), expected: .implicitDeny),
    .init(name: "other bucket", policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::acme-logs/*""#), request: req(), expected: .implicitDeny),
    .init(name: "resource ? wildcard", policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::acme-ap?/*""#), request: req(), expected: .allow),
    .init(name: "* inside a segment stops at a colon",
          policy: allow(#""Action":"*","Resource":"arn:aws:secretsmanager:eu-west-1:1234*secret:app""#),
          request: req("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app"), expected: .implicitDeny),
    .init(name: "* ending a segment runs on",
          policy: allow(#""Action":"*","Resource":"arn:aws:secretsmanager:eu-west-1:*""#),
          request: req("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db"), expected: .allow),
    .init(name: "no Resource element covers all", policy: allow(#""Action":"s3:*""#), request: req(), expected: .allow),
    // NotAction / NotResource.
    .init(name: "NotAction excludes", policy: allow(#""NotAction":"s3:GetObject","Resource":"*""#), request: req(), expected: .implicitDeny),
    .init(name: "NotAction allows the rest", policy: allow(#""NotAction":"s3:Delete*","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "NotResource excludes", policy: allow(#""Action":"*","NotResource":"arn:aws:s3:::acme-app/*""#), request: req(), expected: .implicitDeny),
    .init(name: "NotResource allows the rest", policy: allow(#""Action":"*","NotResource":"arn:aws:s3:::secret-bucket/*""#), request: req(), expected: .allow),
    .init(name: "Deny with NotAction denies others",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","NotAction":"s3:Get*","Resource":"*"}]}"#,
          request: req("s3:PutObject"), expected: .explicitDeny),
    .init(name: "Deny with NotAction spares the excluded",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","NotAction":"s3:Get*","Resource":"*"}]}"#,
          request: req(), expected: .allow),
    // Deny precedence.
    .init(name: "deny wins over allow",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
          request: req(), expected: .explicitDeny),
    .init(name: "deny first still wins",
          policy: #"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::acme-app/*"},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
          request: req(), expected: .explicitDeny),
    .init(name: "non-matching deny leaves allow",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}"#,
          request: req(), expected: .allow),
    .init(name: "deny only", policy: #"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}"#,
          request: req(), expected: .implicitDeny),
    .init(name: "empty statement list", policy: #"{"Statement":[]}"#, request: req(), expected: .implicitDeny),
    .init(name: "single statement object", policy: #"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#,
          request: req(), expected: .allow),
    // Principals.
    .init(name: "principal * and no caller", policy: allow(#""Action":"*","Resource":"*""#), request: req(), expected: .allow),
    .init(name: "AWS * principal",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::111122223333:role/app"), expected: .allow),
    .init(name: "account ID covers its roles",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    .init(name: "account ID excludes other accounts",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::111122223333:role/app"), expected: .implicitDeny),
    .init(name: "root ARN covers the account",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:user/alice"), expected: .allow),
    .init(name: "role ARN exact",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:role/app"]},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    .init(name: "role ARN covers its sessions",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:sts::123456789012:assumed-role/app/i-0abc"), expected: .allow),
    .init(name: "other role",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/admin"), expected: .implicitDeny),
    .init(name: "principal ARN wildcard",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app-*"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/app-orders"), expected: .allow),
    .init(name: "specific principal, caller not named",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}"#,
          request: req(), expected: .implicitDeny),
    .init(name: "service principal",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "ecs-tasks.amazonaws.com"), expected: .allow),
    .init(name: "NotPrincipal excludes the named",
          policy: #"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/intruder"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/intruder"), expected: .implicitDeny),
    .init(name: "NotPrincipal covers the others",
          policy: #"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/intruder"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    .init(name: "Deny NotPrincipal blocks outsiders",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}"#,
          request: req(principal: "arn:aws:iam::999999999999:user/x"), expected: .explicitDeny),
    .init(name: "identity policy without Principal",
          policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-app/*"}]}"#,
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    // String conditions.
    .init(name: "StringEquals matches", policy: when(#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringEquals differs", policy: when(#"{"StringEquals":{"aws:SourceVpce":"vpce-9999"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "StringEquals key case-insensitive", policy: when(#"{"StringEquals":{"AWS:SOURCEVPCE":"vpce-1a2b"}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringEquals value case-sensitive", policy: when(#"{"StringEquals":{"aws:SourceVpce":"VPCE-1A2B"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "StringEquals any of values", policy: when(#"{"StringEquals":{"aws:SourceVpce":["vpce-0000","vpce-1a2b"]}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringEquals missing key", policy: when(#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}}"#), request: req(), expected: .implicitDeny),
    .init(name: "StringNotEquals differs", policy: when(#"{"StringNotEquals":{"aws:SourceVpce":"vpce-9999"}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringNotEquals equal", policy: when(#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "StringNotEquals missing key is true", policy: when(#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b"}}"#), request: req(), expected: .allow),
    .init(name: "StringEqualsIgnoreCase", policy: when(#"{"StringEqualsIgnoreCase":{"aws:SourceVpce":"VPCE-1A2B"}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringNotEqualsIgnoreCase", policy: when(#"{"StringNotEqualsIgnoreCase":{"aws:SourceVpce":"VPCE-1A2B"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "StringLike", policy: when(#"{"StringLike":{"aws:SourceVpce":"vpce-1*"}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringLike ?", policy: when(#"{"StringLike":{"aws:SourceVpce":"vpce-?a2b"}}"#), request: req(vpce), expected: .allow),
    .init(name: "StringNotLike", policy: when(#"{"StringNotLike":{"aws:SourceVpce":"vpce-1*"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "StringNotLike missing key is true", policy: when(#"{"StringNotLike":{"aws:SourceVpce":"vpce-1*"}}"#), request: req(), expected: .allow),
    .init(name: "StringEqualsIfExists missing key", policy: when(#"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-9999"}}"#), request: req(), expected: .allow),
    .init(name: "StringEqualsIfExists present and different", policy: when(#"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-9999"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "two keys must both hold",
          policy: when(#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b","aws:SourceVpc":"vpc-1"}}"#),
          request: req(["aws:SourceVpce": ["vpce-1a2b"], "aws:SourceVpc": ["vpc-2"]]), expected: .implicitDeny),
    .init(name: "two operators must both hold",
          policy: when(#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"},"Bool":{"aws:SecureTransport":"true"}}"#),
          request: req(vpce), expected: .allow),
    .init(name: "deny unless from the endpoint",
          policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b"}}}]}"#,
          request: req(["aws:SourceVpce": ["vpce-other"]]), expected: .explicitDeny),
    .init(name: "PrincipalOrgID",
          policy: when(#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#),
          request: req(["aws:PrincipalOrgID": ["o-abc123"]]), expected: .allow),
    .init(name: "PrincipalAccount derived from the principal",
          policy: when(#"{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}"#),
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    .init(name: "PrincipalAccount of another account",
          policy: when(#"{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}"#),
          request: req(principal: "arn:aws:iam::999999999999:role/app"), expected: .implicitDeny),
    // Arn conditions.
    .init(name: "ArnEquals", policy: when(#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/app"}}"#),
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    .init(name: "ArnLike", policy: when(#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/app"}}"#),
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .allow),
    .init(name: "ArnLike misses", policy: when(#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/web"}}"#),
          request: req(principal: "arn:aws:iam::123456789012:role/app"), expected: .implicitDeny),
    .init(name: "ArnNotEquals", policy: when(#"{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/app"}}"#),
          request: req(principal: "arn:aws:iam::123456789012:role/web"), expected: .allow),
    .init(name: "ArnNotLike", policy: when(#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}"#),
          request: req(principal: "arn:aws:iam::123456789012:role/web"), expected: .implicitDeny),
    .init(name: "ArnLike on a non-ARN value", policy: when(#"{"ArnLike":{"aws:SourceVpce":"*"}}"#), request: req(vpce), expected: .implicitDeny),
    // Bool and Null.
    .init(name: "Bool SecureTransport defaults to true", policy: when(#"{"Bool":{"aws:SecureTransport":"true"}}"#), request: req(), expected: .allow),
    .init(name: "Bool false over plain HTTP", policy: when(#"{"Bool":{"aws:SecureTransport":false}}"#),
          request: req(["aws:SecureTransport": ["false"]]), expected: .allow),
    .init(name: "Bool missing key", policy: when(#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#), request: req(), expected: .implicitDeny),
    .init(name: "Null true: key absent", policy: when(#"{"Null":{"aws:SourceVpce":"true"}}"#), request: req(), expected: .allow),
    .init(name: "Null true: key present", policy: when(#"{"Null":{"aws:SourceVpce":"true"}}"#), request: req(vpce), expected: .implicitDeny),
    .init(name: "Null false: key present", policy: when(#"{"Null":{"aws:SourceVpce":false}}"#), request: req(vpce), expected: .allow),
    // Numeric.
    .init(name: "NumericEquals", policy: when(#"{"NumericEquals":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["10"]]), expected: .allow),
    .init(name: "NumericNotEquals", policy: when(#"{"NumericNotEquals":{"s3:max-keys":10}}"#), request: req(["s3:max-keys": ["10"]]), expected: .implicitDeny),
    .init(name: "NumericLessThan", policy: when(#"{"NumericLessThan":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["9"]]), expected: .allow),
    .init(name: "NumericLessThan at the bound", policy: when(#"{"NumericLessThan":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["10"]]), expected: .implicitDeny),
    .init(name: "NumericLessThanEquals", policy: when(#"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["10"]]), expected: .allow),
    .init(name: "NumericGreaterThan", policy: when(#"{"NumericGreaterThan":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["11"]]), expected: .allow),
    .init(name: "NumericGreaterThanEquals", policy: when(#"{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["9"]]), expected: .implicitDeny),
    .init(name: "Numeric on text", policy: when(#"{"NumericEquals":{"s3:max-keys":"10"}}"#), request: req(["s3:max-keys": ["ten"]]), expected: .implicitDeny),
    // IP addresses.
    .init(name: "IpAddress inside", policy: when(#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#), request: req(["aws:SourceIp": ["10.0.1.5"]]), expected: .allow),
    .init(name: "IpAddress outside", policy: when(#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#), request: req(["aws:SourceIp": ["10.1.0.5"]]), expected: .implicitDeny),
    .init(name: "IpAddress list", policy: when(#"{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","10.0.0.0/8"]}}"#), request: req(["aws:SourceIp": ["10.9.9.9"]]), expected: .allow),
    .init(name: "NotIpAddress outside", policy: when(#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#), request: req(["aws:SourceIp": ["10.1.0.5"]]), expected: .allow),
    .init(name: "NotIpAddress inside", policy: when(#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#), request: req(["aws:SourceIp": ["10.0.0.5"]]), expected: .implicitDeny),
    .init(name: "IpAddress missing key", policy: when(#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#), request: req(), expected: .implicitDeny),
    .init(name: "NotIpAddress missing key is true", policy: when(#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#), request: req(), expected: .allow),
    // Set operators on multi-valued keys.
    .init(name: "ForAnyValue one matches", policy: when(#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}"#),
          request: req(["aws:TagKeys": ["owner", "team"]]), expected: .allow),
    .init(name: "ForAnyValue none match", policy: when(#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}"#),
          request: req(["aws:TagKeys": ["owner"]]), expected: .implicitDeny),
    .init(name: "ForAnyValue missing key is false", policy: when(#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}"#),
          request: req(), expected: .implicitDeny),
    .init(name: "ForAllValues all match", policy: when(#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}"#),
          request: req(["aws:TagKeys": ["env", "team"]]), expected: .allow),
    .init(name: "ForAllValues one outside", policy: when(#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}"#),
          request: req(["aws:TagKeys": ["env", "owner"]]), expected: .implicitDeny),
    .init(name: "ForAllValues missing key is true", policy: when(#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}"#),
          request: req(), expected: .allow),
    .init(name: "ForAllValues:StringLike", policy: when(#"{"ForAllValues:StringLike":{"aws:TagKeys":["app-*"]}}"#),
          request: req(["aws:TagKeys": ["app-a", "app-b"]]), expected: .allow),
    .init(name: "ForAnyValue:StringNotEquals", policy: when(#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}}"#),
          request: req(["aws:TagKeys": ["env", "owner"]]), expected: .allow),
    .init(name: "ForAllValues:StringNotEquals", policy: when(#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["env"]}}"#),
          request: req(["aws:TagKeys": ["env", "owner"]]), expected: .implicitDeny),
    // Dates.
    .init(name: "DateLessThan", policy: when(#"{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}"#),
          request: req(["aws:CurrentTime": ["2026-06-01T12:00:00Z"]]), expected: .allow),
    .init(name: "DateGreaterThan", policy: when(#"{"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}"#),
          request: req(["aws:CurrentTime": ["2026-06-01T12:00:00Z"]]), expected: .implicitDeny),
    // Policy variables: substituted in 2012-10-17, literal in 2008-10-17.
    .init(name: "2012 variable in resource",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*""#),
          request: req("s3:GetObject", "arn:aws:s3:::home/alice/notes.txt", principal: "arn:aws:iam::123456789012:user/alice"), expected: .allow),
    .init(name: "2012 variable for another user",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*""#),
          request: req("s3:GetObject", "arn:aws:s3:::home/bob/notes.txt", principal: "arn:aws:iam::123456789012:user/alice"), expected: .implicitDeny),
    .init(name: "2012 variable with no value matches nothing",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*""#),
          request: req("s3:GetObject", "arn:aws:s3:::home/alice/notes.txt"), expected: .implicitDeny),
    .init(name: "2012 variable default",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username, 'guest'}/*""#),
          request: req("s3:GetObject", "arn:aws:s3:::home/guest/notes.txt"), expected: .allow),
    .init(name: "2012 ${*} is a literal star",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::acme-app/${*}""#),
          request: req("s3:GetObject", "arn:aws:s3:::acme-app/a.txt"), expected: .implicitDeny),
    .init(name: "2008 keeps the variable literal",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*""#, version: "2008-10-17"),
          request: req("s3:GetObject", "arn:aws:s3:::home/alice/notes.txt", principal: "arn:aws:iam::123456789012:user/alice"), expected: .implicitDeny),
    .init(name: "2008 matches the literal text",
          policy: allow(#""Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*""#, version: "2008-10-17"),
          request: req("s3:GetObject", "arn:aws:s3:::home/${aws:username}/x"), expected: .allow),
    .init(name: "2012 variable in a condition",
          policy: when(#"{"StringEquals":{"aws:SourceVpc":"${aws:PrincipalTag/vpc}"}}"#),
          request: req(["aws:SourceVpc": ["vpc-1"], "aws:PrincipalTag/vpc": ["vpc-1"]]), expected: .allow),
]

@Suite("Policy evaluator")
struct PolicyEvaluatorTests {
    @Test("decides like IAM", arguments: evaluatorCases)
    func decides(_ c: EvaluatorCase) throws {
        let document = try PolicyDocument.parse(c.policy)
        let decision = PolicyEvaluator.evaluate(document, c.request).decision
        switch (c.expected, decision) {
        case (.allow, .allow), (.explicitDeny, .explicitDeny), (.implicitDeny, .implicitDeny): break
        default: Issue.record("\(c.name): expected \(c.expected), got \(decision.word) \(decision)")
        }
    }

    @Test func tableHasEnoughCases() {
        #expect(evaluatorCases.count >= 60)
    }

    @Test("the deciding statement carries its Sid and index")
    func decidingStatement() throws {
        let doc = try PolicyDocument.parse(#"""
        {"Statement":[
          {"Sid":"Everything","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
          {"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":"s3:Delete*","Resource":"*"}]}
        """#)
        let result = PolicyEvaluator.evaluate(doc, PolicyRequest(action: "s3:DeleteObject", resource: "arn:aws:s3:::b/k"))
        guard case .explicitDeny(let e) = result.decision else { Issue.record("expected explicit deny"); return }
        #expect(e.statement.index == 2)
        #expect(e.statement.sid == "NoDeletes")
        #expect(result.summary == "DENY (explicit: statement 2 \"NoDeletes\")")
    }

    @Test("an implicit deny explains why each statement missed")
    func implicitDenyReasons() throws {
        let doc = try PolicyDocument.parse(#"{"Statement":[{"Sid":"OnlyApp","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::acme-app/*"}]}"#)
        let result = PolicyEvaluator.evaluate(doc, PolicyRequest(action: "s3:GetObject", resource: "arn:aws:s3:::new-bucket/k"))
        guard case .implicitDeny(let closest) = result.decision, let first = closest.first else {
            Issue.record("expected implicit deny with a closest statement"); return
        }
        #expect(first.matchedCount == 3)
        #expect(first.failures.map(\.part) == [.resource])
        #expect(first.failures.first?.reason.contains("arn:aws:s3:::new-bucket/k") == true)
        #expect(result.summary == "DENY (implicit: no statement allows s3:GetObject on arn:aws:s3:::new-bucket/k)")
    }

    @Test("the chain needs both policies to allow")
    func chain() throws {
        let endpoint = try PolicyDocument.parse(allow(#""Action":"s3:*","Resource":"arn:aws:s3:::acme-app/*""#))
        let iam = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#)
        let get = PolicyRequest(action: "s3:GetObject", resource: "arn:aws:s3:::acme-app/k")
        let put = PolicyRequest(action: "s3:PutObject", resource: "arn:aws:s3:::acme-app/k")
        let other = PolicyRequest(action: "s3:PutObject", resource: "arn:aws:s3:::other/k")
        #expect(PolicyChain.evaluate(endpointPolicy: endpoint, iamPolicy: nil, request: get).allowed)
        #expect(PolicyChain.evaluate(endpointPolicy: endpoint, iamPolicy: nil, request: get).iam == nil)
        #expect(PolicyChain.evaluate(endpointPolicy: endpoint, iamPolicy: iam, request: get).deniedAt == .iamPolicy)
        #expect(PolicyChain.evaluate(endpointPolicy: endpoint, iamPolicy: iam, request: put).allowed)
        #expect(PolicyChain.evaluate(endpointPolicy: endpoint, iamPolicy: iam, request: other).deniedAt == .endpointPolicy)
    }

    @Test("a missing endpoint policy is the default full-access policy")
    func defaultPolicy() throws {
        let doc = try PolicyDocument.forEndpoint(nil)
        #expect(doc.isDefault)
        #expect(doc.allowsEverything)
        #expect(PolicyEvaluator.evaluate(doc, PolicyRequest(action: "kms:Decrypt", resource: "*")).decision.isAllowed)
        let parsed = try PolicyDocument.parse(PolicyDocument.defaultPolicyText)
        #expect(parsed.json == doc.json)
        #expect(parsed.statements.map { var s = $0; s.position = nil; return s } == doc.statements)
    }
}
