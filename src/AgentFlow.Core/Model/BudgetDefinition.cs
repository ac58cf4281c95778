namespace AgentFlow.Core.Model;

/// <summary>
/// Limits on what a run (the workflow's <c>budget</c>) or one agent's model calls in a run (an agent's <c>budget</c>)
/// may spend. A limit left out is not checked. Before the model call that would cross a limit, the run pauses at an
/// automatic approval addressed to the workflow's <see cref="Approvers"/>; approving (optionally with a new limit)
/// continues, rejecting fails the run. Without approvers, reaching a limit fails the run with a message that names it.
/// </summary>
/// <param name="Tokens">Model tokens (input + output) of every model call.</param>
/// <param name="Cost">Cost of every model and embedding call, in the price table's currency (configuration <c>pricing</c>).</param>
/// <param name="ModelCalls">Number of model calls (an <c>llm</c> node with tool calls or a repair makes several).</param>
/// <param name="Steps">Node executions (workflow budget only; agents count model calls).</param>
/// <param name="Duration">Wall time since the run started, checked before each step (workflow budget only).</param>
/// <param name="Approvers">Who may let a run that reached its budget go on (workflow budget only).</param>
/// <param name="JsonPath">Where the budget is written (<c>$.budget</c>, <c>$.agents.NAME.budget</c>).</param>
public sealed record BudgetDefinition(
    long? Tokens,
    decimal? Cost,
    int? ModelCalls,
    int? Steps,
    TimeSpan? Duration,
    IReadOnlyList<Approver> Approvers,
    string JsonPath)
{
    /// <summary>True when no limit is set.</summary>
    public bool IsEmpty => Tokens is null && Cost is null && ModelCalls is null && Steps is null && Duration is null;
}
