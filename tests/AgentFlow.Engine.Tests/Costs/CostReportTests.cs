using System.Text.Json.Nodes;
using AgentFlow.Engine.Costs;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Tests.Costs;

/// <summary>The cost aggregation: sums by workflow, agent and model, currencies apart, and honest about what it cannot attribute.</summary>
public sealed class CostReportTests
{
    private static readonly DateTime At = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Build_by_workflow_sums_run_totals_per_workflow_and_currency()
    {
        RunInfo[] runs =
        [
            Run("a-1", "news", Usage(100, 20, 2, 0.0030m, "USD")),
            Run("a-2", "news", Usage(50, 10, 1, 0.0015m, "USD")),
            Run("b-1", "refund", Usage(10, 5, 1, 0.0040m, "EUR")),
            Run("c-1", "news", Usage(7, 3, 1, cost: null, currency: null)),
        ];

        var report = CostReport.Build(new CostQuery(), runs);

        Assert.Equal(4, report.Runs);
        Assert.False(report.Partial);
        Assert.Collection(
            report.Rows,
            r => AssertRow(r, "news", "USD", runs: 2, input: 150, output: 30, calls: 3, cost: 0.0045m),
            r => AssertRow(r, "news", null, runs: 1, input: 7, output: 3, calls: 1, cost: null),
            r => AssertRow(r, "refund", "EUR", runs: 1, input: 10, output: 5, calls: 1, cost: 0.0040m));
        Assert.Collection(
            report.Totals,
            t => AssertRow(t, "total", "EUR", runs: 1, input: 10, output: 5, calls: 1, cost: 0.0040m),
            t => AssertRow(t, "total", "USD", runs: 2, input: 150, output: 30, calls: 3, cost: 0.0045m),
            t => AssertRow(t, "total", null, runs: 1, input: 7, output: 3, calls: 1, cost: null));
    }

    [Fact]
    public void Build_by_workflow_counts_runs_without_usage_with_zero_tokens()
    {
        var report = CostReport.Build(new CostQuery(), [Run("g-1", "gate", usage: null)]);

        AssertRow(Assert.Single(report.Rows), "gate", null, runs: 1, input: 0, output: 0, calls: 0, cost: null);
    }

    [Fact]
    public void Build_by_agent_sums_node_usage_per_agent_across_runs()
    {
        RunInfo[] runs =
        [
            Run("a-1", "news", Usage(30, 6, 2, 0.5m, "USD"), Node("draft", Usage(10, 2, 1, 0.2m, "USD", "m1", "editor")), Node("check", Usage(20, 4, 1, 0.3m, "USD", "m2", "critic"))),
            Run("a-2", "news", Usage(10, 2, 1, 0.2m, "USD"), Node("draft", Usage(10, 2, 1, 0.2m, "USD", "m1", "editor"))),
        ];

        var report = CostReport.Build(new CostQuery { By = CostGrouping.Agent }, runs);

        Assert.False(report.Partial);
        Assert.Collection(
            report.Rows,
            r => AssertRow(r, "critic", "USD", runs: 1, input: 20, output: 4, calls: 1, cost: 0.3m),
            r => AssertRow(r, "editor", "USD", runs: 2, input: 20, output: 4, calls: 2, cost: 0.4m));
        AssertRow(Assert.Single(report.Totals), "total", "USD", runs: 2, input: 40, output: 8, calls: 3, cost: 0.7m);
    }

    [Fact]
    public void Build_by_model_keeps_currencies_apart_and_names_nodes_without_a_model()
    {
        RunInfo[] runs =
        [
            Run("a-1", "news", Usage(10, 2, 1, 1m, "USD"), Node("draft", Usage(10, 2, 1, 1m, "USD", "m1", "editor"))),
            Run("b-1", "news", Usage(10, 2, 1, 2m, "EUR"), Node("draft", Usage(10, 2, 1, 2m, "EUR", "m1", "editor"))),
            Run("c-1", "news", Usage(5, 5, 1, null, null), Node("embed", Usage(5, 5, 1, null, null, model: null, agent: null))),
        ];

        var report = CostReport.Build(new CostQuery { By = CostGrouping.Model }, runs);

        Assert.Collection(
            report.Rows,
            r => AssertRow(r, CostReport.NoName, null, runs: 1, input: 5, output: 5, calls: 1, cost: null),
            r => AssertRow(r, "m1", "EUR", runs: 1, input: 10, output: 2, calls: 1, cost: 2m),
            r => AssertRow(r, "m1", "USD", runs: 1, input: 10, output: 2, calls: 1, cost: 1m));
        Assert.Equal(["EUR", "USD", null], report.Totals.Select(t => t.Currency));
    }

