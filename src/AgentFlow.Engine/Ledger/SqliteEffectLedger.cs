using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// The effect ledger in <c>ledger.db</c> under the data directory. Every write is durable before it returns
/// (<c>synchronous=FULL</c>: an effect record must survive power loss), and several processes may share the file:
/// claims run under <c>BEGIN IMMEDIATE</c> and wait for each other through the busy timeout.
/// </summary>
public sealed class SqliteEffectLedger : IEffectLedger, IAsyncDisposable
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "ledger.db";

    private const string Columns = "key, tool, run_id, node, state, started_at, completed_at, result, resolved_by";
    private const string Started = "started";
    private const string Completed = "completed";
    private const string DefaultDoneResult = """{"resolved":"done"}""";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Opens (creating when missing) <c>ledger.db</c> in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="ConfigurationException">The directory or file cannot be created, opened or read.</exception>
    public SqliteEffectLedger(string dataDirectory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _time = timeProvider ?? TimeProvider.System;
        DatabasePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
        try
        {
            Directory.CreateDirectory(dataDirectory);
            using var connection = Open();

            // WAL is stored in the file, so setting it once lets readers and the writer of every process overlap.
            using var command = Command(connection, null, "PRAGMA journal_mode=WAL;" + SqliteLedgerSchema.Create);
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ConfigurationException("dataDirectory", $"cannot create or write '{dataDirectory}': {ex.Message}. Choose a writable folder (--data-dir or AGENTFLOW__DATADIRECTORY).", ex);
        }
        catch (SqliteException ex)
        {
            throw new ConfigurationException("dataDirectory", $"cannot open the effect ledger '{DatabasePath}': {ex.Message}. Check the folder's permissions, or move a corrupted file aside.", ex);
        }
    }

    /// <summary>The full path of the ledger file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<LedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = Open();
        return await FindAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LedgerBegin> BeginAsync(string key, string tool, string runId, string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(node);
        // One writer per file in this process (the write lock is per file anyway); BEGIN IMMEDIATE guards other processes.
        var gate = Gates.GetOrAdd(DatabasePath, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await BeginLockedAsync(key, tool, runId, node, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<LedgerBegin> BeginLockedAsync(string key, string tool, string runId, string node, CancellationToken cancellationToken)
    {
        using var connection = Open();

        // Not deferred = BEGIN IMMEDIATE: the write lock is taken before the read, so no other connection or process
        // can claim the key between our look and our insert.
        using var transaction = await BeginImmediateAsync(connection, cancellationToken).ConfigureAwait(false);
        var existing = await FindAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        LedgerBegin begin;
        if (existing is null)
        {
            var entry = new LedgerEntry(key, tool, runId, node, LedgerState.Started, Now(), null, null, null);
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO effects ({Columns}, attempts) VALUES ($key, $tool, $run, $node, '{Started}', $at, NULL, NULL, NULL, 1)",
                [("$key", key), ("$tool", tool), ("$run", runId), ("$node", node), ("$at", Format(entry.StartedAt))], cancellationToken).ConfigureAwait(false);
            begin = LedgerBegin.Started(entry);
        }
        else if (existing.State == LedgerState.Completed)
        {
            begin = LedgerBegin.AlreadyCompleted(existing);
        }
        else
        {
            // Counting the attempts that found the claim tells an operator how often the run has been held up by it.
            await ExecuteAsync(connection, transaction, "UPDATE effects SET attempts = attempts + 1 WHERE key = $key", [("$key", key)], cancellationToken).ConfigureAwait(false);
            begin = LedgerBegin.InDoubt(existing);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return begin;
    }

    /// <inheritdoc />
    public async Task CompleteAsync(string key, JsonNode? result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = Open();
        var changed = await ExecuteAsync(connection, null,
            $"UPDATE effects SET state = '{Completed}', completed_at = $at, result = $result WHERE key = $key AND resolved_by IS NULL",
            [("$key", key), ("$at", Format(Now())), ("$result", result?.ToJsonString())], cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            // An operator's "done" is not overwritten silently: say so, as every ledger does.
            var existing = await FindAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
            throw existing?.ResolvedBy is { } resolver ? LedgerErrors.ResolvedMeanwhile(key, resolver) : LedgerErrors.NotFound(key);
        }
    }

    /// <inheritdoc />
    public async Task ResolveAsync(string key, LedgerResolution resolution, JsonNode? result, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        using var connection = Open();
        using var transaction = await BeginImmediateAsync(connection, cancellationToken).ConfigureAwait(false);
        var at = Format(Now());
        var audited = await ExecuteAsync(connection, transaction,
            "INSERT INTO effect_history (key, resolution, resolved_by, resolved_at, entry) SELECT key, $resolution, $by, $at, json_object("
            + "'tool', tool, 'runId', run_id, 'node', node, 'state', state, 'attempts', attempts, 'startedAt', started_at, "
            + "'completedAt', completed_at, 'result', json(result), 'resolvedBy', resolved_by) FROM effects WHERE key = $key",
            [("$key", key), ("$resolution", resolution == LedgerResolution.Repeat ? "repeat" : "done"), ("$by", by), ("$at", at)], cancellationToken).ConfigureAwait(false);
        if (audited == 0)
        {
            throw LedgerErrors.NotFound(key);
        }

        if (resolution == LedgerResolution.Repeat)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM effects WHERE key = $key", [("$key", key)], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ExecuteAsync(connection, transaction,
                $"UPDATE effects SET state = '{Completed}', completed_at = $at, result = $result, resolved_by = $by WHERE key = $key",
                [("$key", key), ("$at", at), ("$result", result?.ToJsonString() ?? DefaultDoneResult), ("$by", by)], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerState? state, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = Command(connection, null,
            $"SELECT {Columns} FROM effects WHERE $state IS NULL OR state = $state ORDER BY started_at, key",
            ("$state", state switch { null => null, LedgerState.Completed => Completed, _ => Started }));
        var entries = new List<LedgerEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<int> PurgeRunsAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count == 0)
        {
            return 0;
        }

        using var connection = Open();
        using var transaction = await BeginImmediateAsync(connection, cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var runId in runIds.Distinct(StringComparer.Ordinal))
        {
            removed += await ExecuteAsync(connection, transaction, "DELETE FROM effects WHERE run_id = $run", [("$run", runId)], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Releases the pooled connections so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// BEGIN IMMEDIATE, retried briefly when another process holds the write lock and SQLite reports it as an error
    /// instead of waiting (seen under contention as SQLITE_BUSY/LOCKED or "no more rows available").
    /// </summary>
    private static async Task<SqliteTransaction> BeginImmediateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return connection.BeginTransaction(deferred: false);
            }
            catch (SqliteException ex) when (attempt < 50 && ex.SqliteErrorCode is 1 or 5 or 6)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Per-connection settings, so every (pooled) connection gets them.
    private SqliteConnection Open() => SqliteFile.Open(_connectionString, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");

    private static async Task<LedgerEntry?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, $"SELECT {Columns} FROM effects WHERE key = $key", ("$key", key));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static LedgerEntry Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4) == Completed ? LedgerState.Completed : LedgerState.Started,
        Parse(reader.GetString(5)),
        reader.IsDBNull(6) ? null : Parse(reader.GetString(6)),
        reader.IsDBNull(7) ? null : JsonNode.Parse(reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, string? Value)[] parameters, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, string? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);
        }

        return command;
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    // Round-trip text sorts chronologically and stays readable for an operator using the sqlite3 shell.
    private static string Format(DateTime value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime Parse(string value) => DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
