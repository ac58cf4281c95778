using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>
/// The embedded memory store: one SQLite file (WAL) with a <c>memories</c> table (embeddings as float32
/// little-endian blobs, times as UTC ticks) and a <c>meta</c> table naming the embedder and dimension the file was
/// built with. Search is exact: an agent's vectors are loaded once into one contiguous array and scanned with SIMD
/// dot products; the snapshot is reloaded when any write (from this or another process) bumped the file's revision.
/// Agent namespaces are compared with SQL <c>=</c> (binary collation), never <c>LIKE</c>. Record ids are unique
/// across agents.
/// </summary>
public sealed partial class SqliteMemoryStore : IMemoryStore, IDisposable
{
    internal const string Columns = "id, agent, text, embedding, metadata, run, node, created, expires";

    private const string InsertSql =
        $"INSERT INTO memories ({Columns}) VALUES ($id, $agent, $text, $embedding, $metadata, $run, $node, $created, $expires) ON CONFLICT (id) DO NOTHING";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value NOT NULL);
        CREATE TABLE IF NOT EXISTS memories (
            id TEXT PRIMARY KEY, agent TEXT NOT NULL, text TEXT NOT NULL, embedding BLOB NOT NULL, metadata TEXT,
            run TEXT, node TEXT, created INTEGER NOT NULL, expires INTEGER);
        CREATE INDEX IF NOT EXISTS memories_agent ON memories (agent, created);
        CREATE INDEX IF NOT EXISTS memories_expires ON memories (expires) WHERE expires IS NOT NULL;
        INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0), ('embedder', $name), ('dimensions', $dimensions);
        SELECT (SELECT value FROM meta WHERE key = 'embedder'), (SELECT value FROM meta WHERE key = 'dimensions');
        """;

    private readonly string _connectionString;
    private readonly int _dimensions;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, AgentVectorIndex> _indexes = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="databasePath"/> for vectors of
    /// <paramref name="embedderName"/> with <paramref name="dimensions"/> floats.
    /// </summary>
    /// <exception cref="ConfigurationException">The file was built with another embedder or dimension.</exception>
    public SqliteMemoryStore(string databasePath, string embedderName, int dimensions, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentException.ThrowIfNullOrEmpty(embedderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the memory file stores float32 little-endian; this machine is big-endian");
        }

        _dimensions = dimensions;
        _time = timeProvider ?? TimeProvider.System;
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
        Initialise(embedderName);
    }

    /// <summary>Full path of the SQLite file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<string> AddAsync(MemoryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.Id);
        ArgumentException.ThrowIfNullOrEmpty(record.Agent);
        var embedding = Normalised(record.Embedding, nameof(record));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(
            connection,
            transaction,
            InsertSql,
            ("$id", record.Id),
            ("$agent", record.Agent),
            ("$text", record.Text),
            ("$embedding", MemoryMarshal.AsBytes(embedding.AsSpan()).ToArray()),
            ("$metadata", record.Metadata?.ToJsonString()),
            ("$run", record.RunId),
            ("$node", record.NodeId),
            ("$created", ToTicks(record.CreatedAt)),
            ("$expires", record.ExpiresAt is { } expires ? ToTicks(expires) : null));
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            await BumpRevisionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return record.Id;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(
        string agent, float[] query, int k, double minScore, double recencyWeight, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentOutOfRangeException.ThrowIfLessThan(recencyWeight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recencyWeight, 1);
        var normalised = Normalised(query, nameof(query));
        if (k <= 0)
        {
            return [];
        }

        var index = await GetIndexAsync(agent, cancellationToken).ConfigureAwait(false);
        return index.Search(normalised, k, minScore, recencyWeight, ToTicks(now));
    }

    /// <summary>Releases the pooled connections to the file (so it can be moved or deleted).</summary>
    public void Dispose()
    {
        _indexes.Clear();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal static async Task<long> ReadRevisionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT value FROM meta WHERE key = 'revision'");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // the SQL is constant text of this class; every value is a parameter
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>The agent's cached snapshot, reloaded when the file's revision moved on since it was read.</summary>
    private async Task<AgentVectorIndex> GetIndexAsync(string agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var revision = await ReadRevisionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (!_indexes.TryGetValue(agent, out var index) || index.Revision != revision)
        {
            index = await AgentVectorIndex.LoadAsync(connection, agent, _dimensions, cancellationToken).ConfigureAwait(false);
            _indexes[agent] = index;
        }

        return index;
    }

    private static long ToTicks(DateTime time) => UtcTicks.From(time);

    private static async Task BumpRevisionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var bump = Command(connection, transaction, "UPDATE meta SET value = value + 1 WHERE key = 'revision'");
        await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private float[] Normalised(float[] vector, string parameter) => UnitVector.Normalise(vector, _dimensions, parameter);

    // Like the engine's default durability: a commit survives a crash of the process, not of the machine.
    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteFile.OpenAsync(_connectionString, "PRAGMA synchronous=NORMAL", cancellationToken);

    private void Initialise(string embedderName)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var setup = Command(connection, null, "PRAGMA journal_mode=WAL;" + Schema, ("$name", embedderName), ("$dimensions", _dimensions));
        using var reader = setup.ExecuteReader();
        reader.NextResult(); // past the journal_mode row, to the SELECT (statements without rows yield no result)
        reader.Read();
        IndexEmbedder.Ensure(
            "memory.embedder",
            $"the memory index '{DatabasePath}'",
            (reader.GetString(0), reader.GetInt32(1)),
            (embedderName, _dimensions),
            "move the file aside to start an empty index");
    }
}
