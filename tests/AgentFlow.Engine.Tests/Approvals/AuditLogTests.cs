using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

public sealed class AuditLogTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();
    private readonly AuditLog _log;

    public AuditLogTests() => _log = _folder.NewLog();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AppendAsync_FirstRecords_ChainFromZerosWithContiguousSequence()
    {
        var shown = new JsonObject { ["subject"] = "Draft", ["n"] = 1 };

        var first = await _log.AppendAsync(new AuditEntry(AuditKinds.Decision, "run-1", "review", "ana", "approved", "ok", shown,
            new JsonObject { ["subject"] = "Final" }), CancellationToken.None);
        var second = await _log.AppendAsync(new AuditEntry(AuditKinds.Refusal, "run-1", "review", "bob", Reason: "not an approver"), CancellationToken.None);

        Assert.Equal((1L, AuditLog.GenesisHash), (first.Sequence, first.PreviousHash));
        Assert.Equal((2L, first.Hash), (second.Sequence, second.PreviousHash));
        Assert.Equal(AuditLog.HashOf(shown), first.ShownHash);
        Assert.Equal(DateTimeKind.Utc, first.Time.Kind);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Fact]
    public async Task ReadAsync_ByRun_ReturnsThatRunsRecordsInOrder()
    {
        foreach (var (run, decision) in new[] { ("a", "approved"), ("b", "rejected"), ("a", "done") })
        {
            await _log.AppendAsync(new AuditEntry(AuditKinds.Decision, run, "review", "ana", decision), CancellationToken.None);
        }

        var reopened = _folder.NewLog();
        var runA = await reopened.ReadAsync("a", CancellationToken.None);
        var all = await reopened.ReadAsync(null, CancellationToken.None);

        Assert.Equal(["approved", "done"], runA.Select(r => r.Decision));
        Assert.Equal([1L, 3L], runA.Select(r => r.Sequence));
        Assert.Equal(3, all.Count);
        Assert.Empty(await reopened.ReadAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_RoundTrip_KeepsEveryField()
    {
        var time = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);
        var appended = await _log.AppendAsync(new AuditEntry(AuditKinds.Decision, "r", "n", "ana", "approved", "line\n\"quoted\" é",
            new JsonObject { ["a"] = 1.5 }, new JsonObject { ["a"] = 2 }, null, time), CancellationToken.None);

        var read = Assert.Single(await _log.ReadAsync(null, CancellationToken.None));

        Assert.Equal((appended.Time, appended.Comment, appended.Hash), (read.Time, read.Comment, read.Hash));
        Assert.Equal(appended.Shown!.ToJsonString(), read.Shown!.ToJsonString());
        Assert.True((await _log.VerifyAsync(CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task AppendAsync_FiftyFromFourConcurrentTasks_ChainVerifies()
    {
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            for (var i = t; i < 50; i += 4)
            {
                await _log.AppendAsync(new AuditEntry(AuditKinds.Decision, $"run-{t}", "review", "ana", "approved", $"#{i}"), CancellationToken.None);
            }
        }));
        await Task.WhenAll(tasks);

        var verification = await _log.VerifyAsync(CancellationToken.None);
        var records = await _log.ReadAsync(null, CancellationToken.None);

        Assert.Equal((AuditVerificationStatus.Intact, 50L, new AuditHead(50, records[^1].Hash)), (verification.Status, verification.Records, verification.Head));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), records.Select(r => r.Sequence));
    }

    [Fact]
    public async Task AppendAsync_UnknownKind_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _log.AppendAsync(new AuditEntry("approval", "r", "n"), CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_NoFile_IsOkWithNoRecords()
    {
        var result = await _log.VerifyAsync(CancellationToken.None);

        Assert.Equal((AuditVerificationStatus.Intact, 0L, null), (result.Status, result.Records, result.Problem));
        Assert.False(File.Exists(_folder.KeyFile));
    }

    [Fact]
    public void HashOf_DifferentKeyOrder_IsEqual()
    {
        var a = JsonNode.Parse("""{ "b": [1, { "y": "é", "x": null }], "a": "t\u00e9xt" }""");
        var b = new JsonObject { ["a"] = "téxt", ["b"] = new JsonArray(1, new JsonObject { ["x"] = null, ["y"] = "é" }) };

        Assert.Equal(AuditLog.HashOf(a), AuditLog.HashOf(b));
        Assert.NotEqual(AuditLog.HashOf(a), AuditLog.HashOf(new JsonObject { ["a"] = "text", ["b"] = new JsonArray(1) }));
        Assert.Matches("^[0-9a-f]{64}$", AuditLog.HashOf(null));
    }

    [Fact]
    public void HashOf_ArrayOrder_Matters()
    {
        Assert.NotEqual(AuditLog.HashOf(new JsonArray(1, 2)), AuditLog.HashOf(new JsonArray(2, 1)));
    }
}
