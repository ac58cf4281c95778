using System.Text.Json.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Replay;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Replay;

/// <summary>What a replay refuses before it starts anything, and why.</summary>
public sealed class ReplayRefusalTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    [Fact]
    public async Task A_waiting_run_is_refused_with_what_to_do()
    {
        var runId = await harness.StartAsync(harness.Write("waits.json", ReplayWorkflows.Draft), new JsonObject { ["topic"] = "waves" });
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);

        var refused = await Assert.ThrowsAsync<ReplayRefusedException>(() => harness.Client.ReplayAsync(new ReplayRequest(runId)));

        Assert.Equal(ReplayRefusal.NotReplayable, refused.Refusal);
        Assert.Contains($"run '{runId}' is waiting (approval at 'review')", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"agentflow approve|reject {runId} NODE", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_that_breaks_the_workflow_names_the_assignment_and_starts_nothing()
    {
        var source = await harness.RunAsync(harness.Write("plain.json", ReplayWorkflows.FanoutChild), new JsonObject { ["n"] = 1 });
        var before = await harness.Client.ListAsync(new RunQuery());

        var invalid = await Assert.ThrowsAsync<WorkflowInvalidException>(() => harness.Client.ReplayAsync(new ReplayRequest(source.RunId, Set: ["nodes.poke.next=nowhere"])));
        var malformed = await Assert.ThrowsAsync<ReplayRefusedException>(() => harness.Client.ReplayAsync(new ReplayRequest(source.RunId, Set: ["nodes.poke.args"])));

        var error = Assert.Single(invalid.Diagnostics);
        Assert.Contains("[from --set nodes.poke.next=nowhere]", error.Message, StringComparison.Ordinal);
        Assert.Contains("--set nodes.poke.next=nowhere", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(ReplayRefusal.BadRequest, malformed.Refusal);
        Assert.StartsWith("--set nodes.poke.args: ", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(before.Count, (await harness.Client.ListAsync(new RunQuery())).Count);
    }

    [Fact]
    public async Task An_unknown_model_or_from_node_is_refused_naming_what_exists()
    {
        var source = await harness.RunAsync(harness.Write("plain2.json", ReplayWorkflows.FanoutChild), new JsonObject { ["n"] = 2 });

        var model = await Assert.ThrowsAsync<ReplayRefusedException>(() => harness.Client.ReplayAsync(new ReplayRequest(source.RunId, Model: "gpt-9")));
        var from = await Assert.ThrowsAsync<ReplayRefusedException>(() => harness.Client.ReplayAsync(new ReplayRequest(source.RunId, From: "pook")));

        Assert.Equal("--model gpt-9: the workflow declares no model 'gpt-9' (it declares: none); name one of them, or add one with --set models.gpt-9={\"provider\":\"...\",\"model\":\"...\"}", model.Message);
        Assert.Equal("--from pook: workflow 'fanout-child' has no node 'pook'; its nodes are: poke", from.Message);
    }

    [Fact]
    public async Task Model_makes_every_agent_use_it_and_forks_at_the_first_llm()
    {
        var file = harness.Write("model.json", ReplayWorkflows.Draft);
        var runId = await harness.StartAsync(file, new JsonObject { ["topic"] = "sand" });
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        await harness.Client.RaiseEventAsync(runId, "approval:review", new ApprovalDecision(true, "ana"));
        await harness.UntilAsync(runId, r => r.IsFinished);

        var start = await harness.Client.ReplayAsync(new ReplayRequest(runId, Model: "other"));
        var fork = await harness.UntilAsync(start.RunId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, fork.Status);
        Assert.Equal("other", fork.Fork!.Model);
        Assert.Equal(["draft"], fork.Fork.ForkAt);
    }
}
