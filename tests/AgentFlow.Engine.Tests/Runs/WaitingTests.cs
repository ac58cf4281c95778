using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>Durable waits: timers, approval events with timeout, and sub-workflow runs.</summary>
public sealed class WaitingTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    private const string Approval = """
        { "name": "approve", "inputs": { "subject": { "type": "string" } }, "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:editor"], "timeout": "@T", "onTimeout": "@O",
                                 "show": { "subject": "{{ inputs.subject }}" },
                                 "next": [ { "when": "review.approved", "to": "send" }, { "to": "skip" } ] },
                     "send": { "kind": "set", "values": { "sent": "{{ review.values.subject }}", "by": "{{ review.by }}" } },
                     "skip": { "kind": "set", "values": { "skipped": "{{ review.decision }}" } } } }
        """;

    [Fact]
    public async Task Wait_for_is_reported_while_the_run_waits()
    {
        // A day-long wait: the run is still waiting whenever the test looks, however slow the machine is.
        var file = harness.Write("wait-long.json", """
            { "name": "long-pause", "start": "pause", "nodes": { "pause": { "kind": "wait", "for": "P1D", "next": "after" },
                                                                  "after": { "kind": "set", "values": { "ok": true } } } }
            """);
        var runId = await harness.StartAsync(file);
        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal((WaitKind.Timer, "pause"), (wait.Kind, wait.Node));
        await harness.Client.CancelAsync(runId, "test done");
    }

    [Fact]
    public async Task Wait_for_is_a_durable_timer_that_never_ends_early()
    {
        var file = harness.Write("wait.json", """
            { "name": "pause", "start": "pause", "nodes": { "pause": { "kind": "wait", "for": "PT0.5S", "next": "after" },
                                                             "after": { "kind": "set", "values": { "ok": true } } } }
            """);
        var done = await harness.UntilAsync(await harness.StartAsync(file), r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        var pause = done.Timeline.Single(t => t.Node == "pause");
        Assert.True(pause.Duration >= TimeSpan.FromSeconds(0.5), $"waited {pause.Duration}");
    }

    [Fact]
    public async Task Approval_waits_for_its_event_and_applies_operator_edits()
    {
        var file = harness.Write("approval.json", Approval.Replace("@T", "P1D", StringComparison.Ordinal).Replace("@O", "reject", StringComparison.Ordinal));
        var runId = await harness.StartAsync(file, new JsonObject { ["subject"] = "Draft" });
        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal((WaitKind.Approval, "approval:review", "Draft"), (wait.Kind, wait.Event, wait.Show!["subject"]!.GetValue<string>()));
        Assert.Equal([Approver.Role("editor")], wait.Approvers);

        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "ana", "ok", new JsonObject { ["subject"] = "Final" }, ["editor"]));
        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("Final", done.Output!["sent"]!.GetValue<string>());
        Assert.Equal("ana", done.Output["by"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("reject", "skipped", "timeout")]
    [InlineData("approve", "sent", "Draft")]
    public async Task Approval_timeout_follows_onTimeout(string onTimeout, string field, string expected)
    {
        var file = harness.Write($"approval-{onTimeout}.json", Approval.Replace("@T", "PT0.5S", StringComparison.Ordinal).Replace("@O", onTimeout, StringComparison.Ordinal));
        var run = await harness.UntilAsync(await harness.StartAsync(file, new JsonObject { ["subject"] = "Draft" }), r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(expected, run.Output![field]!.GetValue<string>());
    }

    [Fact]
    public async Task Workflow_node_runs_the_child_as_a_sub_run_and_returns_its_output()
    {
        harness.Write("child.json", """
            { "name": "child", "inputs": { "name": { "type": "string" } }, "start": "hi",
              "nodes": { "hi": { "kind": "set", "values": { "greeting": "Hi {{ inputs.name }}" } } },
              "output": { "greeting": "{{ hi.greeting }}" } }
            """);
        var file = harness.Write("parent.json", """
            { "name": "parent", "start": "call",
              "nodes": { "call": { "kind": "workflow", "path": "child.json", "inputs": { "name": "Ana" } } },
              "output": "{{ call.greeting }}" }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("Hi Ana", run.Output!.GetValue<string>());
        Assert.Equal($"{run.RunId}:call.1", run.Timeline[0].ChildRunId);
        Assert.Equal(RunStatus.Completed, (await harness.Client.GetAsync($"{run.RunId}:call.1"))!.Status);
        Assert.DoesNotContain(await harness.Client.ListAsync(new RunQuery()), r => r.RunId.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Child_input_errors_fail_the_workflow_node_with_the_child_message()
    {
        harness.Write("strict-child.json", """
            { "name": "strict", "inputs": { "count": { "type": "integer" } }, "start": "s", "nodes": { "s": { "kind": "set", "values": { "c": "{{ inputs.count }}" } } } }
            """);
        var file = harness.Write("bad-parent.json", """
            { "name": "bad-parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "strict-child.json", "inputs": { "count": "many" } } } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Failed, run.Status);

        Assert.Contains("input 'count' must be an integer, but got \"many\"", run.Error, StringComparison.Ordinal);
        Assert.Contains("node 'call'", run.Error, StringComparison.Ordinal);
    }
}
