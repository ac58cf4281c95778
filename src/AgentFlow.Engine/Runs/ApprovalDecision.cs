using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>The payload of the <c>approval:NODE</c> event: one operator's decision on an approval node.</summary>
/// <param name="Approved">True to approve, false to reject.</param>
/// <param name="By">The operator's name.</param>
/// <param name="Comment">Optional comment.</param>
/// <param name="Values">Edits to the shown values; each replaces the shown value of the same name.</param>
/// <param name="Roles">The operator's roles, so the run can check <c>role:</c> approvers itself.</param>
public sealed record ApprovalDecision(bool Approved, string By, string? Comment = null, JsonObject? Values = null, IReadOnlyList<string>? Roles = null);
