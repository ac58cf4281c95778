using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Runs;

/// <summary>Something an approval node reports to the outside (audit, notifications) through an activity.</summary>
/// <param name="Kind"><c>waiting</c> (approvers should be told), <c>escalation</c> or <c>timeout</c>.</param>
/// <param name="RunId">The top-level run.</param>
/// <param name="Node">The approval node (qualified id).</param>
/// <param name="Approvers">Who may decide now.</param>
/// <param name="Show">The shown values.</param>
/// <param name="Until">When the current wait ends, if it does.</param>
/// <param name="Outcome">For <c>timeout</c>: what the node did (<c>rejected</c>, <c>approved</c>, <c>failed</c>, <c>escalated</c>).</param>
public sealed record ApprovalEvent(ApprovalEventKind Kind, string RunId, string Node, IReadOnlyList<Approver> Approvers, JsonObject Show, DateTime? Until, string? Outcome = null);
