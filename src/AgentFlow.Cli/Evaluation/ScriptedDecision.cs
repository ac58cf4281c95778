using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>A case's decision for one approval: taken as an eval operator through the real approval service (audited).</summary>
/// <param name="Approve">Approve (true) or reject.</param>
/// <param name="By">The operator name to decide as (default <c>eval</c>).</param>
/// <param name="Comment">The decision's comment.</param>
/// <param name="Values">Edits of shown values, as <c>agentflow approve --set</c> makes them.</param>
internal sealed record ScriptedDecision(bool Approve, string? By, string? Comment, JsonObject? Values);
