using Azure.Data.Tables;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Ledger;

/// <summary>The ledger contract on a table of its own in Azurite (or the account in AGENTFLOW_TEST_AZURE_STORAGE), deleted afterwards.</summary>
public sealed class AzureTableEffectLedgerContractTests : EffectLedgerContractTests
{
    private readonly string _tableName = "ledgertest" + Guid.NewGuid().ToString("N")[..12];

    // Each instance gets its own client, as a process on another machine would.
    protected override IEffectLedger CreateLedger() => new AzureTableEffectLedger(new TableClient(AzureStorageFixture.ConnectionString, _tableName), Clock);

    protected override async Task<IReadOnlyList<string>> HistoryAsync(string key)
    {
        var table = new TableClient(AzureStorageFixture.ConnectionString, _tableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq 'history' and Key eq {key}")))
        {
            rows.Add(row);
        }

        return [.. rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => $"{r.GetString("Resolution")} {r.GetString("Resolver")} {r.GetString("Tool")}")];
    }

    protected override async Task DeleteStoreAsync() =>
        await new TableServiceClient(AzureStorageFixture.ConnectionString).DeleteTableAsync(_tableName);
}
