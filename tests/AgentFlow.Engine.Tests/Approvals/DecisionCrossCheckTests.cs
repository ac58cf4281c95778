using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>Decisions recorded in run histories against the decision records of the log.</summary>
public sealed class DecisionCrossCheckTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();
    private readonly AuditLog _log;

    public DecisionCrossCheckTests() => _log = _folder.NewLog();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RunAsync_EveryRecordedDecisionLogged_IsOk()
    {
        await DecideAsync("r1", "review", "ana", "approved");
        await DecideAsync("r1", "review", "bob", "rejected");

        var result = await DecisionCrossCheck.RunAsync(_log, Source(new("r1", "review", "ana", "approved"), new("r1", "review", "bob", "rejected")));

        Assert.True(result.Ok);
        Assert.Equal(2, result.Checked);
    }

    [Fact]
    public async Task RunAsync_DecisionInARunButNotInTheLog_IsReportedMissing()
    {
        await DecideAsync("r1", "review", "ana", "approved");
        await _log.AppendAsync(new AuditEntry(AuditKinds.Refusal, "r2", "review", "bob", Reason: "not an approver"));

        var result = await DecisionCrossCheck.RunAsync(_log, Source(new("r1", "review", "ana", "approved"), new("r2", "review", "bob", "approved")));

        Assert.Equal([new RecordedDecision("r2", "review", "bob", "approved")], result.Missing);
    }

    [Fact]
    public async Task RunAsync_OtherDecisionByTheSameOperator_DoesNotMatch()
    {
        await DecideAsync("r1", "review", "ana", "rejected");

        var result = await DecisionCrossCheck.RunAsync(_log, Source(new RecordedDecision("r1", "review", "ana", "approved")));

        Assert.Single(result.Missing);
    }

    [Fact]
    public async Task RunAsync_NodeDecidedTwiceInALoop_NeedsTwoRecords()
    {
        await DecideAsync("r1", "review", "ana", "approved");

        var result = await DecisionCrossCheck.RunAsync(_log, Source(new("r1", "review", "ana", "approved"), new("r1", "review", "ana", "approved")));

        Assert.Equal((2, 1), (result.Checked, result.Missing.Count));
    }

    [Fact]
    public async Task RunAsync_MapChunkDecisionLoggedUnderItsInstance_Matches()
    {
        await DecideAsync("r1:items.1.part0", "items[3].review", "ana", "approved");

        var result = await DecisionCrossCheck.RunAsync(_log, Source(new RecordedDecision("r1", "items[3].review", "ana", "approved", "r1:items.1.part0")));

        Assert.True(result.Ok);
    }

    private Task<AuditRecord> DecideAsync(string run, string node, string op, string decision) =>
        _log.AppendAsync(new AuditEntry(AuditKinds.Decision, run, node, op, decision));

    private static FixedSource Source(params RecordedDecision[] decisions) => new(decisions);

    private sealed class FixedSource(RecordedDecision[] decisions) : IRecordedDecisionSource
    {
        public async IAsyncEnumerable<RecordedDecision> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var decision in decisions)
            {
                await Task.Yield();
                yield return decision;
            }
        }
    }
}
