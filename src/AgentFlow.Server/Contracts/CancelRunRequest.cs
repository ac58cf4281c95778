namespace AgentFlow.Server.Contracts;

/// <summary>The optional body of <c>POST /api/runs/{id}/cancel</c>.</summary>
/// <param name="Reason">Why (kept with the run).</param>
public sealed record CancelRunRequest(string? Reason);
