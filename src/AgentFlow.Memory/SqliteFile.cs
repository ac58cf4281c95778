using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>
/// Connection settings of the memory and retrieval SQLite files in the data directory. The engine keeps its own copy for
/// the ledger and audit head: Memory does not reference the engine, and these few lines are not worth a shared project.
/// </summary>
internal static class SqliteFile
{
    /// <summary>A pooled read-write connection string for <paramref name="path"/> (created if missing) with a 30 s busy wait.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Opens a connection asynchronously and applies per-connection <paramref name="pragmas"/>.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
