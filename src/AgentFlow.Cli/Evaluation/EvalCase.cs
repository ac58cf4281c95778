using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>One line of an eval dataset: the run's inputs, scripted approval decisions, fixtures, and what must hold.</summary>
/// <param name="Id">The case id (unique in the dataset).</param>
/// <param name="Description">What the case checks, for people.</param>
/// <param name="Line">The dataset line it was read from (1-based), for messages.</param>
/// <param name="Inputs">The run's inputs.</param>
/// <param name="Approvals">Decisions by approval node (qualified id like <c>triage[0].approveReply</c>, or the node id).</param>
/// <param name="ToolFixtures">Results returned instead of calling a tool, by tool name.</param>
/// <param name="ModelFixtures">Answers returned instead of calling the model, by <c>llm</c> node (qualified or node id).</param>
/// <param name="Assertions">The assertions, each a JSON object.</param>
internal sealed record EvalCase(
    string Id,
    string? Description,
    int Line,
    JsonObject Inputs,
    IReadOnlyDictionary<string, ScriptedDecision> Approvals,
    IReadOnlyDictionary<string, JsonNode?> ToolFixtures,
    IReadOnlyDictionary<string, JsonNode?> ModelFixtures,
    IReadOnlyList<JsonObject> Assertions);
