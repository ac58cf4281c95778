namespace AgentFlow.Core.Tests.Budgets;

/// <summary>Small workflows with budgets, for the budget tests.</summary>
internal static class BudgetWorkflows
{
    /// <summary>
    /// A valid workflow with one llm node of agent <c>writer</c>; <paramref name="budget"/> is the top-level budget
    /// (JSON object text, or empty for none) and <paramref name="agentBudget"/> the writer's (or empty).
    /// </summary>
    public static string With(string budget = "", string agentBudget = "") =>
        $$"""
        {
          "name": "t",
          "models": { "m": { "provider": "local" } },
          "agents": { "writer": { "model": "m"{{(agentBudget.Length > 0 ? ", \"budget\": " + agentBudget : string.Empty)}} } },
          {{(budget.Length > 0 ? "\"budget\": " + budget + "," : string.Empty)}}
          "start": "a",
          "nodes": { "a": { "kind": "llm", "agent": "writer", "prompt": "Write." } }
        }
        """;
}
