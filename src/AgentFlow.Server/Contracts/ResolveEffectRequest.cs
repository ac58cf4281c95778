using System.Text.Json.Nodes;

namespace AgentFlow.Server.Contracts;

/// <summary>The body of <c>POST /api/effects/{key}/resolve</c>.</summary>
/// <param name="Resolution"><c>done</c> (the effect happened: record it, the run continues without repeating it) or <c>repeat</c> (it did not: the run performs it again).</param>
/// <param name="Result">With <c>done</c>: the tool's result, what later nodes read.</param>
public sealed record ResolveEffectRequest(string? Resolution, JsonNode? Result = null);
