using System.Text.Json.Nodes;
using AgentFlow.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Engine.Tests.Ledger;

/// <summary>
/// What every <see cref="IEffectLedger"/> must do, run against each implementation by a derived class. Several ledger
/// instances on one store stand for several machines.
/// </summary>
public abstract class EffectLedgerContractTests : IAsyncLifetime
{
    private readonly List<IEffectLedger> _opened = [];

    /// <summary>The clock of every ledger the test opens.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The first ledger instance.</summary>
    protected IEffectLedger Ledger => _opened[0];

    /// <summary>A new ledger instance on the test's store, as another process or machine would open it.</summary>
    protected abstract IEffectLedger CreateLedger();

    /// <summary>The audit of resolutions for <paramref name="key"/>, each as "resolution resolver tool".</summary>
    protected abstract Task<IReadOnlyList<string>> HistoryAsync(string key);

    /// <summary>Removes the test's store once every ledger is disposed.</summary>
    protected abstract Task DeleteStoreAsync();

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var ledger in _opened.OfType<IAsyncDisposable>())
        {
            await ledger.DisposeAsync();
        }

        await DeleteStoreAsync();
    }

    protected IEffectLedger Open()
    {
        var ledger = CreateLedger();
        _opened.Add(ledger);
        return ledger;
    }

    private Task<LedgerBegin> BeginAsync(string key, IEffectLedger? ledger = null, string runId = "run-1") =>
        (ledger ?? Ledger).BeginAsync(key, "payments", runId, "pay", CancellationToken.None);

    [Fact]
    public async Task BeginAsync_NewKey_StartsAndCompleteRecordsTheResult()
    {
        var begin = await BeginAsync("run-1/pay/1");
        await Ledger.CompleteAsync("run-1/pay/1", new JsonObject { ["paid"] = 42 });
        var entry = await Ledger.GetAsync("run-1/pay/1");

        Assert.Equal(LedgerBeginState.Started, begin.State);
        Assert.Equal(LedgerState.Completed, entry!.State);
        Assert.Equal(("run-1/pay/1", "payments", "run-1", "pay"), (entry.Key, entry.Tool, entry.RunId, entry.Node));
        Assert.Equal("""{"paid":42}""", entry.Result!.ToJsonString());
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, entry.CompletedAt);
        Assert.Null(entry.ResolvedBy);
        Assert.Null(await Ledger.GetAsync("run-1/other/1"));
    }

    [Fact]
    public async Task BeginAsync_AfterCompleteOnAnotherInstance_ReturnsAlreadyCompletedWithTheResult()
    {
        await BeginAsync("run-1/pay/1");
        await Ledger.CompleteAsync("run-1/pay/1", new JsonObject { ["id"] = "tx-1" });

        var again = await BeginAsync("run-1/pay/1", Open());

        Assert.Equal(LedgerBeginState.AlreadyCompleted, again.State);
        Assert.Equal("tx-1", again.Entry.Result!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task BeginAsync_TwiceWithoutComplete_ReturnsInDoubtWithTheFirstStart()
    {
        var first = await BeginAsync("run-1/pay/1");
        Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await BeginAsync("run-1/pay/1", Open());

        Assert.Equal(LedgerBeginState.InDoubt, second.State);
        Assert.Equal(first.Entry.StartedAt, second.Entry.StartedAt);
        Assert.Equal(LedgerState.Started, second.Entry.State);
    }

    [Fact]
    public async Task ResolveAsync_Repeat_LetsTheNextBeginStartFreshAndKeepsAnAudit()
    {
        await BeginAsync("run-1/pay/1");

        await Ledger.ResolveAsync("run-1/pay/1", LedgerResolution.Repeat, null, "ops@example.com");

        Assert.Null(await Ledger.GetAsync("run-1/pay/1"));
        Assert.Equal(LedgerBeginState.Started, (await BeginAsync("run-1/pay/1")).State);
        Assert.Equal(["repeat ops@example.com payments"], await HistoryAsync("run-1/pay/1"));
    }

    [Fact]
    public async Task ResolveAsync_Done_MakesBeginReturnTheGivenResultAndKeepsAnAudit()
    {
        await BeginAsync("run-1/a/1");
        await BeginAsync("run-1/b/1");

        await Ledger.ResolveAsync("run-1/a/1", LedgerResolution.Done, new JsonObject { ["checked"] = true }, "ops");
        await Ledger.ResolveAsync("run-1/b/1", LedgerResolution.Done, null, "ops");

        var a = await BeginAsync("run-1/a/1", Open());
        Assert.Equal(LedgerBeginState.AlreadyCompleted, a.State);
        Assert.Equal("""{"checked":true}""", a.Entry.Result!.ToJsonString());
        Assert.Equal("ops", a.Entry.ResolvedBy);
        Assert.Equal("""{"resolved":"done"}""", (await Ledger.GetAsync("run-1/b/1"))!.Result!.ToJsonString());
        Assert.Equal(["done ops payments"], await HistoryAsync("run-1/a/1"));
    }

    [Fact]
    public async Task ResolveAsync_UnknownKey_ThrowsKeyNotFoundNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<KeyNotFoundException>(() => Ledger.ResolveAsync("run-1/nope/1", LedgerResolution.Repeat, null, "ops"));

        Assert.Equal("no effect is recorded under key 'run-1/nope/1'", ex.Message);
    }

    [Fact]
    public async Task CompleteAsync_UnknownKey_ThrowsKeyNotFoundNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<KeyNotFoundException>(() => Ledger.CompleteAsync("run-1/nope/1", null));

        Assert.Equal("no effect is recorded under key 'run-1/nope/1'", ex.Message);
    }

    [Fact]
    public async Task CompleteAsync_AfterAnOperatorResolvedDone_KeepsTheOperatorsResult()
    {
        await BeginAsync("run-1/pay/1");
        await Open().ResolveAsync("run-1/pay/1", LedgerResolution.Done, new JsonObject { ["by"] = "hand" }, "ops");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.CompleteAsync("run-1/pay/1", new JsonObject { ["by"] = "tool" }));

        Assert.Contains("resolved as done by ops", ex.Message, StringComparison.Ordinal);
        Assert.Equal("""{"by":"hand"}""", (await Ledger.GetAsync("run-1/pay/1"))!.Result!.ToJsonString());
    }

    [Fact]
    public async Task ListAsync_ByState_ReturnsOnlyThatStateOldestFirst()
    {
        await BeginAsync("run-1/z-done/1");
        await Ledger.CompleteAsync("run-1/z-done/1", null);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await BeginAsync("run-1/y-open/1");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await BeginAsync("run-2/x-open/1", runId: "run-2");

        var started = await Ledger.ListAsync(LedgerState.Started);
        var completed = await Ledger.ListAsync(LedgerState.Completed);
        var all = await Open().ListAsync(null);

        Assert.Equal(["run-1/y-open/1", "run-2/x-open/1"], started.Select(e => e.Key));
        Assert.Equal("run-1/z-done/1", Assert.Single(completed).Key);
        Assert.Equal(["run-1/z-done/1", "run-1/y-open/1", "run-2/x-open/1"], all.Select(e => e.Key));
    }

    [Fact]
    public async Task PurgeRunsAsync_GivenRuns_RemovesOnlyTheirEntriesAndKeepsTheAudit()
    {
        await BeginAsync("run-1/a/1");
        await Ledger.CompleteAsync("run-1/a/1", new JsonObject { ["ok"] = true });
        await BeginAsync("run-1/b/1");
        await Ledger.ResolveAsync("run-1/b/1", LedgerResolution.Done, null, "ops");
        await BeginAsync("stray-key", runId: "run-3");
        await BeginAsync("run-1/borrowed/1", runId: "run-9");
        await BeginAsync("run-10/a/1", runId: "run-10");
        await BeginAsync("run-2/a/1", runId: "run-2");

        var removed = await Open().PurgeRunsAsync(["run-1", "run-3", "run-1", "run-absent"]);

        Assert.Equal(3, removed);
        Assert.Equal(["run-1/borrowed/1", "run-10/a/1", "run-2/a/1"], (await Ledger.ListAsync(null)).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["done ops payments"], await HistoryAsync("run-1/b/1"));
        Assert.Equal(0, await Ledger.PurgeRunsAsync([]));
    }

    [Fact]
    public async Task CompleteAsync_LargeResult_RoundTripsOnEveryInstance()
    {
        // Well above a table string property's 64 KiB, with multi-byte characters across any chunk boundary.
        var text = string.Concat(Enumerable.Repeat("ünïcødé ✓ ", 20_000));
        await BeginAsync("run-1/big/1");

        await Ledger.CompleteAsync("run-1/big/1", new JsonObject { ["text"] = text });
        var again = await BeginAsync("run-1/big/1", Open());

        Assert.Equal(LedgerBeginState.AlreadyCompleted, again.State);
        Assert.Equal(text, again.Entry.Result!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keys_WithCharactersTablesForbid_RoundTrip()
    {
        const string key = "run/1\\x#y?z\u0001!21 %'é/node/2";
        await BeginAsync(key, runId: "run");

        await Ledger.CompleteAsync(key, new JsonObject { ["ok"] = true });

        Assert.Equal(key, (await Open().GetAsync(key))!.Key);
        Assert.Equal(key, Assert.Single(await Ledger.ListAsync(LedgerState.Completed)).Key);
        Assert.Null(await Ledger.GetAsync("run/1\\x#y?z\u0001!21 %'é/node/3"));
    }

    [Fact]
    public async Task BeginAsync_ManyCallersOnSeveralInstances_ExactlyOneStartsPerKey()
    {
        IEffectLedger[] machines = [Ledger, Open(), Open(), Open()];

        var results = await RaceAsync(machines);

        Assert.All(results, r => Assert.Equal(1, r.Count(b => b.State == LedgerBeginState.Started)));
        Assert.All(results, r => Assert.Equal(7, r.Count(b => b.State == LedgerBeginState.InDoubt)));
        await machines[1].CompleteAsync("run-1/race/0", new JsonObject { ["ok"] = true });
        Assert.Equal(LedgerBeginState.AlreadyCompleted, (await BeginAsync("run-1/race/0", machines[2])).State);
    }

    /// <summary>Eight callers (spread over <paramref name="machines"/>) claim the same 20 keys at once; the results by key.</summary>
    private async Task<IEnumerable<LedgerBegin[]>> RaceAsync(IEffectLedger[] machines)
    {
        // Dedicated threads released together, like eight worker processes: pool threads would start one by one on a
        // small machine and rarely overlap. Twenty keys each make real overlap certain rather than lucky.
        var keys = Enumerable.Range(0, 20).Select(i => $"run-1/race/{i}").ToArray();
        using var gate = new Barrier(8);
        var callers = Enumerable.Range(0, 8).Select(c => Task.Factory.StartNew(
            () =>
            {
                gate.SignalAndWait();
                return keys.Select(key => BeginAsync(key, machines[c % machines.Length]).GetAwaiter().GetResult()).ToArray();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var all = (await Task.WhenAll(callers)).SelectMany(b => b);
        return all.GroupBy(b => b.Entry.Key).Select(g => g.ToArray());
    }
}
