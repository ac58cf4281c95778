using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Ledger;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Tests.Ledger;

public sealed class SqliteEffectLedgerTests : IDisposable
{
    private readonly string _dir;
    private readonly SqliteEffectLedger _ledger;

    public SqliteEffectLedgerTests()
    {
        _dir = Directory.CreateTempSubdirectory("agentflow-ledger-").FullName;
        _ledger = new SqliteEffectLedger(Path.Combine(_dir, "data"));
    }

    // The ledger's DisposeAsync completes synchronously (it only clears the connection pool).
    public void Dispose()
    {
        _ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<LedgerBegin> BeginAsync(string key, SqliteEffectLedger? ledger = null) =>
        (ledger ?? _ledger).BeginAsync(key, "payments", "run-1", "pay", CancellationToken.None);

    [Fact]
    public async Task BeginAsync_NewKey_StartsAndCompleteRecordsTheResult()
    {
        var begin = await BeginAsync("run-1/pay/1");
        await _ledger.CompleteAsync("run-1/pay/1", new JsonObject { ["paid"] = 42 });
        var entry = await _ledger.GetAsync("run-1/pay/1");

        Assert.Equal(LedgerBeginState.Started, begin.State);
        Assert.Equal(LedgerState.Completed, entry!.State);
        Assert.Equal(("payments", "run-1", "pay"), (entry.Tool, entry.RunId, entry.Node));
        Assert.Equal("""{"paid":42}""", entry.Result!.ToJsonString());
        Assert.NotNull(entry.CompletedAt);
        Assert.Null(await _ledger.GetAsync("run-1/other/1"));
    }

    [Fact]
    public async Task BeginAsync_AfterComplete_ReturnsAlreadyCompletedWithTheResult()
    {
        await BeginAsync("k");
        await _ledger.CompleteAsync("k", new JsonObject { ["id"] = "tx-1" });

        var again = await BeginAsync("k");

        Assert.Equal(LedgerBeginState.AlreadyCompleted, again.State);
        Assert.Equal("tx-1", again.Entry.Result!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task BeginAsync_TwiceWithoutComplete_ReturnsInDoubt()
    {
        var first = await BeginAsync("k");

        var second = await BeginAsync("k");

        Assert.Equal(LedgerBeginState.InDoubt, second.State);
        Assert.Equal(first.Entry.StartedAt, second.Entry.StartedAt);
    }

    [Fact]
    public async Task ResolveAsync_Repeat_LetsTheNextBeginStartFreshAndKeepsAnAudit()
    {
        await BeginAsync("k");

        await _ledger.ResolveAsync("k", LedgerResolution.Repeat, null, "ops@example.com");

        Assert.Null(await _ledger.GetAsync("k"));
        Assert.Equal(LedgerBeginState.Started, (await BeginAsync("k")).State);
        using var db = new SqliteConnection($"Data Source={_ledger.DatabasePath};Pooling=False");
        await db.OpenAsync();
        using var audit = db.CreateCommand();
        audit.CommandText = "SELECT resolution || ' ' || resolved_by || ' ' || json_extract(entry, '$.tool') FROM effect_history WHERE key = 'k'";
        Assert.Equal("repeat ops@example.com payments", await audit.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ResolveAsync_Done_MakesBeginReturnTheGivenResult()
    {
        await BeginAsync("a");
        await BeginAsync("b");

        await _ledger.ResolveAsync("a", LedgerResolution.Done, new JsonObject { ["checked"] = true }, "ops");
        await _ledger.ResolveAsync("b", LedgerResolution.Done, null, "ops");

        var a = await BeginAsync("a");
        Assert.Equal(LedgerBeginState.AlreadyCompleted, a.State);
        Assert.Equal("""{"checked":true}""", a.Entry.Result!.ToJsonString());
        Assert.Equal("ops", a.Entry.ResolvedBy);
        Assert.Equal("""{"resolved":"done"}""", (await _ledger.GetAsync("b"))!.Result!.ToJsonString());
    }

    [Fact]
    public async Task ResolveAsync_UnknownKey_Throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _ledger.ResolveAsync("nope", LedgerResolution.Repeat, null, "ops"));
    }

    [Fact]
    public async Task ListAsync_ByState_ReturnsOnlyThatState()
    {
        await BeginAsync("done");
        await _ledger.CompleteAsync("done", null);
        await BeginAsync("open");

        var started = await _ledger.ListAsync(LedgerState.Started);
        var completed = await _ledger.ListAsync(LedgerState.Completed);
        var all = await _ledger.ListAsync(null);

        Assert.Equal("open", Assert.Single(started).Key);
        Assert.Equal("done", Assert.Single(completed).Key);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task BeginAsync_EightConcurrentCallers_ExactlyOneStarts()
    {
        var results = await RaceAsync(_ledger, _ledger);

        Assert.All(results, r => Assert.Equal(1, r.Count(b => b.State == LedgerBeginState.Started)));
        Assert.All(results, r => Assert.Equal(7, r.Count(b => b.State == LedgerBeginState.InDoubt)));
    }

    [Fact]
    public async Task TwoInstancesOnOneFile_AgreeOnEveryKey()
    {
        await using var other = new SqliteEffectLedger(Path.Combine(_dir, "data"));

        var results = await RaceAsync(_ledger, other);
        await other.CompleteAsync("race-0", new JsonObject { ["ok"] = true });

        Assert.All(results, r => Assert.Equal(1, r.Count(b => b.State == LedgerBeginState.Started)));
        Assert.Equal(LedgerBeginState.AlreadyCompleted, (await BeginAsync("race-0")).State);
    }

    /// <summary>Eight callers (alternating between two ledgers) claim the same 20 keys at once; the results by key.</summary>
    private async Task<IEnumerable<LedgerBegin[]>> RaceAsync(SqliteEffectLedger even, SqliteEffectLedger odd)
    {
        // Dedicated threads released together, like eight worker processes: pool threads would start one by one on a
        // small machine and rarely overlap. Twenty keys each make real overlap certain rather than lucky.
        var keys = Enumerable.Range(0, 20).Select(i => $"race-{i}").ToArray();
        using var gate = new Barrier(8);
        var callers = Enumerable.Range(0, 8).Select(c => Task.Factory.StartNew(
            () =>
            {
                gate.SignalAndWait();
                return keys.Select(key => BeginAsync(key, c % 2 == 0 ? even : odd).GetAwaiter().GetResult()).ToArray();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var all = (await Task.WhenAll(callers)).SelectMany(b => b);
        return all.GroupBy(b => b.Entry.Key).Select(g => g.ToArray());
    }

    [Fact]
    public void Constructor_DataDirectoryUnderAFile_ThrowsNamingDataDirectory()
    {
        var file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<ConfigurationException>(() => new SqliteEffectLedger(Path.Combine(file, "data")));

        Assert.Equal("dataDirectory", ex.Setting);
    }
}
