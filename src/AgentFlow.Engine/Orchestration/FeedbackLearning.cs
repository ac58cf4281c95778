using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Orchestration;

/// <summary>What the orchestrator hands <see cref="FeedbackActivity"/>: one decision's feedback and the agents that learn it.</summary>
/// <param name="RunId">The run whose idempotency keys the approval uses (part of each memory's id).</param>
/// <param name="Node">The approval's qualified node id in that run.</param>
/// <param name="Visit">The approval's visit number (a loop may decide it again: another decision, another memory).</param>
/// <param name="Agents">The agents whose memories keep it.</param>
/// <param name="Feedback">The feedback record.</param>
internal sealed record FeedbackLearning(string RunId, string Node, int Visit, IReadOnlyList<string> Agents, JsonObject Feedback);
