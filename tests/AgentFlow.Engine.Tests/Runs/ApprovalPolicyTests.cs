using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>The approval policy end to end on the embedded backend: who may decide, quorum, duplicates, edits, timeouts, escalation, audit.</summary>
public sealed class ApprovalPolicyTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    private const string Refund = """
        { "name": "refund", "inputs": { "amount": { "type": "number" } }, "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:finance", "user:alice"], "quorum": @Q,
                                 "show": { "amount": "{{ inputs.amount }}", "note": "refund" }, "timeout": "@T", "onTimeout": "@O",
                                 "escalate": { "after": "@A", "to": ["role:lead"] },
                                 "next": [ { "when": "review.approved", "to": "pay" }, { "to": "no" } ] },
                     "pay": { "kind": "set", "values": { "paid": "{{ review.values.amount }}", "by": "{{ review.by }}" } },
                     "no": { "kind": "set", "values": { "declined": "{{ review.decision }}" } } } }
        """;

    [Fact]
    public async Task Quorum_needs_distinct_approvers_and_a_duplicate_counts_once()
    {
        var (service, runId) = await StartAsync("quorum", quorum: 2);
        var alice = await OperatorAsync("alice", "ops");
        var bob = await OperatorAsync("bob", "finance");

        Assert.Equal(DecisionOutcome.Accepted, (await service.DecideAsync(runId, "review", alice, true, "ok", null)).Outcome);
        await harness.UntilAsync(runId, r => Votes(r) == 1);
        var again = await service.DecideAsync(runId, "review", alice, true, "again", null);
        Assert.Equal(DecisionOutcome.Duplicate, again.Outcome);
        Assert.Equal(RunStatus.Waiting, (await harness.Client.GetAsync(runId))!.Status);

        Assert.Equal(DecisionOutcome.Accepted, (await service.DecideAsync(runId, "review", bob, true, null, null)).Outcome);
        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal("alice, bob", done.Output!["by"]!.GetValue<string>());
        Assert.Equal(2, (await harness.Audit.ReadAsync(runId, default)).Count(r => r.Kind == "decision"));
    }

    [Fact]
    public async Task One_rejection_rejects_even_after_an_approval()
    {
        var (service, runId) = await StartAsync("reject", quorum: 2);
        await service.DecideAsync(runId, "review", await OperatorAsync("carol", "finance"), true, null, null);
        await harness.UntilAsync(runId, r => Votes(r) == 1);
        await service.DecideAsync(runId, "review", await OperatorAsync("dave", "finance"), false, "policy", null);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal("rejected", done.Output!["declined"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unauthorised_operator_is_refused_and_the_refusal_is_audited()
    {
        var (service, runId) = await StartAsync("unauthorised", quorum: 1);
        var result = await service.DecideAsync(runId, "review", await OperatorAsync("mallory", "sales"), true, null, null);

        Assert.Equal(DecisionOutcome.Refused, result.Outcome);
        Assert.Contains("is not an approver of 'review'", result.Message, StringComparison.Ordinal);
        var record = Assert.Single(await harness.Audit.ReadAsync(runId, default));
        Assert.Equal(("refusal", "mallory"), (record.Kind, record.Operator));
        Assert.Equal(RunStatus.Waiting, (await harness.Client.GetAsync(runId))!.Status);
    }

    [Fact]
    public async Task Edits_before_approving_flow_into_the_next_node_with_their_type()
    {
        var (service, runId) = await StartAsync("edits", quorum: 1);
        var result = await service.DecideAsync(runId, "review", await OperatorAsync("erin", "finance"), true, null, new JsonObject { ["amount"] = "80" });
        Assert.Equal(DecisionOutcome.Accepted, result.Outcome);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(80, done.Output!["paid"]!.GetValue<int>());
        var audit = Assert.Single(await harness.Audit.ReadAsync(runId, default));
        Assert.Equal(100, audit.Shown!["amount"]!.GetValue<int>());
        Assert.Equal(80, audit.Edits!["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_decision_after_the_timeout_is_refused_with_the_reason()
    {
        var (service, runId) = await StartAsync("late", quorum: 1, timeout: "PT0.5S", onTimeout: "reject", untilWaiting: false);
        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal("timeout", done.Output!["declined"]!.GetValue<string>());

        var late = await service.DecideAsync(runId, "review", await OperatorAsync("frank", "finance"), true, null, null);
        Assert.Equal(DecisionOutcome.Refused, late.Outcome);
        Assert.Contains("'review' timed out at", late.Message, StringComparison.Ordinal);
        Assert.Contains(await harness.Audit.ReadAsync(runId, default), r => r.Kind == "timeout" && r.Decision == "rejected");
    }

    [Fact]
    public async Task Before_the_timeout_an_escalation_approver_is_refused()
    {
        // The timeout is a day away, so the refusal cannot race the escalation however slow the machine is.
        var (service, runId) = await StartAsync("before-escalation", quorum: 1, timeout: "P1D", onTimeout: "escalate");
        var lead = await OperatorAsync("heidi", "lead");

        Assert.Equal(DecisionOutcome.Refused, (await service.DecideAsync(runId, "review", lead, true, null, null)).Outcome);
        Assert.False((await harness.Client.GetAsync(runId))!.Progress!.Waiting.Single().Escalated);
    }

    [Fact]
    public async Task Escalation_adds_approvers_after_the_timeout_and_they_can_decide()
    {
        // Escalates at once, then gives the added approvers a day: the test waits on the escalation, not on a clock.
        // The lead exists before the run starts, so the escalation, however early, finds her address to notify.
        var lead = await OperatorAsync("grace", "lead", "grace@example.com");
        var (service, runId) = await StartAsync("escalate", quorum: 1, timeout: "PT0.1S", onTimeout: "escalate", untilWaiting: false);

        await harness.UntilAsync(runId, r => r.Progress?.Waiting.FirstOrDefault()?.Escalated == true);
        Assert.Equal(DecisionOutcome.Accepted, (await service.DecideAsync(runId, "review", lead, true, "escalated ok", null)).Outcome);

        var done = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal("grace", done.Output!["by"]!.GetValue<string>());
        Assert.Contains(await harness.Audit.ReadAsync(runId, default), r => r.Kind == "escalation");
        var mail = Directory.GetFiles(Path.Combine(harness.Directory, "outbox"), "*.eml").Select(File.ReadAllText);
        Assert.Contains(mail, m => m.Contains("grace@example.com", StringComparison.Ordinal) && m.Contains(runId, StringComparison.Ordinal));
    }

    private static int Votes(RunInfo run) => run.Progress?.Waiting.FirstOrDefault()?.Votes?.Count ?? 0;

    private async Task<(ApprovalService Service, string RunId)> StartAsync(string name, int quorum, string timeout = "P1D", string onTimeout = "reject", bool untilWaiting = true, string escalateAfter = "P1D")
    {
        var file = harness.Write($"{name}.json", Refund
            .Replace("@Q", quorum.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@T", timeout, StringComparison.Ordinal)
            .Replace("@O", onTimeout, StringComparison.Ordinal)
            .Replace("@A", escalateAfter, StringComparison.Ordinal));
        var runId = await harness.StartAsync(file, new JsonObject { ["amount"] = 100 });
        if (untilWaiting)
        {
            await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        }

        return (new ApprovalService(harness.Client, harness.Audit), runId);
    }

    private async Task<Operator> OperatorAsync(string name, string role, string? email = null) =>
        (await harness.Operators.GetAsync(name, default)) ?? (await harness.Operators.AddAsync(name, [role], email, harness.AdminToken)).Operator;
}
