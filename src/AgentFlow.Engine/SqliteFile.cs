using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine;

/// <summary>Connection settings shared by AgentFlow's SQLite files in the data directory (ledger, memory, retrieval).</summary>
public static class SqliteFile
{
    /// <summary>A pooled read-write connection string for <paramref name="path"/> (created if missing) with a 30 s busy wait.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}
