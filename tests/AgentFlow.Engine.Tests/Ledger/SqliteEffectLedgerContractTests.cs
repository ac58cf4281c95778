using AgentFlow.Engine.Ledger;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Tests.Ledger;

/// <summary>The ledger contract on <c>ledger.db</c> in a temporary folder.</summary>
public sealed class SqliteEffectLedgerContractTests : EffectLedgerContractTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-ledger-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    protected override IEffectLedger CreateLedger() => new SqliteEffectLedger(DataDir, Clock);

    protected override async Task<IReadOnlyList<string>> HistoryAsync(string key)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(DataDir, SqliteEffectLedger.FileName)};Pooling=False");
        await db.OpenAsync();
        using var audit = db.CreateCommand();
        audit.CommandText = "SELECT resolution || ' ' || resolved_by || ' ' || json_extract(entry, '$.tool') FROM effect_history WHERE key = $key ORDER BY id";
        audit.Parameters.AddWithValue("$key", key);
        var rows = new List<string>();
        using var reader = await audit.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    protected override Task DeleteStoreAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
