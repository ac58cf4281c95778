using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;
using AgentFlow.Engine.TestWorker;

namespace AgentFlow.Engine.Tests.Budgets;

/// <summary>
/// What map items, long maps' chunk orchestrations and sub-runs spend is the run's: summed into its usage and counted
/// against its budget (a chunk checks with what the run had spent when it started; a sub-run's spend counts once it
/// returns). Parallel lanes count each other's calls in flight, and share one pause.
/// </summary>
public sealed class BudgetPropagationTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    private const string Map = """
        { "name": "@NAME", "inputs": { "items": { "type": "array" } }, "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
          @BUDGET "start": "each",
          "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "concurrency": @CONCURRENCY,
                               "do": { "kind": "llm", "agent": "a", "prompt": "item {{ x }}" } } },
          "output": { "count": "{{ each.items | size }}" } }
        """;

    private const int CallTokens = TestRuntime.PromptTokens + TestRuntime.CompletionTokens;

    [Fact]
    public async Task A_long_maps_chunks_report_their_usage_to_the_run()
    {
        var runId = await StartMapAsync("chunk-usage", items: 150, concurrency: 20, budget: string.Empty);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal((150 * CallTokens, 150, 150 * TestRuntime.CallCost), (done.Progress!.Usage!.Tokens, done.Progress.Usage.ModelCalls, done.Progress.Usage.Cost));
    }

    [Fact]
    public async Task A_chunk_checks_the_runs_budget_with_what_earlier_chunks_spent_and_pauses_by_item()
    {
        // One item at a time: chunk 0 makes calls 1-100, chunk 1 starts with 100 spent and stops before item 120.
        var runId = await StartMapAsync("chunk-budget", items: 150, concurrency: 1, budget: """ "budget": { "modelCalls": 120, "approvers": ["role:finance"] }, """);

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("budget.each[120]", 120L, 240L), (wait.Node, wait.Show!["used"]!.GetValue<long>(), wait.Show["limit"]!.GetValue<long>()));
        Assert.StartsWith($"{runId}:each.1.part1", wait.Instance, StringComparison.Ordinal);

        var decision = await new ApprovalService(harness.Client, harness.Audit).DecideAsync(runId, "budget.each[120]", await OperatorAsync("kim", "finance"), true, null, null);
        Assert.Equal(DecisionOutcome.Accepted, decision.Outcome);
        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal((RunStatus.Completed, 150), (done.Status, done.Progress!.Usage!.ModelCalls));
    }

    [Fact]
    public async Task Parallel_items_count_calls_in_flight_and_stop_exactly_at_the_limit()
    {
        // Four lanes: every item's check counts the calls done and in flight (items started), so the 11th pauses
        // whichever calls have come back by then (at least 7; up to 3 in flight), and those in flight complete.
        var runId = await StartMapAsync("lanes", items: 20, concurrency: 4, budget: """ "budget": { "modelCalls": 10, "approvers": ["role:finance"] }, """);

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("budget", "each[10]"), (wait.Node, wait.Show!["node"]!.GetValue<string>()));
        Assert.InRange(wait.Show["used"]!.GetValue<long>(), 7, 9);
        Assert.Equal(10, waiting.Progress.Usage!.ModelCalls);
        await new ApprovalService(harness.Client, harness.Audit).DecideAsync(runId, "budget", await OperatorAsync("kim", "finance"), true, null, null);
        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal((RunStatus.Completed, 20), (done.Status, done.Progress!.Usage!.ModelCalls));
        Assert.Single(done.Timeline, r => r.Node == "budget");
    }

    [Fact]
    public async Task A_sub_runs_usage_is_added_to_the_calling_run()
    {
        harness.Write("spending-child.json", """
            { "name": "spending-child", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } }, "start": "one",
              "nodes": { "one": { "kind": "llm", "agent": "a", "prompt": "1", "next": "two" }, "two": { "kind": "llm", "agent": "a", "prompt": "2" } } }
            """);
        var file = harness.Write("spending-parent.json", """
            { "name": "spending-parent", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } }, "start": "own",
              "nodes": { "own": { "kind": "llm", "agent": "a", "prompt": "0", "next": "call" },
                         "call": { "kind": "workflow", "path": "spending-child.json" } } }
            """);

        var done = await harness.UntilAsync(await harness.StartAsync(file), r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal((3 * CallTokens, 3), (done.Progress!.Usage!.Tokens, done.Progress.Usage.ModelCalls));
        Assert.Null(done.Timeline.Single(r => r.Node == "call").Usage);
    }

    [Fact]
    public async Task A_sub_runs_spend_counts_against_the_parents_budget_once_it_returns()
    {
        harness.Write("costly-child.json", """
            { "name": "costly-child", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } }, "start": "one",
              "nodes": { "one": { "kind": "llm", "agent": "a", "prompt": "1", "next": "two" }, "two": { "kind": "llm", "agent": "a", "prompt": "2" } } }
            """);
        var file = harness.Write("budgeted-parent.json", """
            { "name": "budgeted-parent", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
              "budget": { "modelCalls": 2, "approvers": ["role:finance"] }, "start": "call",
              "nodes": { "call": { "kind": "workflow", "path": "costly-child.json", "next": "after" },
                         "after": { "kind": "llm", "agent": "a", "prompt": "3" } } }
            """);

        var waiting = await harness.UntilAsync(await harness.StartAsync(file), r => r.Status == RunStatus.Waiting);

        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("budget", "after", 2L), (wait.Node, wait.Show!["node"]!.GetValue<string>(), wait.Show["used"]!.GetValue<long>()));
    }

    private async Task<string> StartMapAsync(string name, int items, int concurrency, string budget)
    {
        var file = harness.Write($"{name}.json", Map
            .Replace("@NAME", name, StringComparison.Ordinal)
            .Replace("@CONCURRENCY", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@BUDGET", budget, StringComparison.Ordinal));
        return await harness.StartAsync(file, new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, items).Select(i => (JsonNode)JsonValue.Create(i))]) });
    }

    private async Task<Operator> OperatorAsync(string name, string role) =>
        (await harness.Operators.GetAsync(name, default)) ?? (await harness.Operators.AddAsync(name, [role], null, harness.AdminToken)).Operator;
}
