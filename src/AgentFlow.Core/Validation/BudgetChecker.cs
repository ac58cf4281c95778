using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Validation;

/// <summary>
/// The budgets taken together: a budget that limits nothing (AF603), and limits that nobody may raise, so that
/// reaching one fails the run instead of pausing it (AF604). Both are warnings: the workflow runs as written. A budget
/// the loader already reported an error in is left alone, so a mistyped limit is not also "no limit".
/// </summary>
internal static class BudgetChecker
{
    public static void Check(WorkflowDefinition definition, IReadOnlyList<Diagnostic> loaderDiagnostics, DiagnosticSink sink)
    {
        var limited = definition.Agents.Values.Where(a => a.Budget is { IsEmpty: false }).ToList();

        // An agent whose budget has an error has a budget all the same: the workflow budget's approvers are for it.
        var budgeted = limited.Count > 0 || definition.Agents.Values.Any(a => HasError(loaderDiagnostics, JsonPaths.Property(a.JsonPath, "budget")));
        foreach (var agent in definition.Agents.Values)
        {
            if (agent.Budget is { IsEmpty: true } empty && !HasError(loaderDiagnostics, empty.JsonPath))
            {
                sink.Add(
                    DiagnosticCodes.BudgetWithoutLimit,
                    DiagnosticSeverity.Warning,
                    empty.JsonPath,
                    $"the budget of agent '{agent.Name}' sets no limit, so it never stops the agent",
                    "Add \"tokens\", \"cost\" or \"modelCalls\" (e.g. \"modelCalls\": 20), or remove the agent's \"budget\".");
            }
        }

        var budget = definition.Budget;
        if (budget is null)
        {
            if (limited.Count > 0)
            {
                sink.Add(
                    DiagnosticCodes.BudgetWithoutApprovers,
                    DiagnosticSeverity.Warning,
                    limited[0].Budget!.JsonPath,
                    $"{Agents(limited)} {(limited.Count == 1 ? "has a budget" : "have budgets")}, but the workflow names no budget approvers: a run that reaches a limit will fail instead of pausing for a decision",
                    "Add a top-level \"budget\": { \"approvers\": [\"role:ROLE\"] } so an operator can let the run continue with a higher limit; leave it out only if reaching a limit should end the run.");
            }

            return;
        }

        if (HasError(loaderDiagnostics, budget.JsonPath))
        {
            return;
        }

        if (budget.IsEmpty && !budgeted)
        {
            sink.Add(
                DiagnosticCodes.BudgetWithoutLimit,
                DiagnosticSeverity.Warning,
                budget.JsonPath,
                budget.Approvers.Count == 0
                    ? "the workflow budget sets no limit, so it never stops a run"
                    : "the workflow budget names approvers but sets no limit, and no agent has a budget: nothing will ever ask them",
                "Add at least one of \"tokens\", \"cost\", \"modelCalls\", \"steps\" or \"duration\" (e.g. \"tokens\": 200000) here or in an agent's budget (agents.NAME.budget), or remove \"budget\".");
            return;
        }

        if (budget.Approvers.Count == 0)
        {
            sink.Add(
                DiagnosticCodes.BudgetWithoutApprovers,
                DiagnosticSeverity.Warning,
                budget.JsonPath,
                $"the workflow budget names no approvers{(budget.IsEmpty ? $" for the budgets of {Agents(limited)}" : string.Empty)}: a run that reaches a limit will fail instead of pausing for a decision",
                "Add \"approvers\": [\"role:ROLE\"] (or \"user:NAME\") to it so an operator can let the run continue with a higher limit; leave them out only if reaching a limit should end the run.");
        }
    }

    private static string Agents(List<AgentDefinition> agents) =>
        (agents.Count == 1 ? "agent " : "agents ") + string.Join(", ", agents.Select(a => $"'{a.Name}'"));

    /// <summary>True when the loader reported an error at <paramref name="path"/> or inside it.</summary>
    private static bool HasError(IReadOnlyList<Diagnostic> diagnostics, string path) => diagnostics.Any(d =>
        d.IsError && d.JsonPath.StartsWith(path, StringComparison.Ordinal)
        && (d.JsonPath.Length == path.Length || d.JsonPath[path.Length] is '.' or '['));
}
