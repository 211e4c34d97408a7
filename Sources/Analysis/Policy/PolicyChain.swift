/// A stage of the article's chain: Request → Endpoint Policy (Allow?) → IAM Policy (Allow?) → Success.
public enum ChainStage: String, Hashable, Sendable {
    case endpointPolicy = "endpoint policy"
    case iamPolicy = "IAM policy"
}

/// The outcome of a request through an endpoint: both policies must allow it.
public struct ChainResult: Hashable, Sendable {
    public var endpoint: PolicyEvaluation
    /// Nil when no IAM policy was given: that step is "not checked".
    public var iam: PolicyEvaluation?

    /// Whether the request succeeds as far as the policies given can tell.
    public var allowed: Bool { endpoint.decision.isAllowed && (iam?.decision.isAllowed ?? true) }

    /// The first stage that denied the request, nil when it succeeds.
    public var deniedAt: ChainStage? {
        if !endpoint.decision.isAllowed { return .endpointPolicy }
        if let iam, !iam.decision.isAllowed { return .iamPolicy }
        return nil
    }

    /// The evaluation that decided the outcome: the denying one, else the last one checked.
    public var deciding: PolicyEvaluation {
        if deniedAt == .endpointPolicy { return endpoint }
        return iam ?? endpoint
    }
}

/// Runs a request through the endpoint policy and, when given, the caller's IAM policy.
public enum PolicyChain {
    /// The request's outcome. Both are evaluated even when the first denies, so the view can show
    /// what the second would have said.
    public static func evaluate(endpointPolicy: PolicyDocument, iamPolicy: PolicyDocument?, request: PolicyRequest) -> ChainResult {
        ChainResult(endpoint: PolicyEvaluator.evaluate(endpointPolicy, request),
                    iam: iamPolicy.map { PolicyEvaluator.evaluate($0, request) })
    }
}