    [Fact]
    public void Build_by_agent_puts_what_the_timeline_does_not_show_in_the_unattributed_row()
    {
        // The run's total includes map items (not in the timeline): 60 more input tokens, 2 calls, 0.25 more.
        var run = Run("a-1", "news", Usage(70, 12, 3, 0.5m, "USD"), Node("draft", Usage(10, 2, 1, 0.25m, "USD", "m1", "editor")));

        var report = CostReport.Build(new CostQuery { By = CostGrouping.Agent }, [run]);

        Assert.True(report.Partial);
        Assert.Equal(1, report.UnattributedRuns);
        Assert.Collection(
            report.Rows,
            r => AssertRow(r, "editor", "USD", runs: 1, input: 10, output: 2, calls: 1, cost: 0.25m),
            r => AssertRow(r, CostReport.Unattributed, "USD", runs: 1, input: 60, output: 10, calls: 2, cost: 0.25m));
        AssertRow(Assert.Single(report.Totals), "total", "USD", runs: 1, input: 70, output: 12, calls: 3, cost: 0.5m);
    }

    [Fact]
    public void Build_by_model_attributes_map_items_whose_outputs_report_usage()
    {
        var map = new NodeRecord
        {
            Node = "each",
            Kind = "map",
            Status = NodeStatus.Completed,
            StartedAt = At,
            Output = JsonNode.Parse("""{ "items": [ { "text": "a", "usage": { "promptTokens": 5, "completionTokens": 1, "model": "small" } }, { "text": "b", "usage": { "promptTokens": 7, "completionTokens": 2, "model": "small" } } ] }"""),
        };
        var run = Run("a-1", "news", Usage(22, 5, 3, null, null), Node("draft", Usage(10, 2, 1, null, null, "big", "editor")), map);

        var report = CostReport.Build(new CostQuery { By = CostGrouping.Model }, [run]);

        Assert.False(report.Partial);
        Assert.Collection(
            report.Rows,
            r => AssertRow(r, "big", null, runs: 1, input: 10, output: 2, calls: 1, cost: null),
            r => AssertRow(r, "small", null, runs: 1, input: 12, output: 3, calls: 2, cost: null));
    }

    [Fact]
    public void Build_leaves_map_item_usage_unattributed_when_it_exceeds_the_run_total()
    {
        var map = new NodeRecord
        {
            Node = "each",
            Kind = "map",
            Status = NodeStatus.Completed,
            StartedAt = At,
            Output = JsonNode.Parse("""{ "items": [ { "usage": { "promptTokens": 500, "completionTokens": 1 } } ] }"""),
        };
        var run = Run("a-1", "news", Usage(20, 5, 2, null, null), Node("draft", Usage(10, 2, 1, null, null, "big", "editor")), map);

        var report = CostReport.Build(new CostQuery { By = CostGrouping.Model }, [run]);

        Assert.True(report.Partial);
        Assert.Equal(["big", CostReport.Unattributed], report.Rows.Select(r => r.Key));
        AssertRow(Assert.Single(report.Totals), "total", null, runs: 1, input: 20, output: 5, calls: 2, cost: null);
    }

    [Fact]
    public void Build_counts_unfinished_runs()
    {
        var running = Run("a-1", "news", Usage(1, 1, 1, null, null)) with { Status = RunStatus.Running };

        var report = CostReport.Build(new CostQuery(), [running, Run("a-2", "news", null)]);

        Assert.Equal(2, report.Runs);
        Assert.Equal(1, report.UnfinishedRuns);
    }

    private static void AssertRow(CostRow row, string key, string? currency, int runs, long input, long output, int calls, decimal? cost)
    {
        Assert.Equal((key, currency, runs, input, output, input + output, calls, cost), (row.Key, row.Currency, row.Runs, row.InputTokens, row.OutputTokens, row.Tokens, row.ModelCalls, row.Cost));
    }

    private static TokenUsage Usage(long input, long output, int calls, decimal? cost, string? currency, string? model = null, string? agent = null) =>
        new() { InputTokens = input, OutputTokens = output, ModelCalls = calls, Cost = cost, Currency = currency, Model = model, Agent = agent };

    private static NodeRecord Node(string id, TokenUsage usage) =>
        new() { Node = id, Kind = "llm", Status = NodeStatus.Completed, StartedAt = At, EndedAt = At, Usage = usage };

    private static RunInfo Run(string id, string workflow, TokenUsage? usage, params NodeRecord[] nodes) => new()
    {
        RunId = id,
        Workflow = workflow,
        Status = RunStatus.Completed,
        CreatedAt = At,
        UpdatedAt = At,
        Usage = usage,
        Timeline = nodes,
    };
}
