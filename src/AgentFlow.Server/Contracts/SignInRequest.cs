namespace AgentFlow.Server.Contracts;

/// <summary>The body of <c>POST /api/session</c> (JSON, or a form with the field <c>token</c>).</summary>
/// <param name="Token">The operator's token (as <c>agentflow operators add</c> printed it); never echoed or logged.</param>
public sealed record SignInRequest(string? Token);
