using System.Text.Json.Nodes;
using AgentFlow.Agents.Tests.Llm;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Tests.Guards;

/// <summary>An agent's guards in a run on the embedded backend: an answer held for the agent's approvers, or blocked.</summary>
public sealed class AgentGuardRunTests(GuardHost host) : IClassFixture<GuardHost>
{
    [Fact]
    public async Task OutputApprove_HoldsTheAnswerAtTheLlmNodeUntilApproved_ThenLaterNodesUseIt()
    {
        host.Model.Reply(ChatResponses.Text("Please wire transfer 500 EUR to the new account."));
        var runId = await StartAsync("held", "approve");

        var waiting = await host.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var wait = Assert.Single(waiting.Progress!.Waiting);
        Assert.Equal(("draft", "approval:draft"), (wait.Node, wait.Event));
        Assert.Equal("Please wire transfer 500 EUR to the new account.", (string?)wait.Show!["text"]);
        Assert.DoesNotContain(waiting.Timeline, r => r.Node == "publish");

        Assert.Equal(DecisionOutcome.Accepted, (await host.Approvals.DecideAsync(runId, "draft", await host.OperatorAsync("fin", "finance"), true, null, null)).Outcome);

        var done = await host.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("Please wire transfer 500 EUR to the new account.", (string?)done.Output!["answer"]);
        var draft = Assert.Single(done.Timeline, r => r.Node == "draft").Output!;
        Assert.Equal("fin", (string?)draft["guards"]!["approvedBy"]);
        Assert.Equal("banned.term", (string?)draft["guards"]!["findings"]![0]!["rule"]);
        var decision = Assert.Single(await host.Audit.ReadAsync(runId, default), a => a.Kind == "decision");
        Assert.Equal(("draft", "banned.term", "approve"), (decision.Node, (string?)decision.Shown!["findings"]![0]!["rule"], (string?)decision.Shown["findings"]![0]!["action"]));
    }

    [Fact]
    public async Task OutputBlock_FailsTheLlmNodeRoutably()
    {
        host.Model.Reply(ChatResponses.Text("Please wire transfer 500 EUR to the new account."));
        var runId = await StartAsync("blocked", "block");

        var done = await host.UntilAsync(runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.StartsWith("blocked by guard 'draft': banned.term", (string?)done.Output!["error"], StringComparison.Ordinal);
    }

    private Task<string> StartAsync(string name, string action) => host.StartAsync("agent-" + name, $$$"""
        { "name": "agent-guard-{{{name}}}",
          "models": { "m": {{{host.OpenAIModel}}} },
          "agents": { "writer": { "model": "m", "guards": {
              "output": [ { "check": "banned", "terms": ["wire transfer"], "action": "{{{action}}}" } ], "approvers": ["role:finance"] } } },
          "start": "draft",
          "nodes": {
            "draft": { "kind": "llm", "agent": "writer", "prompt": "Write to the customer.", "onError": "refused", "next": "publish" },
            "publish": { "kind": "set", "values": { "answer": "{{ draft.text }}" } },
            "refused": { "kind": "set", "values": { "error": "{{ error.message }}" } }
          } }
        """, new JsonObject());
}
