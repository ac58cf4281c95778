using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory;

/// <summary>
/// The embedded memory store: one SQLite file (WAL) with a <c>memories</c> table (embeddings as float32
/// little-endian blobs, times as UTC ticks) and a <c>meta</c> table naming the embedder and dimension the file was
/// built with. Each agent's vectors are also kept in files beside it (<c>memory.db.vectors/</c>, see
/// <see cref="VectorFileLayout"/>), written inside the same write transactions and tied to the rows by the
/// <c>memory_vectors</c> table, so opening needs no pass over the rows: a search scans the memory-mapped int8 codes
/// and re-ranks the best candidates exactly with their float vectors. Files that are missing, corrupt or stale are
/// rebuilt from the rows, which stay the source of truth. Agent namespaces are compared with SQL <c>=</c> (binary
/// collation), never <c>LIKE</c>. Record ids are unique across agents.
/// </summary>
public sealed partial class SqliteMemoryStore : IMemoryStore, IDisposable
{
    internal const string Columns = "id, agent, text, embedding, metadata, run, node, created, expires";

    private const string InsertSql =
        $"INSERT INTO memories ({Columns}) VALUES ($id, $agent, $text, $embedding, $metadata, $run, $node, $created, $expires) ON CONFLICT (id) DO NOTHING RETURNING rowid";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value NOT NULL);
        CREATE TABLE IF NOT EXISTS memories (
            id TEXT PRIMARY KEY, agent TEXT NOT NULL, text TEXT NOT NULL, embedding BLOB NOT NULL, metadata TEXT,
            run TEXT, node TEXT, created INTEGER NOT NULL, expires INTEGER);
        CREATE INDEX IF NOT EXISTS memories_agent ON memories (agent, created);
        CREATE INDEX IF NOT EXISTS memories_expires ON memories (expires) WHERE expires IS NOT NULL;
        CREATE TABLE IF NOT EXISTS memory_vectors (
            agent TEXT PRIMARY KEY, generation INTEGER NOT NULL, nonce INTEGER NOT NULL, count INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0), ('embedder', $name), ('dimensions', $dimensions), ('vector_revision', -1);
        SELECT (SELECT value FROM meta WHERE key = 'embedder'), (SELECT value FROM meta WHERE key = 'dimensions');
        """;

    private readonly string _connectionString;
    private readonly int _dimensions;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MappedVectors> _mapped = new(StringComparer.Ordinal);
    private readonly Lock _mapping = new();
    private readonly ConcurrentDictionary<string, Task> _preloading = new(StringComparer.Ordinal);

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
        VectorFolder = VectorFileLayout.Folder(DatabasePath);
        Initialise(embedderName);
    }

    /// <summary>Full path of the SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>The folder of the agents' vector files (<c>memory.db.vectors</c> beside the SQLite file).</summary>
    public string VectorFolder { get; }

    /// <summary>Test hook: runs after a write's rows and vector files are written and before its commit (throw to simulate a crash).</summary>
    internal Action? BeforeCommit { get; set; }

    /// <inheritdoc />
    public async Task<string> AddAsync(MemoryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.Id);
        ArgumentException.ThrowIfNullOrEmpty(record.Agent);
        var embedding = Normalised(record.Embedding, nameof(record));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var vectors = new VectorTransaction(connection, transaction, VectorFolder, _dimensions);
        await vectors.BeginAsync(cancellationToken).ConfigureAwait(false);
        await vectors.PrepareAsync(record.Agent, null, cancellationToken).ConfigureAwait(false);
        var created = ToTicks(record.CreatedAt);
        long? expires = record.ExpiresAt is { } expiry ? ToTicks(expiry) : null;
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
            ("$created", created),
            ("$expires", expires));
        var rowId = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (rowId is long row)
        {
            vectors.Append(record.Agent, row, embedding, created, expires);
        }

        await CommitAsync(transaction, vectors, changed: rowId is long, cancellationToken).ConfigureAwait(false);
        return record.Id;
    }

    /// <summary>Releases the pooled connections to the file (so it can be moved or deleted).</summary>
    public void Dispose()
    {
        foreach (var mapped in _mapped.Values)
        {
            mapped.Dispose();
        }

        _mapped.Clear();
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

    private static long ToTicks(DateTime time) => UtcTicks.From(time);

    /// <summary>Completes the vector files' side of a write, then commits it and deletes files it made stale.</summary>
    private async Task CommitAsync(SqliteTransaction transaction, VectorTransaction vectors, bool changed, CancellationToken cancellationToken)
    {
        await vectors.CompleteAsync(changed, cancellationToken).ConfigureAwait(false);
        BeforeCommit?.Invoke();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        vectors.DeleteStaleFiles();
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
