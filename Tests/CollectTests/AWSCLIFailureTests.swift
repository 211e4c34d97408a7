import Foundation
import Testing
@testable import Collect

/// Reading the aws CLI's standard error into a code, a message and what collect does about it.
@Suite struct AWSCLIFailureTests {
    @Test(arguments: [
        ("\nAn error occurred (UnauthorizedOperation) when calling the DescribeNatGateways operation: You are not authorized to perform this operation.\n",
         "UnauthorizedOperation", "You are not authorized to perform this operation.", AWSCLIFailure.Kind.accessDenied),
        ("An error occurred (AccessDenied) when calling the GetCallerIdentity operation: User is not authorized",
         "AccessDenied", "User is not authorized", .accessDenied),
        ("\nAn error occurred (RequestLimitExceeded) when calling the DescribeSubnets operation (reached max retries: 4): Request limit exceeded.\n",
         "RequestLimitExceeded", "Request limit exceeded.", .throttled),
        ("An error occurred (Throttling) when calling the DescribeVpcs operation (reached max retries: 2): Rate exceeded",
         "Throttling", "Rate exceeded", .throttled),
        ("An error occurred (OptInRequired) when calling the DescribeVpcs operation: You are not subscribed to this service.",
         "OptInRequired", "You are not subscribed to this service.", .regionNotEnabled),
        ("An error occurred (AuthFailure) when calling the DescribeVpcs operation: AWS was not able to validate the provided access credentials",
         "AuthFailure", "AWS was not able to validate the provided access credentials", .regionNotEnabled),
        ("\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
         "NoCredentials", "Unable to locate credentials", .credentials),
        ("\nThe config profile (audit) could not be found\n", "ProfileNotFound", "The config profile (audit) could not be found",
         .credentials),
        ("\nCould not connect to the endpoint URL: \"https://ec2.xx-east-9.amazonaws.com/\"\n", "EndpointConnectionError",
         "Could not connect to the endpoint URL: \"https://ec2.xx-east-9.amazonaws.com/\"", .other),
        ("Traceback (most recent call last):\nKeyboardInterrupt\n", "CLIError", "KeyboardInterrupt", .other),
    ])
    func readsCodeMessageAndKind(text: String, code: String, message: String, kind: AWSCLIFailure.Kind) {
        let failure = AWSCLIFailure.parse(standardError: text)
        #expect(failure == AWSCLIFailure(code: code, message: message))
        #expect(failure.kind == kind)
    }

    @Test func emptyStandardErrorStillSaysSomething() {
        #expect(AWSCLIFailure.parse(standardError: "").message == "the aws CLI failed without a message")
    }
}
