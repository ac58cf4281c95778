namespace AgentFlow.Engine.Replay;

/// <summary>What <c>agentflow replay</c> (and <c>POST /api/runs/{id}/replay</c>) asks for.</summary>
/// <param name="RunId">The finished run to fork.</param>
/// <param name="From">The fork point: a node id of the workflow (map bodies included); null to fork at the first node the patches changed.</param>
/// <param name="Set"><c>PATH=VALUE</c> assignments patching the run's pinned workflow (<see cref="Core.Loading.WorkflowPatch.FromAssignment"/>).</param>
/// <param name="Model">A model of the workflow that every agent uses in the fork; null to keep each agent's.</param>
public sealed record ReplayRequest(string RunId, string? From = null, IReadOnlyList<string>? Set = null, string? Model = null);
