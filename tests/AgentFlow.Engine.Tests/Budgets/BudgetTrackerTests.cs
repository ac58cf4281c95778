using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Orchestration.Budgets;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Tests.Budgets;

/// <summary>The budget predicate on its own: what is spent, what the next call is predicted to spend, and time by orchestration clock.</summary>
public sealed class BudgetTrackerTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    private readonly TokenUsage _usage = new();

    [Fact]
    public void Tokens_pause_before_the_call_that_would_cross_at_the_average_so_far()
    {
        var budget = Tracker("""{ "tokens": 1000, "approvers": ["role:ops"] }""");
        Spend(calls: 13, tokensEach: 70);
        Assert.Null(budget.BeforeNode(Ask, Start));

        Spend(calls: 1, tokensEach: 70);
        var breach = budget.BeforeNode(Ask, Start);

        Assert.Equal((BudgetMetric.Tokens, "workflow", 980m, 1000m, 2000m), (breach!.Metric, breach.Scope, breach.Used, breach.Limit, breach.Suggested));
        Assert.Equal("budget reached: tokens 980 of 1000 before node 'ask'", breach.Describe("ask"));
    }

    [Fact]
    public void Before_the_first_call_nothing_is_predicted_and_a_raised_limit_is_used()
    {
        var budget = Tracker("""{ "tokens": 100, "approvers": ["role:ops"] }""");
        Assert.Null(budget.BeforeNode(Ask, Start));

        Spend(calls: 1, tokensEach: 100);
        var breach = budget.BeforeNode(Ask, Start)!;
        budget.Raise(breach.Key, breach.Suggested);

        Assert.Null(budget.BeforeNode(Ask, Start));
    }

    [Fact]
    public void Duration_is_the_time_since_the_run_started_and_pauses_once_reached()
    {
        var budget = Tracker("""{ "duration": "PT1H", "approvers": ["role:ops"] }""");
        var set = Node("n");

        Assert.Null(budget.BeforeNode(set, Start.AddMinutes(59)));
        var breach = budget.BeforeNode(set, Start.AddHours(1));

        Assert.Equal((BudgetMetric.Duration, TimeSpan.FromHours(1).Ticks), (breach!.Metric, (long)breach.Used));
        Assert.Equal("PT2H", breach.Show("n")["limit"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromHours(3).Ticks, breach.ReadLimit(System.Text.Json.Nodes.JsonValue.Create("PT3H")));
        Assert.Null(breach.ReadLimit(System.Text.Json.Nodes.JsonValue.Create("3 hours")));
    }

    [Fact]
    public void Steps_count_node_executions_and_a_chunk_continues_from_the_runs_count()
    {
        var budget = Tracker("""{ "steps": 3, "approvers": ["role:ops"] }""");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(budget.BeforeNode(Node("n"), Start));
            budget.CountStep();
        }

        Assert.Equal(BudgetMetric.Steps, budget.BeforeNode(Node("n"), Start)!.Metric);

        var chunk = Tracker("""{ "steps": 3, "approvers": ["role:ops"] }""");
        chunk.Resume(budget.Export());
        Assert.Equal((3m, 3m), (chunk.BeforeNode(Node("n"), Start)!.Used, chunk.BeforeNode(Node("n"), Start)!.Limit));
    }

    [Fact]
    public void An_agent_budget_counts_only_that_agents_calls_and_calls_in_flight()
    {
        var budget = Tracker("""{ "approvers": ["role:ops"] }""", agentBudget: """{ "modelCalls": 2 }""");
        budget.CountModelUsage("other", new TokenUsage { ModelCalls = 5 });
        Assert.Null(budget.BeforeModelCall("a"));

        budget.StartModelCall("a");
        Assert.Null(budget.BeforeModelCall("a"));
        budget.StartModelCall("a");
        var breach = budget.BeforeModelCall("a");

        Assert.Equal((BudgetMetric.ModelCalls, "agent:a", 0m), (breach!.Metric, breach.Scope, breach.Used));
        Assert.Equal(["role:ops"], budget.Approvers.Select(a => a.ToString()));
    }

    private static Core.Model.Nodes.WorkflowNode Ask => Definition(string.Empty, string.Empty).Nodes["ask"];

    private static Core.Model.Nodes.WorkflowNode Node(string id) => Definition(string.Empty, string.Empty).Nodes[id];

    private BudgetTracker Tracker(string budget, string agentBudget = "") => new(Definition(budget, agentBudget), () => _usage, Start);

    private void Spend(int calls, int tokensEach)
    {
        for (var i = 0; i < calls; i++)
        {
            _usage.Add(new TokenUsage { InputTokens = tokensEach - 20, OutputTokens = 20, ModelCalls = 1 });
        }
    }

    private static WorkflowDefinition Definition(string budget, string agentBudget) => WorkflowLoader.Parse(
        $$"""
        { "name": "t", "models": { "m": { "provider": "local" } },
          "agents": { "a": { "model": "m"{{(agentBudget.Length > 0 ? ", \"budget\": " + agentBudget : string.Empty)}} } },
          {{(budget.Length > 0 ? "\"budget\": " + budget + "," : string.Empty)}}
          "start": "ask",
          "nodes": { "ask": { "kind": "llm", "agent": "a", "prompt": "go", "next": "n" }, "n": { "kind": "set", "values": { "x": 1 } } } }
        """,
        "t.json").Definition!;
}
