namespace AgentFlow.Server.Contracts;

/// <summary>The body of <c>POST /api/runs/{id}/replay</c> (all optional), as <c>agentflow replay</c>'s options.</summary>
/// <param name="From">The fork point: a node id; default the first node the changes touch.</param>
/// <param name="Set"><c>PATH=VALUE</c> assignments patching the run's workflow.</param>
/// <param name="Model">A model of the workflow every agent uses in the fork.</param>
public sealed record ReplayRunRequest(string? From = null, IReadOnlyList<string>? Set = null, string? Model = null);
