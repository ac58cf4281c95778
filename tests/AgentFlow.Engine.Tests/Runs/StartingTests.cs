using System.Text.Json.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>What happens before and around a start: input checks, version pinning, listing, cancelling, purging.</summary>
public sealed class StartingTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    private const string Typed = """
        { "name": "typed", "inputs": { "count": { "type": "integer" }, "mode": { "type": "string", "enum": ["a", "b"], "default": "a" },
                                       "tags": { "type": "array", "required": false } },
          "start": "s", "nodes": { "s": { "kind": "set", "values": { "c": "{{ inputs.count }}" } } } }
        """;

    [Fact]
    public async Task Input_errors_are_all_reported_before_a_run_exists()
    {
        var file = harness.Write("typed.json", Typed);
        var before = (await harness.Client.ListAsync(new RunQuery { Workflow = "typed" })).Count;

        var ex = await Assert.ThrowsAsync<RunInputException>(() =>
            harness.Client.PrepareAsync(file, new JsonObject { ["mode"] = "c", ["counts"] = 1 }));

        Assert.Contains("unknown input 'counts' (did you mean 'count'?); declared: count, mode, tags", ex.Problems);
        Assert.Contains("input 'mode' must be one of \"a\", \"b\", but got \"c\"", ex.Problems);
        Assert.Contains(ex.Problems, p => p.StartsWith("missing required input 'count' (integer)", StringComparison.Ordinal));
        Assert.Equal(before, (await harness.Client.ListAsync(new RunQuery { Workflow = "typed" })).Count);
    }

    [Fact]
    public async Task Invalid_workflow_is_refused_with_its_diagnostics()
    {
        var file = harness.Write("invalid.json", """{ "name": "bad", "start": "nope", "nodes": { "a": { "kind": "end" } } }""");

        var ex = await Assert.ThrowsAsync<WorkflowInvalidException>(() => harness.Client.PrepareAsync(file, null));
        Assert.Contains(ex.Diagnostics, d => d.Code == "AF201");
    }

    [Fact]
    public async Task Editing_the_file_mid_run_does_not_change_the_run()
    {
        const string Template = """
            { "name": "pinned", "start": "gate",
              "nodes": { "gate": { "kind": "approval", "approvers": ["user:ana"], "next": "result" },
                         "result": { "kind": "set", "values": { "version": "VERSION" } } } }
            """;
        var file = harness.Write("pinned.json", Template.Replace("VERSION", "one", StringComparison.Ordinal));
        var first = await harness.StartAsync(file);
        await harness.UntilAsync(first, r => r.Status == RunStatus.Waiting);

        File.WriteAllText(file, Template.Replace("VERSION", "two", StringComparison.Ordinal));
        var second = await harness.StartAsync(file);
        await harness.UntilAsync(second, r => r.Status == RunStatus.Waiting);
        foreach (var run in new[] { first, second })
        {
            await harness.Client.RaiseEventAsync(run, "approval:gate", new ApprovalDecision(true, "ana"));
        }

        Assert.Equal("one", (await harness.UntilAsync(first, r => r.IsFinished)).Output!["version"]!.GetValue<string>());
        Assert.Equal("two", (await harness.UntilAsync(second, r => r.IsFinished)).Output!["version"]!.GetValue<string>());
        Assert.NotEqual((await harness.Client.GetAsync(first))!.Progress!.Pin, (await harness.Client.GetAsync(second))!.Progress!.Pin);
    }

    [Fact]
    public async Task Cancel_ends_a_waiting_run_and_purge_removes_it()
    {
        var file = harness.Write("cancel.json", """
            { "name": "cancelled", "start": "w", "nodes": { "w": { "kind": "wait", "for": "P1D" } } }
            """);
        var runId = await harness.StartAsync(file);
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        await harness.Client.CancelAsync(runId, "not needed");
        var run = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Canceled, run.Status);
        Assert.Equal("cancelled: not needed", run.Error);
        Assert.Contains(await harness.Client.ListAsync(new RunQuery { Status = RunStatus.Canceled }), r => r.RunId == runId);

        await harness.Client.PurgeAsync(runId);
        Assert.Null(await harness.Client.GetAsync(runId));
    }
}
