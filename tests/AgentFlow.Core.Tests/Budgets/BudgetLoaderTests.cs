using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Tests.Budgets;

public sealed class BudgetLoaderTests
{
    [Fact]
    public void Parse_WorkflowBudgetWithEveryField_ReadsEveryValue()
    {
        var json = BudgetWorkflows.With("""
            { "tokens": 200000, "cost": 2.50, "modelCalls": 50, "steps": 500, "duration": "PT2H", "approvers": ["role:finance", "user:alice"] }
            """);

        var document = WorkflowLoader.Parse(json, "w.json");

        Assert.Empty(document.Diagnostics);
        var budget = document.Definition!.Budget!;
        Assert.Equal((200000L, 2.50m, 50, 500), (budget.Tokens!.Value, budget.Cost!.Value, budget.ModelCalls!.Value, budget.Steps!.Value));
        Assert.Equal(TimeSpan.FromHours(2), budget.Duration);
        Assert.Equal([Approver.Role("finance"), Approver.User("alice")], budget.Approvers);
        Assert.Equal("$.budget", budget.JsonPath);
        Assert.False(budget.IsEmpty);
    }

    [Fact]
    public void Parse_AgentBudget_ReadsItsLimitsOnTheAgent()
    {
        var json = BudgetWorkflows.With("""{ "approvers": ["role:finance"] }""", """{ "tokens": 30000, "cost": 0.25, "modelCalls": 20 }""");

        var document = WorkflowLoader.Parse(json, "w.json");

        Assert.Empty(document.Diagnostics);
        var budget = document.Definition!.Agents["writer"].Budget!;
        Assert.Equal((30000L, 0.25m, 20), (budget.Tokens!.Value, budget.Cost!.Value, budget.ModelCalls!.Value));
        Assert.Equal((null, null), (budget.Steps, budget.Duration));
        Assert.Empty(budget.Approvers);
        Assert.Equal("$.agents.writer.budget", budget.JsonPath);
        Assert.True(document.Definition.Budget!.IsEmpty);
        Assert.Equal([Approver.Role("finance")], document.Definition.Budget.Approvers);
    }

    [Fact]
    public void Parse_NoBudget_LeavesBothNull()
    {
        var document = WorkflowLoader.Parse(BudgetWorkflows.With(), "w.json");

        Assert.Empty(document.Diagnostics);
        Assert.Null(document.Definition!.Budget);
        Assert.Null(document.Definition.Agents["writer"].Budget);
    }

    [Fact]
    public void Parse_PartialBudget_LeavesTheOtherLimitsUnset()
    {
        var document = WorkflowLoader.Parse(BudgetWorkflows.With("""{ "cost": 5, "approvers": ["user:bob"] }"""), "w.json");

        var budget = document.Definition!.Budget!;
        Assert.Equal(5m, budget.Cost);
        Assert.Equal((null, null, null, null), (budget.Tokens, budget.ModelCalls, budget.Steps, budget.Duration));
    }

    [Fact]
    public void Parse_LargeTokenLimit_IsReadAsALong()
    {
        var document = WorkflowLoader.Parse(BudgetWorkflows.With("""{ "tokens": 5000000000, "approvers": ["user:bob"] }"""), "w.json");

        Assert.Empty(document.Diagnostics);
        Assert.Equal(5_000_000_000L, document.Definition!.Budget!.Tokens);
    }

    [Fact]
    public void Parse_InvalidLimit_IsLeftOutAndTheOthersAreRead()
    {
        var document = WorkflowLoader.Parse(BudgetWorkflows.With("""{ "tokens": 0, "steps": 10, "approvers": ["user:bob"] }"""), "w.json");

        var budget = document.Definition!.Budget!;
        Assert.Null(budget.Tokens);
        Assert.Equal(10, budget.Steps);
    }
}
