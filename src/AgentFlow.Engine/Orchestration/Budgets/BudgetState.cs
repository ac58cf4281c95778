using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Orchestration.Budgets;

/// <summary>
/// What a run has spent against its budget and the limits operators raised, as a long map hands it to a chunk
/// orchestration (which checks the budget with it) or a chunk hands back what it spent (its own part only).
/// </summary>
/// <param name="StartedAt">When the run started (orchestration time), for <c>duration</c>.</param>
/// <param name="Usage">Tokens, model calls and cost of the run (to the chunk) or of the chunk (back).</param>
/// <param name="Agents">The same per agent, of <c>llm</c> nodes.</param>
/// <param name="Steps">Node executions.</param>
/// <param name="Limits">Limits raised by operators, by <see cref="BudgetTracker.Key"/>.</param>
internal sealed record BudgetState(
    DateTime StartedAt,
    TokenUsage? Usage,
    IReadOnlyDictionary<string, TokenUsage>? Agents,
    int Steps,
    IReadOnlyDictionary<string, decimal>? Limits);
