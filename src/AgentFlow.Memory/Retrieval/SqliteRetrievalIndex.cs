using System.Collections.Concurrent;
using System.Globalization;
using AgentFlow.Abstractions.Configuration;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// The retrieval index: one SQLite file (WAL) shared by every workflow of a data directory. Each source namespace
/// (<see cref="ResolvedSource.Key"/>) has its documents with their content hashes, its chunks (text, citation,
/// offset, float32 embedding) and a BM25 inverted index (term → chunk, term frequency; chunk lengths on the chunks).
/// A <c>meta</c> table names the embedder the file was built with. Searches run on a per-namespace snapshot of the
/// vectors, reloaded when the namespace's revision moved on (a write by this or another process).
/// </summary>
internal sealed partial class SqliteRetrievalIndex : IRetrievalIndex
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value NOT NULL);
        CREATE TABLE IF NOT EXISTS sources (
            id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, location TEXT NOT NULL,
            chunker TEXT NOT NULL, revision INTEGER NOT NULL, indexed INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS documents (
            ns INTEGER NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (ns, id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, ns INTEGER NOT NULL, document TEXT NOT NULL, ordinal INTEGER NOT NULL,
            start INTEGER NOT NULL, title TEXT NOT NULL, citation TEXT NOT NULL, text TEXT NOT NULL,
            terms INTEGER NOT NULL, embedding BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_document ON chunks (ns, document, ordinal);
        CREATE TABLE IF NOT EXISTS postings (
            ns INTEGER NOT NULL, term TEXT NOT NULL, chunk INTEGER NOT NULL, tf INTEGER NOT NULL,
            PRIMARY KEY (ns, term, chunk)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS postings_chunk ON postings (chunk);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', 1), ('embedder', $name), ('dimensions', $dimensions);
        SELECT (SELECT value FROM meta WHERE key = 'embedder'), (SELECT value FROM meta WHERE key = 'dimensions');
        """;

    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, RetrievalSnapshot> _snapshots = new(StringComparer.Ordinal);

    /// <summary>Opens (creating if needed) the index at <paramref name="databasePath"/> for vectors of the named embedder.</summary>
    /// <exception cref="ConfigurationException">The file was built with another embedder or dimension.</exception>
    public SqliteRetrievalIndex(string databasePath, string embedderName, int dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentException.ThrowIfNullOrEmpty(embedderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the retrieval index stores float32 little-endian; this machine is big-endian");
        }

        Dimensions = dimensions;
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
        Initialise(embedderName);
    }

    /// <summary>Full path of the SQLite file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc/>
    public string Location => DatabasePath;

    /// <summary>Length of every stored vector.</summary>
    public int Dimensions { get; }

    /// <summary>The stored content hash of every document of namespace <paramref name="key"/>, and the chunker that chunked them.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Hashes, string? Chunker)> ReadDocumentsAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var source = SqliteMemoryStore.Command(connection, transaction, "SELECT chunker FROM sources WHERE key = $key", ("$key", key));
        if (await source.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string chunker)
        {
            return (hashes, null);
        }

        await using var select = SqliteMemoryStore.Command(
            connection, transaction, "SELECT d.id, d.hash FROM documents d JOIN sources s ON s.id = d.ns WHERE s.key = $key", ("$key", key));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes[reader.GetString(0)] = reader.GetString(1);
        }

        return (hashes, chunker);
    }

    /// <summary>Releases the pooled connections to the file (so it can be moved or deleted).</summary>
    public void Dispose()
    {
        _snapshots.Clear();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static long ReadLong(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    // The index can always be rebuilt from its sources: a commit that survives a process crash is enough.
    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteFile.OpenAsync(_connectionString, "PRAGMA synchronous=NORMAL", cancellationToken);

    private void Initialise(string embedderName)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var setup = SqliteMemoryStore.Command(connection, null, "PRAGMA journal_mode=WAL;" + Schema, ("$name", embedderName), ("$dimensions", Dimensions));
        using var reader = setup.ExecuteReader();
        reader.NextResult(); // past the journal_mode row, to the SELECT
        reader.Read();
        IndexEmbedder.Ensure(
            "retrieval.embedder",
            $"the retrieval index '{DatabasePath}'",
            (reader.GetString(0), reader.GetInt32(1)),
            (embedderName, Dimensions),
            "delete the file: it is rebuilt from the sources on the next search or 'agentflow ingest'");
    }
}
