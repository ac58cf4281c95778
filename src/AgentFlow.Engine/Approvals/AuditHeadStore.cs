using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// Keeps the <see cref="AuditHead"/> in one row of <c>DATA/audit-head.db</c>, with a MAC (the audit key) over sequence
/// and hash so the row cannot be moved back by someone without the key. Written under the log's lock, after the line.
/// </summary>
internal sealed class AuditHeadStore(string path)
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";

    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <summary>The text the head's MAC is taken over.</summary>
    public static string MacText(AuditHead head) => $"agentflow-audit-head\n{head.Sequence}\n{head.Hash}";

    /// <summary>The recorded head and its MAC, or null when there is no database or no row.</summary>
    public async Task<(AuditHead Head, string Mac)?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        await using var connection = await SqliteFile.OpenAsync(ConnectionString(SqliteOpenMode.ReadWrite), Pragmas, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, hash, mac FROM audit_head WHERE id = 1";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? (new AuditHead(reader.GetInt64(0), reader.GetString(1)), reader.GetString(2))
                : null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            // No such table: a database that never held a head (or was reset).
            return null;
        }
    }

    /// <summary>Records <paramref name="head"/> (creating the database on first use), durably.</summary>
    public async Task WriteAsync(AuditHead head, string mac, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFile.OpenAsync(ConnectionString(SqliteOpenMode.ReadWriteCreate), Pragmas, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                sequence INTEGER NOT NULL,
                hash TEXT NOT NULL,
                mac TEXT NOT NULL);
            INSERT INTO audit_head (id, sequence, hash, mac) VALUES (1, $sequence, $hash, $mac)
            ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash, mac = excluded.mac;
            """;
        command.Parameters.AddWithValue("$sequence", head.Sequence);
        command.Parameters.AddWithValue("$hash", head.Hash);
        command.Parameters.AddWithValue("$mac", mac);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Not pooled: the file is touched once per append, and a pooled handle would keep it open after the log is done.
    private string ConnectionString(SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = Path,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();
}
