namespace AgentFlow.Triggers.Webhooks;

/// <summary>The outcome of checking a webhook call's signature.</summary>
/// <param name="Signature">The call's signature (lower-case hex), when it is valid: identifies the delivery.</param>
/// <param name="Problem">Why the call is refused, when it is; says what the sender must fix.</param>
/// <param name="Misconfigured">True when the fault is this server's (no secret configured), not the caller's.</param>
public sealed record WebhookCheck(string? Signature, string? Problem, bool Misconfigured = false)
{
    /// <summary>True when the call is authentic and fresh.</summary>
    public bool IsValid => Problem is null;
}
