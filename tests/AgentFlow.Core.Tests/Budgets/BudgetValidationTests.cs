using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Tests.Budgets;

/// <summary>The budgets: what is accepted silently, what is an error (AF601, AF602 and the usual field codes), what is a warning (AF603, AF604).</summary>
public sealed class BudgetValidationTests
{
    private const string Approvers = "\"approvers\": [\"role:finance\"]";

    [Theory]
    [InlineData("""{ "tokens": 200000, "cost": 5, "modelCalls": 50, "steps": 500, "duration": "PT2H", "approvers": ["role:finance"] }""", "")]
    [InlineData("""{ "duration": "P1D", "approvers": ["user:alice"] }""", "")]
    [InlineData("""{ "approvers": ["role:finance"] }""", """{ "tokens": 30000 }""")]
    [InlineData("""{ "cost": 0.01, "approvers": ["role:finance"] }""", """{ "cost": 0.005, "modelCalls": 3 }""")]
    public void Validate_SensibleBudget_HasNoDiagnostics(string budget, string agentBudget)
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With(budget, agentBudget));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("""{ "tokens": 0, APPROVERS }""", "", "$.budget.tokens", "'tokens' of the workflow budget is 0, but a limit must be a positive integer")]
    [InlineData("""{ "tokens": -100, APPROVERS }""", "", "$.budget.tokens", "'tokens' of the workflow budget is -100, but a limit must be a positive integer")]
    [InlineData("""{ "cost": 0, APPROVERS }""", "", "$.budget.cost", "'cost' of the workflow budget is 0, but a limit must be a positive number")]
    [InlineData("""{ "cost": -0.5, APPROVERS }""", "", "$.budget.cost", "'cost' of the workflow budget is -0.5, but a limit must be a positive number")]
    [InlineData("""{ "cost": 1e40, APPROVERS }""", "", "$.budget.cost", "'cost' of the workflow budget is 1e40, which is too large for a limit")]
    [InlineData("""{ "modelCalls": 0, APPROVERS }""", "", "$.budget.modelCalls", "'modelCalls' of the workflow budget is 0, but a limit must be a positive integer")]
    [InlineData("""{ "steps": -1, APPROVERS }""", "", "$.budget.steps", "'steps' of the workflow budget is -1, but a limit must be a positive integer")]
    [InlineData("""{ "steps": 3000000000, APPROVERS }""", "", "$.budget.steps", "'steps' of the workflow budget is 3000000000, but a limit may be at most 2147483647")]
    [InlineData("""{ APPROVERS }""", """{ "tokens": 0 }""", "$.agents.writer.budget.tokens", "'tokens' of the budget of agent 'writer' is 0, but a limit must be a positive integer")]
    [InlineData("""{ APPROVERS }""", """{ "cost": -2 }""", "$.agents.writer.budget.cost", "'cost' of the budget of agent 'writer' is -2, but a limit must be a positive number")]
    [InlineData("""{ APPROVERS }""", """{ "modelCalls": 0 }""", "$.agents.writer.budget.modelCalls", "'modelCalls' of the budget of agent 'writer' is 0, but a limit must be a positive integer")]
    public void Validate_LimitNotPositive_ReportsAF601AtTheLimit(string budget, string agentBudget, string path, string message)
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With(budget.Replace("APPROVERS", Approvers, StringComparison.Ordinal), agentBudget));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF601", path, DiagnosticSeverity.Error), (diagnostic.Code, diagnostic.JsonPath, diagnostic.Severity));
        Assert.Equal(message, diagnostic.Message);
        Assert.Contains("Write a positive limit for", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("or remove", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CostLimit_HintNamesThePricingCurrency()
    {
        var diagnostic = Assert.Single(Validate.Json(BudgetWorkflows.With($$"""{ "cost": 0, {{Approvers}} }""")));

        Assert.Contains("currency of \"pricing\" in agentflow.json", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "steps": 40, "modelCalls": 20 }""", "steps", "steps count the node executions of the whole run")]
    [InlineData("""{ "duration": "PT1H", "modelCalls": 20 }""", "duration", "duration is the wall time of the whole run")]
    [InlineData("""{ "approvers": ["role:x"], "modelCalls": 20 }""", "approvers", "the approvers of the workflow budget decide for every budget of the run")]
    public void Validate_RunOnlyFieldInAgentBudget_ReportsAF602AndWhereToPutIt(string agentBudget, string field, string why)
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With($$"""{ {{Approvers}} }""", agentBudget));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF602", $"$.agents.writer.budget.{field}", DiagnosticSeverity.Error), (diagnostic.Code, diagnostic.JsonPath, diagnostic.Severity));
        Assert.StartsWith($"'{field}' is not allowed in the budget of agent 'writer': {why}", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Move it to the workflow's top-level \"budget\" ($.budget.{field})", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RunOnlyFieldInAgentBudget_IsLeftOutOfTheAgentsBudget()
    {
        var document = WorkflowLoader.Parse(BudgetWorkflows.With($$"""{ {{Approvers}} }""", """{ "steps": 40, "duration": "PT1H", "tokens": 9 }"""), "w.json");

        var budget = document.Definition!.Agents["writer"].Budget!;
        Assert.Equal((9L, null, null), (budget.Tokens!.Value, budget.Steps, budget.Duration));
        Assert.Equal(2, document.Diagnostics.Count(d => d.Code == "AF602"));
    }

    [Theory]
    [InlineData("{}", "", "$.budget", "the workflow budget sets no limit, so it never stops a run")]
    [InlineData("""{ "approvers": ["role:finance"] }""", "", "$.budget", "the workflow budget names approvers but sets no limit, and no agent has a budget: nothing will ever ask them")]
    [InlineData("""{ "approvers": ["role:finance"] }""", "{}", "$.agents.writer.budget", "the budget of agent 'writer' sets no limit, so it never stops the agent")]
    public void Validate_BudgetWithoutLimit_IsAWarningAF603(string budget, string agentBudget, string path, string message)
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With(budget, agentBudget));

        var diagnostic = Assert.Single(diagnostics, d => d.JsonPath == path);
        Assert.Equal(("AF603", DiagnosticSeverity.Warning, message), (diagnostic.Code, diagnostic.Severity, diagnostic.Message));
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.Contains("AF603 warning: ", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "tokens": 1000 }""", "", "$.budget", "the workflow budget names no approvers: a run that reaches a limit will fail instead of pausing for a decision")]
    [InlineData("""{}""", """{ "modelCalls": 5 }""", "$.budget", "the workflow budget names no approvers for the budgets of agent 'writer': a run that reaches a limit will fail instead of pausing for a decision")]
    [InlineData("", """{ "modelCalls": 5 }""", "$.agents.writer.budget", "agent 'writer' has a budget, but the workflow names no budget approvers: a run that reaches a limit will fail instead of pausing for a decision")]
    public void Validate_BudgetWithoutApprovers_IsAWarningAF604(string budget, string agentBudget, string path, string message)
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With(budget, agentBudget));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("AF604", path, DiagnosticSeverity.Warning, message), (diagnostic.Code, diagnostic.JsonPath, diagnostic.Severity, diagnostic.Message));
        Assert.Contains("\"approvers\": [\"role:ROLE\"]", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralAgentBudgetsWithoutApprovers_NamesThemAllOnce()
    {
        var json = """
            {
              "name": "t",
              "models": { "m": { "provider": "local" } },
              "agents": { "a1": { "model": "m", "budget": { "tokens": 10 } }, "a2": { "model": "m", "budget": { "cost": 1 } }, "a3": { "model": "m" } },
              "start": "a",
              "nodes": { "a": { "kind": "llm", "agent": "a1", "prompt": "Write." } }
            }
            """;

        var diagnostic = Assert.Single(Validate.Json(json));

        Assert.Equal(("AF604", "$.agents.a1.budget"), (diagnostic.Code, diagnostic.JsonPath));
        Assert.StartsWith("agents 'a1', 'a2' have budgets", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "token": 1000, APPROVERS }""", "", "AF102", "$.budget.token", "Did you mean 'tokens'?")]
    [InlineData("""{ APPROVERS }""", """{ "modelcalls": 3 }""", "AF102", "$.agents.writer.budget.modelcalls", "Did you mean 'modelCalls'?")]
    [InlineData("""{ "tokens": "1000", APPROVERS }""", "", "AF103", "$.budget.tokens", "Write \"tokens\" as an integer.")]
    [InlineData("""{ "tokens": 1.5, APPROVERS }""", "", "AF103", "$.budget.tokens", "Write \"tokens\" as an integer.")]
    [InlineData("""{ "cost": "5 USD", APPROVERS }""", "", "AF103", "$.budget.cost", "Write \"cost\" as a number.")]
    [InlineData("""{ "duration": "P0D", APPROVERS }""", "", "AF107", "$.budget.duration", "Write durations like \"PT30S\", \"PT5M\", \"PT4H\" or \"P1D\".")]
    [InlineData("""{ "duration": "2h", APPROVERS }""", "", "AF107", "$.budget.duration", "Write durations like \"PT30S\", \"PT5M\", \"PT4H\" or \"P1D\".")]
    [InlineData("""{ "tokens": 5, "approvers": ["finance"] }""", "", "AF106", "$.budget.approvers[0]", "Write approvers as \"user:alice\" or \"role:finance\".")]
    [InlineData("""{ "tokens": 5, "approvers": [] }""", "", "AF106", "$.budget.approvers", "Add at least one \"user:NAME\" or \"role:ROLE\", or remove \"approvers\" if a run that reaches a limit should fail.")]
    [InlineData("""[]""", "", "AF103", "$.budget", "Write \"budget\" as an object.")]
    [InlineData("""{ APPROVERS }""", "5", "AF103", "$.agents.writer.budget", "Write \"budget\" as an object.")]
    public void Validate_BadBudgetField_ReportsTheUsualCodeOnly(string budget, string agentBudget, string code, string path, string hint)
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With(budget.Replace("APPROVERS", Approvers, StringComparison.Ordinal), agentBudget));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((code, path, DiagnosticSeverity.Error, hint), (diagnostic.Code, diagnostic.JsonPath, diagnostic.Severity, diagnostic.Hint));
    }

    [Fact]
    public void Validate_SecretNamedTextInBudget_IsStillASecret()
    {
        var diagnostics = Validate.Json(BudgetWorkflows.With($$"""{ "token": "hunter2hunter2", {{Approvers}} }"""));

        Assert.Contains(diagnostics, d => d.Code == "AF402" && d.JsonPath == "$.budget.token");
        Assert.DoesNotContain(diagnostics, d => d.Code == "AF102");
    }

    [Fact]
    public void Validate_BadApprover_MessageNamesTheBudget()
    {
        var diagnostic = Assert.Single(Validate.Json(BudgetWorkflows.With("""{ "tokens": 5, "approvers": ["user:alice", "finance"] }""")));

        Assert.Equal("approver 'finance' of the workflow budget is neither 'user:NAME' nor 'role:ROLE'", diagnostic.Message);
        Assert.Equal("$.budget.approvers[1]", diagnostic.JsonPath);
    }
}
