using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>One activity node execution of a case's run, as its executor saw it (map items included, qualified).</summary>
/// <param name="Node">The qualified node id (<c>triage[0].classify</c>).</param>
/// <param name="Kind">The node kind.</param>
/// <param name="Input">The rendered templates (a tool node's <c>args</c> among them).</param>
/// <param name="Output">The output, when it succeeded.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="StartedAt">When the execution started (UTC).</param>
/// <param name="EndedAt">When it ended (UTC).</param>
internal sealed record RecordedNode(string Node, string Kind, JsonNode? Input, JsonNode? Output, string? Error, DateTime StartedAt, DateTime EndedAt);
