using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>Decisions read from the embedded backend's run histories: top-level runs, sub-runs and waiting approvals.</summary>
public sealed class RunHistoryDecisionSourceTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    private const string Gate = """
        { "name": "gate", "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "quorum": @Q, "show": { "amount": 100 }, "next": "done" },
                     "done": { "kind": "set", "values": { "by": "{{ review.by }}" } } } }
        """;

    private static readonly Operator Bob = new("bob", ["finance"], null, DateTime.UtcNow);

    [Fact]
    public async Task CrossCheck_DecisionInARunHistoryButNotInTheLog_IsReportedMissing()
    {
        var audited = await StartWaitingAsync("gate-audited.json");
        var bypassed = await StartWaitingAsync("gate-bypassed.json");
        Assert.Equal(DecisionOutcome.Accepted, (await new ApprovalService(harness.Client, harness.Audit).DecideAsync(audited, "review", Bob, true, null, null)).Outcome);
        await harness.Client.RaiseEventAsync(bypassed, RunNames.ApprovalPrefix + "review", new ApprovalDecision(true, "bob", Roles: ["finance"]));
        await harness.UntilAsync(audited, r => r.IsFinished);
        await harness.UntilAsync(bypassed, r => r.IsFinished);

        var result = await DecisionCrossCheck.RunAsync(harness.Audit, new RunHistoryDecisionSource(harness.Host));

        Assert.Equal([new RecordedDecision(bypassed, "review", "bob", "approved")], result.Missing.Where(m => m.RunId == audited || m.RunId == bypassed));
    }

    [Fact]
    public async Task ReadAsync_ApprovalInASubRun_YieldsItUnderTheRunAndNodePathAUserSees()
    {
        harness.Write("gate-child.json", Gate.Replace("@Q", "1", StringComparison.Ordinal));
        var parent = await harness.StartAsync(harness.Write("gate-parent.json", """
            { "name": "gate-parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "gate-child.json" } } }
            """));
        var child = $"{parent}:call.1";
        await harness.UntilAsync(child, r => r.Status == RunStatus.Waiting);
        await harness.Client.RaiseEventAsync(child, RunNames.ApprovalPrefix + "review", new ApprovalDecision(false, "bob", Roles: ["finance"]));
        await harness.UntilAsync(parent, r => r.IsFinished);

        var decisions = await ReadAllAsync();

        Assert.Contains(new RecordedDecision(parent, "call.review", "bob", "rejected", child, "review"), decisions);
        Assert.DoesNotContain(decisions, d => d.RunId == child);
    }

    [Fact]
    public async Task ReadAsync_ApprovalWaitingForQuorum_YieldsTheVotesCountedSoFar()
    {
        var runId = await StartWaitingAsync("gate-quorum.json", quorum: 2);
        await harness.Client.RaiseEventAsync(runId, RunNames.ApprovalPrefix + "review", new ApprovalDecision(true, "bob", Roles: ["finance"]));
        await harness.UntilAsync(runId, r => r.Progress?.Waiting.FirstOrDefault()?.Votes?.Count == 1);

        Assert.Equal([new RecordedDecision(runId, "review", "bob", "approved")], (await ReadAllAsync()).Where(d => d.RunId == runId));
    }

    private async Task<string> StartWaitingAsync(string name, int quorum = 1)
    {
        var runId = await harness.StartAsync(harness.Write(name, Gate.Replace("@Q", quorum.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        return runId;
    }

    private async Task<List<RecordedDecision>> ReadAllAsync()
    {
        var all = new List<RecordedDecision>();
        await foreach (var decision in new RunHistoryDecisionSource(harness.Host).ReadAsync())
        {
            all.Add(decision);
        }

        return all;
    }
}
