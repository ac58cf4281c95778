using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine;

/// <summary>
/// Connection settings of the engine's SQLite files in the data directory (ledger, audit head). AgentFlow.Memory keeps
/// its own copy for memory and retrieval files: it does not reference the engine.
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

    /// <summary>Opens a connection and applies per-connection <paramref name="pragmas"/> (pooled connections need them each time).</summary>
    public static SqliteConnection Open(string connectionString, string pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

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
