using System.Text.Json.Nodes;

namespace AgentFlow.Server.Contracts;

/// <summary>The body of <c>POST /api/runs</c>.</summary>
/// <param name="Workflow">The workflow's name (or file name) in the server's workflows folder.</param>
/// <param name="Inputs">The run's inputs, checked against the workflow's declarations.</param>
/// <param name="RunId">An id for the new run (default: WORKFLOW-xxxxxxxx, or one derived from <paramref name="IdempotencyKey"/>).</param>
/// <param name="IdempotencyKey">Starting twice with the same key (and workflow) returns the first run instead of a second one.</param>
/// <param name="Definition">A whole workflow instead of a name; refused unless the host sets <c>server:allowInlineWorkflows</c>.</param>
public sealed record StartRunRequest(string? Workflow, JsonObject? Inputs = null, string? RunId = null, string? IdempotencyKey = null, JsonObject? Definition = null);
