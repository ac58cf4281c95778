using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Ledger;

/// <summary>What only the Azure table ledger does: its result size limit and its key encoding (the rest is in <see cref="EffectLedgerContractTests"/>).</summary>
public sealed class AzureTableEffectLedgerTests : IAsyncLifetime
{
    private readonly string _tableName = "ledgertest" + Guid.NewGuid().ToString("N")[..12];

    private AzureTableEffectLedger Ledger() => new(new TableClient(AzureStorageFixture.ConnectionString, _tableName));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await new TableServiceClient(AzureStorageFixture.ConnectionString).DeleteTableAsync(_tableName);

    [Fact]
    public async Task CompleteAsync_ResultJustUnderTheLimit_RoundTrips()
    {
        var ledger = Ledger();
        var text = new string('x', AzureTableEffectLedger.MaxResultBytes - 20);
        await ledger.BeginAsync("run-1/big/1", "t", "run-1", "big");

        await ledger.CompleteAsync("run-1/big/1", new JsonObject { ["t"] = text });

        Assert.Equal(text, (await Ledger().GetAsync("run-1/big/1"))!.Result!["t"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteAsync_ResultOverTheLimit_ThrowsNamingKeyAndLimitAndLeavesTheClaimInDoubt()
    {
        var ledger = Ledger();
        await ledger.BeginAsync("run-1/big/1", "t", "run-1", "big");

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => ledger.CompleteAsync("run-1/big/1", new JsonObject { ["t"] = new string('x', AzureTableEffectLedger.MaxResultBytes) }));

        Assert.Contains("'run-1/big/1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {AzureTableEffectLedger.MaxResultBytes} bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerBeginState.InDoubt, (await ledger.BeginAsync("run-1/big/1", "t", "run-1", "big")).State);
    }

    [Fact]
    public async Task CompleteAsync_ResolvedDoneBetweenItsReadAndWrite_KeepsTheOperatorsResult()
    {
        var other = Ledger();
        await other.BeginAsync("run-1/pay/1", "t", "run-1", "pay");
        var ledger = new AzureTableEffectLedger(new InterleavingTableClient(_tableName,
            () => other.ResolveAsync("run-1/pay/1", LedgerResolution.Done, new JsonObject { ["by"] = "hand" }, "ops")));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.CompleteAsync("run-1/pay/1", new JsonObject { ["by"] = "tool" }));

        Assert.Contains("resolved as done by ops", ex.Message, StringComparison.Ordinal);
        Assert.Equal("""{"by":"hand"}""", (await other.GetAsync("run-1/pay/1"))!.Result!.ToJsonString());
    }

    [Fact]
    public async Task BeginAsync_CompletedBetweenItsReadAndCount_ReturnsAlreadyCompleted()
    {
        var other = Ledger();
        await other.BeginAsync("run-1/pay/1", "t", "run-1", "pay");
        var ledger = new AzureTableEffectLedger(new InterleavingTableClient(_tableName,
            () => other.CompleteAsync("run-1/pay/1", new JsonObject { ["ok"] = true })));

        var begin = await ledger.BeginAsync("run-1/pay/1", "t", "run-1", "pay");

        Assert.Equal(LedgerBeginState.AlreadyCompleted, begin.State);
        Assert.Equal("""{"ok":true}""", begin.Entry.Result!.ToJsonString());
    }

    [Fact]
    public async Task ResolveAsync_EntryCountedBetweenItsReadAndWrite_RetriesAndAuditsOnce()
    {
        var other = Ledger();
        await other.BeginAsync("run-1/pay/1", "t", "run-1", "pay");
        var ledger = new AzureTableEffectLedger(new InterleavingTableClient(_tableName,
            async () => Assert.Equal(LedgerBeginState.InDoubt, (await other.BeginAsync("run-1/pay/1", "t", "run-1", "pay")).State)));

        await ledger.ResolveAsync("run-1/pay/1", LedgerResolution.Repeat, null, "ops");

        Assert.Null(await other.GetAsync("run-1/pay/1"));
        var audit = new List<TableEntity>();
        await foreach (var row in new TableClient(AzureStorageFixture.ConnectionString, _tableName).QueryAsync<TableEntity>("Kind eq 'history'"))
        {
            audit.Add(row);
        }

        Assert.Equal(2, Assert.Single(audit).GetInt32("Attempts"));
    }

    [Fact]
    public async Task Operations_OnANewTable_CreateItOnce()
    {
        var client = new InterleavingTableClient(_tableName, () => Task.CompletedTask);
        var ledger = new AzureTableEffectLedger(client);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => ledger.BeginAsync($"run-1/n/{i}", "t", "run-1", "n")));
        await ledger.ListAsync(null);

        Assert.Equal(1, client.Creates);
        Assert.Equal(4, (await Ledger().ListAsync(LedgerState.Started)).Count);
    }

    [Theory]
    [InlineData("run-1/node/1", "run-1!2Fnode!2F1")]
    [InlineData("a\\b#c?d\u0001e\u007f!f", "a!5Cb!23c!3Fd!01e!7F!21f")]
    [InlineData("plain-key é %'", "plain-key é %'")]
    public void TableKeyEncoding_IllegalCharacters_AreEscapedAndDecodedBack(string key, string encoded)
    {
        Assert.Equal(encoded, TableKeyEncoding.Encode(key));
        Assert.Equal(key, TableKeyEncoding.Decode(encoded));
    }

    /// <summary>A table client that lets another writer act right after its first point read, before the caller writes.</summary>
    private sealed class InterleavingTableClient(string tableName, Func<Task> between) : TableClient(AzureStorageFixture.ConnectionString, tableName)
    {
        private int _reads;
        private int _creates;

        public int Creates => _creates;

        public override Task<Response<Azure.Data.Tables.Models.TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _creates);
            return base.CreateIfNotExistsAsync(cancellationToken);
        }

        public override async Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        {
            var found = await base.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken);
            if (Interlocked.Increment(ref _reads) == 1)
            {
                await between();
            }

            return found;
        }
    }
}
