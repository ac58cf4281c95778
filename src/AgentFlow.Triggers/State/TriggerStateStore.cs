using System.Globalization;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Triggers.State;

/// <summary>
/// Triggers' state in <c>triggers.db</c> under the data directory, shared by the host and CLI commands (WAL, 30 s busy
/// wait): paused or not, last fire, last error, a schedule's cursor and buffered tick. Each change is one statement, so
/// a pause written by <c>agentflow triggers pause</c> is seen by a running host at its next fire.
/// </summary>
public sealed class TriggerStateStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "triggers.db";

    private const string Pragmas = "PRAGMA synchronous=NORMAL;";
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS triggers (
            id TEXT PRIMARY KEY NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0,
            paused_by TEXT,
            paused_at TEXT,
            last_fire_at TEXT,
            last_fire_key TEXT,
            last_run_id TEXT,
            last_summary TEXT,
            last_error TEXT,
            last_error_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            cursor TEXT,
            buffered TEXT,
            last_skip_at TEXT,
            last_skip_key TEXT,
            last_skip_reason TEXT
        );
        """;

    private const string Columns = "id, paused, paused_by, paused_at, last_fire_at, last_fire_key, last_run_id, last_summary, last_error, last_error_at, failures, cursor, buffered, last_skip_at, last_skip_key, last_skip_reason";

    private readonly string _dataDirectory;
    private readonly string _connectionString;
    private volatile bool _created;

    /// <summary>A store over <paramref name="dataDirectory"/>/triggers.db (created on first use).</summary>
    public TriggerStateStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _dataDirectory = dataDirectory;
        DatabasePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The full path of the file.</summary>
    public string DatabasePath { get; }

    /// <summary>The state of <paramref name="id"/> (a blank one for a trigger never seen).</summary>
    public async Task<TriggerState> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM triggers WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : new TriggerState { Id = id };
    }

    /// <summary>Every trigger's state, by id.</summary>
    public async Task<IReadOnlyDictionary<string, TriggerState>> ListAsync(CancellationToken cancellationToken = default)
    {
        var states = new Dictionary<string, TriggerState>(StringComparer.Ordinal);
        if (!_created && !File.Exists(DatabasePath))
        {
            return states;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM triggers";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = Read(reader);
            states[state.Id] = state;
        }

        return states;
    }

    /// <summary>Pauses or resumes <paramref name="id"/>; returns false when it already was in that state (nothing changed).</summary>
    public Task<bool> SetPausedAsync(string id, bool paused, string operatorName, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "paused = $p, paused_by = $by, paused_at = $at WHERE id = $id AND paused <> $p", cancellationToken, ("$p", paused ? 1 : 0), ("$by", operatorName), ("$at", Text(at)));

    /// <summary>Records a fire: the occasion and its run; clears a reported error.</summary>
    public Task RecordFireAsync(string id, DateTimeOffset at, string key, string runId, string summary, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "last_fire_at = $at, last_fire_key = $key, last_run_id = $run, last_summary = $sum, last_error = NULL, last_error_at = NULL, failures = 0 WHERE id = $id", cancellationToken, ("$at", Text(at)), ("$key", key), ("$run", runId), ("$sum", summary));

    /// <summary>Records a problem, counting problems in a row.</summary>
    public Task RecordErrorAsync(string id, string problem, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "last_error = $e, last_error_at = $at, failures = failures + 1 WHERE id = $id", cancellationToken, ("$e", problem), ("$at", Text(at)));

    /// <summary>Clears a reported problem.</summary>
    public Task ClearErrorAsync(string id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "last_error = NULL, last_error_at = NULL, failures = 0 WHERE id = $id AND (last_error IS NOT NULL OR failures <> 0)", cancellationToken);

    /// <summary>Records a schedule's last tick handled.</summary>
    public Task SetCursorAsync(string id, string tickKey, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "cursor = $c WHERE id = $id", cancellationToken, ("$c", tickKey));

    /// <summary>Keeps (or with null, drops) a schedule's buffered tick.</summary>
    public Task SetBufferedAsync(string id, string? tickKey, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "buffered = $b WHERE id = $id", cancellationToken, ("$b", tickKey));

    /// <summary>Records an occasion that started nothing, and why (<c>paused</c>, <c>overlap</c>).</summary>
    public Task RecordSkipAsync(string id, string key, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, "last_skip_at = $at, last_skip_key = $key, last_skip_reason = $why WHERE id = $id", cancellationToken, ("$at", Text(at)), ("$key", key), ("$why", reason));

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string? Str(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static TriggerState Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Paused = r.GetInt64(1) != 0,
        PausedBy = Str(r, 2),
        PausedAt = Time(r, 3),
        LastFireAt = Time(r, 4),
        LastFireKey = Str(r, 5),
        LastRunId = Str(r, 6),
        LastSummary = Str(r, 7),
        LastError = Str(r, 8),
        LastErrorAt = Time(r, 9),
        ConsecutiveFailures = (int)r.GetInt64(10),
        Cursor = Str(r, 11),
        Buffered = Str(r, 12),
        LastSkipAt = Time(r, 13),
        LastSkipKey = Str(r, 14),
        LastSkipReason = Str(r, 15),
    };

    private async Task<bool> UpdateAsync(string id, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO triggers (id) VALUES ($id) ON CONFLICT (id) DO NOTHING";
        insert.Parameters.AddWithValue("$id", id);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE triggers SET " + set;
        update.Parameters.AddWithValue("$id", id);
        foreach (var (name, value) in values)
        {
            update.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        SqliteConnection? connection = null;
        try
        {
            if (!_created)
            {
                Directory.CreateDirectory(_dataDirectory);
            }

            connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _created ? Pragmas : "PRAGMA journal_mode=WAL;" + Pragmas + Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
            return connection;
        }
        catch (SqliteException ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw new ConfigurationException("dataDirectory", $"cannot open the triggers file '{DatabasePath}': {ex.Message}. Check the folder's permissions, or move a corrupted file aside.", ex);
        }
    }
}
