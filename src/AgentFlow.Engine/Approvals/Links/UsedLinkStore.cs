using System.Globalization;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Approvals.Links;

/// <summary>
/// The nonces of approval links already used, in <c>links.db</c> under the data directory (durable before a decision is
/// taken: <c>synchronous=FULL</c>). Claiming a nonce is one insert, so of two requests racing with the same link only
/// one wins, in this process or another sharing the data directory.
/// </summary>
public sealed class UsedLinkStore : IUsedLinkStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "links.db";

    private const string Pragmas = "PRAGMA synchronous=FULL;";
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS used_links (
            nonce TEXT PRIMARY KEY NOT NULL,
            run_id TEXT NOT NULL,
            node TEXT NOT NULL,
            operator TEXT NOT NULL,
            used_at TEXT NOT NULL
        );
        """;

    private readonly string _dataDirectory;
    private readonly string _connectionString;
    private volatile bool _created;

    /// <summary>A store over <paramref name="dataDirectory"/>/links.db (created on first use).</summary>
    public UsedLinkStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _dataDirectory = dataDirectory;
        DatabasePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
    }

    /// <summary>The full path of the file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<UsedLink?> TryUseAsync(ApprovalLink link, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO used_links (nonce, run_id, node, operator, used_at) VALUES ($nonce, $run, $node, $op, $at)";
        insert.Parameters.AddWithValue("$nonce", link.Nonce);
        insert.Parameters.AddWithValue("$run", link.RunId);
        insert.Parameters.AddWithValue("$node", link.Node);
        insert.Parameters.AddWithValue("$op", link.Operator);
        insert.Parameters.AddWithValue("$at", usedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1
            ? null
            : await FindAsync(connection, link.Nonce, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UsedLink?> FindAsync(string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, nonce, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<UsedLink?> FindAsync(SqliteConnection connection, string nonce, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT run_id, node, operator, used_at FROM used_links WHERE nonce = $nonce";
        select.Parameters.AddWithValue("$nonce", nonce);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UsedLink(nonce, reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))
            : null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_created)
            {
                Directory.CreateDirectory(_dataDirectory);
            }

            var connection = await SqliteFile.OpenAsync(_connectionString, Pragmas, cancellationToken).ConfigureAwait(false);
            if (!_created)
            {
                await using var create = connection.CreateCommand();
                create.CommandText = "PRAGMA journal_mode=WAL;" + Schema;
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }

            return connection;
        }
        catch (SqliteException ex)
        {
            throw new ConfigurationException("dataDirectory", $"cannot open the used-links file '{DatabasePath}': {ex.Message}. Check the folder's permissions, or move a corrupted file aside.", ex);
        }
    }
}
