using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>
/// What every <see cref="IAuditStorage"/> must give the <see cref="AuditLog"/> over it: one unbroken chain however many
/// writers append at once, and every kind of tampering with its stored lines evident. One derived class per storage.
/// </summary>
public abstract class AuditStorageContractTests : IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource _hangGuard = new(TimeSpan.FromMinutes(5));

    /// <summary>The data dir and, beside it, the audit key.</summary>
    protected AuditTestFolder Folder { get; } = new();

    /// <summary>A hang guard for every call.</summary>
    protected CancellationToken Token => _hangGuard.Token;

    /// <summary>A new storage object over the same stored log, as another process would open it.</summary>
    protected abstract IAuditStorage OpenStorage();

    /// <summary>Rewrites the stored line of <paramref name="sequence"/> behind the log's back.</summary>
    protected abstract Task EditLineAsync(long sequence, Func<string, string> edit);

    /// <summary>Removes the stored line of <paramref name="sequence"/> behind the log's back.</summary>
    protected abstract Task DeleteLineAsync(long sequence);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        Folder.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangGuard.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AppendAsync_FourWritersTwentyFiveEachAtOnce_OneUnbrokenChainWithEveryRecordOnce()
    {
        var logs = Enumerable.Range(0, 4).Select(_ => OpenLog()).ToList();
        using var start = new SemaphoreSlim(0);
        var writers = logs.Select((log, w) => Task.Run(async () =>
        {
            await start.WaitAsync(Token);
            for (var i = 0; i < 25; i++)
            {
                await log.AppendAsync(new AuditEntry(AuditKinds.Decision, $"run-{w}", "review", "ana", "approved", $"w{w}-{i}"), Token);
            }
        })).ToList();
        start.Release(writers.Count);
        await Task.WhenAll(writers);

        var reader = OpenLog();
        var verification = await reader.VerifyAsync(Token);
        var records = await reader.ReadAsync(null, Token);

        Assert.Equal((AuditVerificationStatus.Intact, 100L, null, null), (verification.Status, verification.Records, verification.Problem, verification.Note));
        Assert.Equal(new AuditHead(100, records[^1].Hash), verification.Head);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), records.Select(r => r.Sequence));
        var expected = Enumerable.Range(0, 4).SelectMany(w => Enumerable.Range(0, 25).Select(i => $"w{w}-{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, records.Select(r => r.Comment!).Order(StringComparer.Ordinal));
        foreach (var w in Enumerable.Range(0, 4))
        {
            // Each writer's own records are in the order it appended them.
            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"w{w}-{i}"), records.Where(r => r.RunId == $"run-{w}").Select(r => r.Comment));
        }
    }

    [Fact]
    public async Task VerifyAsync_WhileWritersAppend_NeverReportsAProblem()
    {
        await AppendDecisionsAsync(1);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var log = OpenLog();
            for (var i = 0; i < 8; i++)
            {
                await log.AppendAsync(new AuditEntry(AuditKinds.Decision, $"run-{w}", "review", "ana", "approved", $"w{w}-{i}"), Token);
            }
        })).ToList();
        var all = Task.WhenAll(writers);
        var results = new List<AuditVerification>();
        var reader = OpenLog();
        do
        {
            results.Add(await reader.VerifyAsync(Token));
        }
        while (!all.IsCompleted);
        await all;

        Assert.All(results, r => Assert.True(r.Status == AuditVerificationStatus.Intact, r.Problem));
        Assert.Equal(17, (await reader.VerifyAsync(Token)).Records);
    }

    [Fact]
    public async Task AppendAsync_LargeShownValues_ReadBackAndVerify()
    {
        var shown = new JsonObject { ["body"] = new string('x', 100_000) + "é\"\n" };
        var appended = await OpenLog().AppendAsync(new AuditEntry(AuditKinds.Decision, "run", "review", "ana", "approved", "big", shown), Token);
        await OpenLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), Token);

        var log = OpenLog();
        var read = await log.ReadAsync(null, Token);

        Assert.Equal(shown.ToJsonString(), read[0].Shown!.ToJsonString());
        Assert.Equal(appended.Hash, read[0].Hash);
        Assert.True((await log.VerifyAsync(Token)).Ok);
    }

    [Fact]
    public async Task VerifyAsync_EditedRecord_ReportsHashMismatchAtThatRecord()
    {
        await AppendDecisionsAsync(5);
        await EditLineAsync(3, line => line.Replace("\"approved\"", "\"rejected\"", StringComparison.Ordinal));

        var result = await OpenLog().VerifyAsync(Token);

        AssertTampered(result, 3, "line 3 (sequence 3): hash does not match its content (the record was edited)");
        Assert.Equal(2, result.Records);
    }

    [Fact]
    public async Task VerifyAsync_MiddleRecordDeleted_ReportsTheGap()
    {
        await AppendDecisionsAsync(5);
        await DeleteLineAsync(3);

        var result = await OpenLog().VerifyAsync(Token);

        AssertTampered(result, 4, "line 3 (sequence 4): sequence 2 is followed by 4: the record with sequence 3 was deleted");
    }

    [Fact]
    public async Task VerifyAsync_NewestRecordsDeleted_ReportsThemAgainstTheHead()
    {
        await AppendDecisionsAsync(5);
        await DeleteLineAsync(5);
        await DeleteLineAsync(4);

        var result = await OpenLog().VerifyAsync(Token);

        AssertTampered(result, null, $"the log ends at sequence 3, but its head in {OpenStorage().HeadLocation} records sequence 5: the last 2 records (sequences 4 to 5) were deleted");
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public async Task VerifyAsync_EveryRecordDeleted_ReportsItAgainstTheHead()
    {
        await AppendDecisionsAsync(3);
        foreach (var sequence in new long[] { 3, 2, 1 })
        {
            await DeleteLineAsync(sequence);
        }

        var result = await OpenLog().VerifyAsync(Token);

        AssertTampered(result, null, $"but its head in {OpenStorage().HeadLocation} records 3 records");
    }

    [Fact]
    public async Task AppendAsync_AfterNewestRecordsDeleted_RefusesToHideIt()
    {
        await AppendDecisionsAsync(5);
        await DeleteLineAsync(5);
        await DeleteLineAsync(4);

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => OpenLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), Token));

        Assert.Contains("ends at sequence 3, but its head records sequence 5: records were deleted from its end", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await OpenLog().ReadAsync(null, Token)).Count);
    }

    [Fact]
    public async Task AppendAsync_WrongKey_IsRefusedAndNothingIsWritten()
    {
        await AppendDecisionsAsync(3);
        var other = Path.Combine(Path.GetDirectoryName(Folder.KeyFile)!, "other.key");
        await File.WriteAllTextAsync(other, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Token);
        var wrong = OpenLog(new AuditLogOptions { KeyFile = other });

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => wrong.AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), Token));
        var verification = await wrong.VerifyAsync(Token);

        Assert.Contains("is not the key this log was written with", ex.Message, StringComparison.Ordinal);
        Assert.Equal(AuditVerificationStatus.Unverifiable, verification.Status);
        Assert.Equal(3, (await OpenLog().ReadAsync(null, Token)).Count);
        Assert.True((await OpenLog().VerifyAsync(Token)).Ok);
    }

    /// <summary>A log over a new storage object, with the folder's key unless told otherwise.</summary>
    protected AuditLog OpenLog(AuditLogOptions? options = null) => new(OpenStorage(), Folder.Data, options ?? Folder.Options);

    /// <summary>Appends <paramref name="count"/> approved decisions.</summary>
    protected async Task AppendDecisionsAsync(int count)
    {
        var log = OpenLog();
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(new AuditEntry(AuditKinds.Decision, "run", "review", "ana", "approved", $"c{i}", new JsonObject { ["subject"] = $"s{i}" }), Token);
        }
    }

    private static void AssertTampered(AuditVerification result, long? sequence, string problem)
    {
        Assert.Equal(AuditVerificationStatus.Tampered, result.Status);
        Assert.Equal(sequence, result.FirstBadSequence);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }
}
