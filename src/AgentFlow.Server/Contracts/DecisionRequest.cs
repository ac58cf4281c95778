using System.Text.Json.Nodes;

namespace AgentFlow.Server.Contracts;

/// <summary>The body of <c>POST /api/runs/{id}/approvals/{node}</c>.</summary>
/// <param name="Approve">true approves, false rejects.</param>
/// <param name="Comment">Why (kept in the audit log).</param>
/// <param name="Values">Edits of shown values before approving, each of the shown value's JSON type.</param>
public sealed record DecisionRequest(bool? Approve, string? Comment = null, JsonObject? Values = null);
