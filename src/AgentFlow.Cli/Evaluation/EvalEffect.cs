using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Cli.Evaluation;

/// <summary>One effect a case's run caused, read from the side-effect ledger (medium/high) or its tool records (low).</summary>
/// <param name="Tool">The declared tool's name.</param>
/// <param name="Risk">The tool's declared risk.</param>
/// <param name="Node">The qualified node that caused it.</param>
/// <param name="Args">The rendered arguments (null when the run's records do not have them).</param>
/// <param name="At">When it started.</param>
/// <param name="ApprovedBy">The approvals decided (approved) before it on its path: qualified node ids.</param>
internal sealed record EvalEffect(string Tool, ToolRisk Risk, string Node, JsonNode? Args, DateTime At, IReadOnlyList<string> ApprovedBy);
