using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;
using AgentFlow.Engine.TestWorker;

namespace AgentFlow.Engine.Tests.Budgets;

/// <summary>
/// Budgets end to end on the embedded backend: a run pauses at the automatic <c>budget</c> approval before the step
/// that would cross a limit, continues when approved (with the shown or an edited limit), fails when rejected or when
/// nobody may approve; decisions go through the approval service and are audited. The test llm spends 10 + 5 tokens
/// and 0.01 per call.
/// </summary>
public sealed class BudgetTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    /// <summary>An llm call in a loop of @CALLS calls; @BUDGET is the workflow budget, @AGENT the agent's.</summary>
    private const string Loop = """
        { "name": "@NAME", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m"@AGENT } },
          "budget": @BUDGET,
          "start": "ask",
          "nodes": { "ask": { "kind": "llm", "agent": "a", "prompt": "go", "maxVisits": 1000, "next": "count" },
                     "count": { "kind": "set", "values": { "n": "{{ count.n | default: 0 | plus: 1 }}" }, "maxVisits": 1000,
                                "next": [ { "when": "count.n < @CALLS", "to": "ask" }, { "to": "done" } ] },
                     "done": { "kind": "end" } },
          "output": { "calls": "{{ count.n }}" } }
        """;

    private const int CallTokens = TestRuntime.PromptTokens + TestRuntime.CompletionTokens;

    [Fact]
    public async Task Tokens_pause_before_the_call_that_would_cross_and_approving_continues_to_the_end()
    {
        using var spans = new SpanCollector();
        var runId = await StartAsync("tokens", calls: 10, """{ "tokens": 100, "approvers": ["role:finance"] }""");

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal((WaitKind.Approval, "budget"), (wait.Kind, wait.Node));
        Assert.Equal("tokens", wait.Show!["reached"]!.GetValue<string>());
        Assert.Equal("workflow", wait.Show["scope"]!.GetValue<string>());
        Assert.Equal(6 * CallTokens, wait.Show["used"]!.GetValue<long>());
        Assert.Equal(200, wait.Show["limit"]!.GetValue<long>());
        Assert.Equal("ask", wait.Show["node"]!.GetValue<string>());
        Assert.Contains("budget reached: tokens 90 of 100 before node 'ask'", wait.Show["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(6, Calls(waiting));

        var decision = await Service.DecideAsync(runId, "budget", await OperatorAsync("fiona", "finance"), true, "go on", null);
        Assert.Equal(DecisionOutcome.Accepted, decision.Outcome);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(10, done.Output!["calls"]!.GetValue<int>());
        Assert.Equal((10 * CallTokens, 10), (done.Progress!.Usage!.Tokens, done.Progress.Usage.ModelCalls));
        var pause = Assert.Single(done.Timeline, r => r.Node == "budget");
        Assert.Equal(("approval", NodeStatus.Completed, true), (pause.Kind, pause.Status, pause.Output!["approved"]!.GetValue<bool>()));
        var audit = Assert.Single(await harness.Audit.ReadAsync(runId, default));
        Assert.Equal(("decision", "budget", "fiona", "approved"), (audit.Kind, audit.Node, audit.Operator, audit.Decision));
        Assert.Equal(90, audit.Shown!["used"]!.GetValue<long>());

        // The pause is an approval span of the run's trace, like an approval node's: who decided, and how it ended.
        var span = Assert.Single(spans.TraceOf(runId), s => s.DisplayName == "approval budget");
        Assert.Equal(("fiona", "approved"), (span.GetTagItem(Abstractions.Telemetry.TelemetryTags.DecidedBy), span.GetTagItem(Abstractions.Telemetry.TelemetryTags.Outcome)));
    }

    [Fact]
    public async Task An_edited_limit_is_used_and_the_run_pauses_again_when_it_is_reached()
    {
        var runId = await StartAsync("edited", calls: 10, """{ "tokens": 30, "approvers": ["role:finance"] }""");
        var op = await OperatorAsync("gus", "finance");

        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        Assert.Equal(DecisionOutcome.Accepted, (await Service.DecideAsync(runId, "budget", op, true, null, new JsonObject { ["limit"] = "75" })).Outcome);

        var again = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting && r.Timeline.Any(t => t.Node == "budget" && t.Status == NodeStatus.Completed));
        var wait = Assert.Single(again.Progress!.Waiting);
        Assert.Equal((75L, 105L), (wait.Show!["used"]!.GetValue<long>(), wait.Show["limit"]!.GetValue<long>()));
        Assert.Equal(5, Calls(again));
    }

    [Fact]
    public async Task Rejecting_fails_the_run_naming_the_limit_the_spend_and_the_node()
    {
        var runId = await StartAsync("rejected", calls: 10, """{ "tokens": 100, "approvers": ["user:hana"] }""");
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        await Service.DecideAsync(runId, "budget", await OperatorAsync("hana", "ops"), false, null, null);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Failed, done.Status);
        Assert.Contains("budget reached: tokens 90 of 100 before node 'ask'; rejected by hana", done.Error, StringComparison.Ordinal);
        var audit = Assert.Single(await harness.Audit.ReadAsync(runId, default));
        Assert.Equal(("budget", "rejected"), (audit.Node, audit.Decision));
    }

    [Fact]
    public async Task Without_approvers_reaching_a_limit_fails_the_run_and_says_how_to_allow_continuing()
    {
        var runId = await StartAsync("unattended", calls: 10, """{ "modelCalls": 3 }""");

        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Failed, done.Status);
        Assert.Contains("budget reached: modelCalls 3 of 3 before node 'ask'", done.Error, StringComparison.Ordinal);
        Assert.Contains("add \"approvers\"", done.Error, StringComparison.Ordinal);
        Assert.Equal(3, done.Progress!.Usage!.ModelCalls);
    }

    [Fact]
    public async Task An_agent_budget_pauses_on_its_own_calls_and_is_addressed_to_the_workflow_approvers()
    {
        var runId = await StartAsync("agent", calls: 6, """{ "approvers": ["role:finance"] }""", agentBudget: """{ "modelCalls": 4 }""");

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("modelCalls", "agent:a", 4L, 8L), (wait.Show!["reached"]!.GetValue<string>(), wait.Show["scope"]!.GetValue<string>(), wait.Show["used"]!.GetValue<long>(), wait.Show["limit"]!.GetValue<long>()));
        Assert.Equal(["role:finance"], wait.Approvers!.Select(a => a.ToString()));

        await Service.DecideAsync(runId, "budget", await OperatorAsync("ida", "finance"), true, null, null);
        Assert.Equal(RunStatus.Completed, (await harness.UntilAsync(runId, r => r.IsFinished)).Status);
    }

    [Fact]
    public async Task Cost_pauses_once_the_spend_reaches_the_limit()
    {
        var runId = await StartAsync("cost", calls: 10, """{ "cost": 0.05, "approvers": ["role:finance"] }""");

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("cost", 0.05m, 0.1m), (wait.Show!["reached"]!.GetValue<string>(), wait.Show["used"]!.GetValue<decimal>(), wait.Show["limit"]!.GetValue<decimal>()));
        Assert.Equal(5, Calls(waiting));
    }

    [Fact]
    public async Task Steps_pause_before_the_node_that_would_be_one_too_many()
    {
        // ask, count, ask, count, ask: five node executions.
        var runId = await StartAsync("steps", calls: 10, """{ "steps": 5, "approvers": ["role:finance"] }""");

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("steps", 5L, 10L, "count"), (wait.Show!["reached"]!.GetValue<string>(), wait.Show["used"]!.GetValue<long>(), wait.Show["limit"]!.GetValue<long>(), wait.Show["node"]!.GetValue<string>()));
        Assert.Equal(3, Calls(waiting));
    }

    [Fact]
    public async Task Duration_counts_orchestration_time_since_the_start_and_pauses_after_a_timer()
    {
        var file = harness.Write("duration.json", """
            { "name": "duration", "budget": { "duration": "PT1S", "approvers": ["role:finance"] }, "start": "first",
              "nodes": { "first": { "kind": "set", "values": { "a": 1 }, "next": "pause" },
                         "pause": { "kind": "wait", "for": "PT1S", "next": "after" },
                         "after": { "kind": "set", "values": { "b": 2 } } } }
            """);
        var runId = await harness.StartAsync(file);

        var waiting = await harness.UntilAsync(runId, r => r.Progress?.Waiting.Any(w => w.Kind == WaitKind.Approval) == true);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("duration", "after", "PT2S"), (wait.Show!["reached"]!.GetValue<string>(), wait.Show["node"]!.GetValue<string>(), wait.Show["limit"]!.GetValue<string>()));
        Assert.Equal(["first", "pause", "budget"], waiting.Timeline.Select(r => r.Node));

        await Service.DecideAsync(runId, "budget", await OperatorAsync("jon", "finance"), true, null, new JsonObject { ["limit"] = "PT1H" });
        Assert.Equal(RunStatus.Completed, (await harness.UntilAsync(runId, r => r.IsFinished)).Status);
    }

    private ApprovalService Service => new(harness.Client, harness.Audit);

    private static int Calls(RunInfo run) => run.Timeline.Count(r => r.Node == "ask" && r.Status == NodeStatus.Completed);

    private async Task<string> StartAsync(string name, int calls, string budget, string agentBudget = "")
    {
        var file = harness.Write($"{name}.json", Loop
            .Replace("@NAME", name, StringComparison.Ordinal)
            .Replace("@CALLS", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@BUDGET", budget, StringComparison.Ordinal)
            .Replace("@AGENT", agentBudget.Length > 0 ? $", \"budget\": {agentBudget}" : string.Empty, StringComparison.Ordinal));
        return await harness.StartAsync(file);
    }

    private async Task<Operator> OperatorAsync(string name, string role) =>
        (await harness.Operators.GetAsync(name, default)) ?? (await harness.Operators.AddAsync(name, [role], null, harness.AdminToken)).Operator;
}
