using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Tests.InMemory;

/// <summary>Workflow runs on the in-memory task hub: steps, approvals, durable waits, sub-workflows and cancel.</summary>
public sealed class InMemoryRunTests(InMemoryWorkflowHarness harness) : IClassFixture<InMemoryWorkflowHarness>
{
    [Fact]
    public async Task Run_StepsAndBranches_CompleteWithTheirOutput()
    {
        var file = harness.Write("steps.json", """
            { "name": "steps", "inputs": { "n": { "type": "string" } }, "start": "a",
              "nodes": { "a": { "kind": "set", "values": { "v": "{{ inputs.n }}" }, "next": "pick" },
                         "pick": { "kind": "switch", "next": [ { "when": "a.v == 'b'", "to": "two" }, { "to": "other" } ] },
                         "two": { "kind": "set", "values": { "r": "two" } },
                         "other": { "kind": "set", "values": { "r": "other" } } } }
            """);

        var run = await harness.UntilAsync(await harness.StartAsync(file, new JsonObject { ["n"] = "b" }), r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("two", run.Output!["r"]!.GetValue<string>());
        Assert.Equal("inmemory", harness.Host.Backend.Name);
    }

    [Fact]
    public async Task Approval_WaitsForItsDecision_ThenContinues()
    {
        var file = harness.Write("approval.json", """
            { "name": "approve", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:editor"], "timeout": "P1D", "onTimeout": "reject",
                                     "next": [ { "when": "review.approved", "to": "send" }, { "to": "skip" } ] },
                         "send": { "kind": "set", "values": { "by": "{{ review.by }}" } },
                         "skip": { "kind": "set", "values": { "skipped": true } } } }
            """);
        var runId = await harness.StartAsync(file);
        var waiting = await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        Assert.Equal((WaitKind.Approval, "approval:review"), (waiting.Progress!.Waiting[0].Kind, waiting.Progress.Waiting[0].Event));
        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "ana", "ok", null, ["editor"]));
        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("ana", done.Output!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wait_For_IsADurableTimerThatFires()
    {
        var file = harness.Write("wait.json", """
            { "name": "pause", "start": "pause", "nodes": { "pause": { "kind": "wait", "for": "PT0.3S", "next": "after" },
                                                             "after": { "kind": "set", "values": { "ok": true } } } }
            """);

        var done = await harness.UntilAsync(await harness.StartAsync(file), r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.True(done.Output!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cancel_WaitingRun_EndsIt()
    {
        var file = harness.Write("long.json", """
            { "name": "long", "start": "pause", "nodes": { "pause": { "kind": "wait", "for": "P1D", "next": "after" },
                                                            "after": { "kind": "set", "values": { "ok": true } } } }
            """);
        var runId = await harness.StartAsync(file);
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        await harness.Client.CancelAsync(runId, "test done");
        var done = await harness.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Canceled, done.Status);
    }
}
