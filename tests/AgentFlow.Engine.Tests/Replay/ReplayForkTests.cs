using System.Text.Json.Nodes;
using AgentFlow.Engine.Replay;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Replay;

/// <summary>Replay forks on the embedded backend: what they reuse, re-run and skip, and how they compare with their source.</summary>
public sealed class ReplayForkTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    [Fact]
    public async Task Changed_prompt_reruns_that_llm_reuses_tools_and_approval_and_calls_no_tool_again()
    {
        var source = await ApprovedDraftAsync("tides");
        var effects = Effects();

        var fork = await ReplayAsync(new ReplayRequest(source.RunId, Set: ["nodes.draft.prompt=a short draft about {{ inputs.topic }}"]));

        Assert.Equal(RunStatus.Completed, fork.Status);
        Assert.Equal(effects, Effects());
        Assert.Equal(["draft"], fork.Fork!.ForkAt);
        Assert.Equal(source.RunId, fork.Fork.SourceRun);
        Assert.Equal("A SHORT DRAFT ABOUT TIDES", fork.Output!["text"]!.GetValue<string>());
        Assert.Equal([ReplayMode.Reused, null, ReplayMode.Reused, ReplayMode.Reused, null], fork.Timeline.Select(r => r.Replay));
        Assert.Equal("A SHORT DRAFT ABOUT TIDES", fork.Timeline[2].Output!["values"]!["text"]!.GetValue<string>());
        Assert.Equal("ana", fork.Timeline[2].Output!["by"]!.GetValue<string>());

        var diff = await harness.Client.DiffAsync(fork.RunId);
        Assert.Equal(source.RunId, diff.Original);
        Assert.Equal(
            ["before same", "draft changed", "review changed", "send same", "done same"],
            diff.Nodes.Select(n => $"{n.Node} {Status(n.Status)}"));
        var draft = diff.Nodes.Single(n => n.Node == "draft");
        Assert.Equal("text", Assert.Single(draft.Changes).Path);
        Assert.Equal("DRAFT ABOUT TIDES", draft.Changes[0].Original!.GetValue<string>());
        Assert.True(diff.Nodes.Single(n => n.Node == "send").InputChanged);
        Assert.Equal(DiffStatus.Changed, diff.OutputStatus);
        Assert.Equal("text", Assert.Single(diff.OutputChanges).Path);
    }

    [Fact]
    public async Task From_a_middle_node_reuses_everything_before_it_even_a_changed_llm()
    {
        var source = await ApprovedDraftAsync("reefs");
        var effects = Effects();

        var fork = await ReplayAsync(new ReplayRequest(source.RunId, From: "review", Set: ["nodes.draft.prompt=something else entirely"]));

        Assert.Equal(RunStatus.Completed, fork.Status);
        Assert.Equal(effects, Effects());
        Assert.Equal("review", fork.Fork!.From);
        Assert.Equal("DRAFT ABOUT REEFS", fork.Output!["text"]!.GetValue<string>());
        Assert.Equal(ReplayMode.Reused, fork.Timeline.Single(r => r.Node == "draft").Replay);
        var diff = await harness.Client.DiffAsync(fork.RunId);
        Assert.All(diff.Nodes, n => Assert.Equal(DiffStatus.Same, n.Status));
        Assert.Equal(DiffStatus.Same, diff.OutputStatus);
    }

    [Fact]
    public async Task A_path_the_source_did_not_take_skips_its_tool_with_wouldCall()
    {
        var file = harness.Write("whatif-rejected.json", ReplayWorkflows.Draft);
        var runId = await harness.StartAsync(file, new JsonObject { ["topic"] = "kelp" });
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(false, "ana", "not now"));
        var source = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.DoesNotContain(source.Timeline, r => r.Node == "send");
        var effects = Effects();

        var fork = await ReplayAsync(new ReplayRequest(runId, Set: ["nodes.review.next=send"]));

        Assert.Equal(RunStatus.Completed, fork.Status);
        Assert.Equal(effects, Effects());
        var send = fork.Timeline.Single(r => r.Node == "send");
        Assert.Equal(ReplayMode.Skipped, send.Replay);
        Assert.True(send.Output!["skipped"]!.GetValue<bool>());
        Assert.Equal("count", send.Output["wouldCall"]!["tool"]!.GetValue<string>());
        Assert.Equal("DRAFT ABOUT KELP", send.Output["wouldCall"]!["args"]!["text"]!.GetValue<string>());
        Assert.False(fork.Timeline.Single(r => r.Node == "review").Output!["approved"]!.GetValue<bool>());
        var diff = await harness.Client.DiffAsync(fork.RunId);
        Assert.Equal(DiffStatus.OnlyInFork, diff.Nodes.Single(n => n.Node == "send").Status);
    }

    [Fact]
    public async Task Map_items_and_sub_runs_reuse_their_recorded_tool_calls()
    {
        harness.Write("fanout-child.json", ReplayWorkflows.FanoutChild);
        var source = await harness.RunAsync(harness.Write("fanout.json", ReplayWorkflows.Fanout));
        Assert.Equal(RunStatus.Completed, source.Status);
        var effects = Effects();

        var fork = await ReplayAsync(new ReplayRequest(source.RunId, Set: ["nodes.each.do.nodes.say.prompt=shout {{ it }}"]));

        Assert.Equal(RunStatus.Completed, fork.Status);
        Assert.Equal(effects, Effects());
        Assert.Equal(["SHOUT X", "SHOUT Y", "SHOUT Z"], fork.Output!["said"]!.AsArray().Select(i => i!["text"]!.GetValue<string>()));
        Assert.Equal(source.Output!["child"]!.ToJsonString(), fork.Output["child"]!.ToJsonString());
        var diff = await harness.Client.DiffAsync(fork.RunId);
        Assert.Equal(DiffStatus.Same, diff.Nodes.Single(n => n.Node == "each[1].touch").Status);
        Assert.Equal(DiffStatus.Changed, diff.Nodes.Single(n => n.Node == "each[1].say").Status);
        Assert.Equal(DiffStatus.Same, diff.Nodes.Single(n => n.Node.EndsWith("/poke", StringComparison.Ordinal)).Status);
    }

    private async Task<RunInfo> ApprovedDraftAsync(string topic)
    {
        var file = harness.Write($"whatif-{topic}.json", ReplayWorkflows.Draft);
        var runId = await harness.StartAsync(file, new JsonObject { ["topic"] = topic });
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "ana", "fine"));
        var run = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Completed, run.Status);
        return run;
    }

    private async Task<RunInfo> ReplayAsync(ReplayRequest request)
    {
        var start = await harness.Client.ReplayAsync(request);
        return await harness.UntilAsync(start.RunId, r => r.IsFinished || r.Status == RunStatus.Waiting);
    }

    private string[] Effects() => File.Exists(harness.SideEffects) ? File.ReadAllLines(harness.SideEffects) : [];

    private static string Status(DiffStatus status) => System.Text.Json.JsonSerializer.Serialize(status).Trim('"');
}
