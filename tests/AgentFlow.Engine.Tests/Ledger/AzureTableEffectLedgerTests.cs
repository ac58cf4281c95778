using System.Text.Json.Nodes;
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

    [Theory]
    [InlineData("run-1/node/1", "run-1!2Fnode!2F1")]
    [InlineData("a\\b#c?d\u0001e\u007f!f", "a!5Cb!23c!3Fd!01e!7F!21f")]
    [InlineData("plain-key é %'", "plain-key é %'")]
    public void TableKeyEncoding_IllegalCharacters_AreEscapedAndDecodedBack(string key, string encoded)
    {
        Assert.Equal(encoded, TableKeyEncoding.Encode(key));
        Assert.Equal(key, TableKeyEncoding.Decode(encoded));
    }
}
