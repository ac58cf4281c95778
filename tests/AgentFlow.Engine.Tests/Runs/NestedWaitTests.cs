using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>
/// Waits at any depth (map chunks, sub-workflows, parallel branches) are seen from the run a user started, addressed
/// by the node path a user sees, and decided there; cancel stops them all.
/// </summary>
public sealed class NestedWaitTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    [Fact]
    public async Task Approvals_inside_map_chunks_are_listed_and_decided_by_the_run_id_and_item_path()
    {
        // 101 items: item 100 runs in a second chunk sub-orchestration; one item at a time.
        var file = harness.Write("chunked-approvals.json", """
            { "name": "chunked", "inputs": { "items": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "concurrency": 1, "do": {
                  "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["role:ops"], "show": { "item": "{{ x }}" } } } } } },
              "output": { "count": "{{ each.items | size }}", "last": "{{ each.items | last | map: 'values' | map: 'item' }}" } }
            """);
        var items = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)JsonValue.Create($"item-{i}"))]);
        var runId = await harness.StartAsync(file, new JsonObject { ["items"] = items });
        var service = new ApprovalService(harness.Client, harness.Audit);
        var ops = await OperatorAsync("olga", "ops");

        for (var i = 0; i <= 100; i++)
        {
            var path = $"each[{i}].ok";
            var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting && r.Progress!.Waiting.Any(w => w.Node == path));
            var wait = Assert.Single(waiting.Progress!.Waiting);
            Assert.Equal((WaitKind.Approval, $"item-{i}"), (wait.Kind, wait.Show!["item"]!.GetValue<string>()));
            Assert.StartsWith($"{runId}:each.1.part{i / 100}", wait.Instance, StringComparison.Ordinal);
            Assert.Contains(await harness.Client.ListAsync(new RunQuery { Status = RunStatus.Waiting }), r => r.RunId == runId);

            var decision = await service.DecideAsync(runId, path, ops, approve: true, comment: null, edits: null);
            Assert.Equal(DecisionOutcome.Accepted, decision.Outcome);
        }

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(101, done.Output!["count"]!.GetValue<int>());
        var audited = (await harness.Audit.ReadAsync(runId, default)).Where(r => r.Kind == "decision").ToList();
        Assert.Equal(101, audited.Count);
        Assert.Equal("each[100].ok", audited[^1].Node);
    }

    [Fact]
    public async Task Approval_in_a_sub_workflow_is_seen_from_the_parent_and_decided_by_its_path_or_the_sub_run_id()
    {
        harness.Write("reviewed-child.json", """
            { "name": "reviewed", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "what": "child" } } },
              "output": { "by": "{{ review.by }}" } }
            """);
        var file = harness.Write("reviewing-parent.json", """
            { "name": "reviewing", "start": "call",
              "nodes": { "call": { "kind": "workflow", "path": "reviewed-child.json", "next": "again" },
                         "again": { "kind": "workflow", "path": "reviewed-child.json" } },
              "output": { "first": "{{ call.by }}", "second": "{{ again.by }}" } }
            """);
        var runId = await harness.StartAsync(file);
        var service = new ApprovalService(harness.Client, harness.Audit);
        var ops = await OperatorAsync("oscar", "ops");

        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("call.review", $"{runId}:call.1"), (wait.Node, wait.Instance));
        Assert.Equal(DecisionOutcome.Accepted, (await service.DecideAsync(runId, "call.review", ops, true, "parent path", null)).Outcome);

        // The sub-run's own id with its local node id reaches the same wait.
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting && r.Progress!.Waiting.Any(w => w.Node == "again.review"));
        Assert.Equal(DecisionOutcome.Accepted, (await service.DecideAsync($"{runId}:again.1", "review", ops, true, "child id", null)).Outcome);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(("oscar", "oscar"), (done.Output!["first"]!.GetValue<string>(), done.Output["second"]!.GetValue<string>()));
        Assert.Equal(["call.review", "again.review"], (await harness.Audit.ReadAsync(runId, default)).Where(r => r.Kind == "decision").Select(r => r.Node));
    }

    [Fact]
    public async Task Approval_waiting_in_one_branch_is_listed_while_another_branch_is_busy()
    {
        var file = harness.Write("busy-branch.json", """
            { "name": "busy", "start": "fork",
              "tools": { "slow": { "kind": "code", "risk": "low", "name": "test.sleep" } },
              "nodes": { "fork": { "kind": "parallel", "branches": ["ask", "work"], "join": "done" },
                         "ask": { "kind": "approval", "approvers": ["role:ops"], "show": { "q": "go?" } },
                         "work": { "kind": "tool", "tool": "slow", "args": { "ms": 60000 } },
                         "done": { "kind": "end" } } }
            """);
        var runId = await harness.StartAsync(file);

        var run = await harness.UntilAsync(runId, r => r.Progress?.Waiting.Count > 0);
        Assert.Equal(RunStatus.Running, run.Status);
        var listed = await harness.Client.ListAsync(new RunQuery { Unfinished = true });
        var wait = Assert.Single(listed.Single(r => r.RunId == runId).Progress!.Waiting);
        Assert.Equal("ask", wait.Node);
        await harness.Client.CancelAsync(runId, "test over");
    }

    [Fact]
    public async Task Cancel_stops_the_run_and_the_sub_runs_it_waits_in()
    {
        harness.Write("waiting-child.json", """
            { "name": "waiting-child", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "what": "child" } } } }
            """);
        var file = harness.Write("cancelled-parent.json", """
            { "name": "cancelled", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "waiting-child.json" } } }
            """);
        var runId = await harness.StartAsync(file);
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        await harness.Client.CancelAsync(runId, "no longer needed");

        await harness.UntilAsync(runId, r => r.Status == RunStatus.Canceled);
        var child = await RunPolling.UntilAsync(harness.Client, $"{runId}:call.1", r => r.IsFinished, allowFinished: true);
        Assert.Equal(RunStatus.Canceled, child.Status);
    }

    [Theory]
    [InlineData("pb:c.1")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData(" padded")]
    public async Task Start_refuses_a_run_id_with_reserved_characters(string runId)
    {
        var file = harness.Write("named.json", """{ "name": "named", "start": "s", "nodes": { "s": { "kind": "end" } } }""");
        var prepared = await harness.Client.PrepareAsync(file, null);

        var error = await Assert.ThrowsAsync<RunInputException>(() => harness.Client.StartAsync(prepared, runId));
        Assert.Contains($"run id '{runId}'", error.Message, StringComparison.Ordinal);
    }

    private async Task<Operator> OperatorAsync(string name, string role) =>
        (await harness.Operators.GetAsync(name, default)) ?? (await harness.Operators.AddAsync(name, [role], null, harness.AdminToken)).Operator;
}
