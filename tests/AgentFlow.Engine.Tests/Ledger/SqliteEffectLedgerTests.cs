using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Ledger;

namespace AgentFlow.Engine.Tests.Ledger;

/// <summary>What only the SQLite ledger does (the shared behaviour is in <see cref="EffectLedgerContractTests"/>).</summary>
public sealed class SqliteEffectLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-ledger-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Constructor_DataDirectoryUnderAFile_ThrowsNamingDataDirectory()
    {
        var file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<ConfigurationException>(() => new SqliteEffectLedger(Path.Combine(file, "data")));

        Assert.Equal("dataDirectory", ex.Setting);
    }

    [Fact]
    public async Task TwoInstancesOnOneFile_ShareTheFile()
    {
        await using var first = new SqliteEffectLedger(Path.Combine(_dir, "data"));
        await using var second = new SqliteEffectLedger(Path.Combine(_dir, "data"));

        Assert.Equal(first.DatabasePath, second.DatabasePath);
        Assert.Equal(SqliteEffectLedger.FileName, Path.GetFileName(first.DatabasePath));
    }
}
