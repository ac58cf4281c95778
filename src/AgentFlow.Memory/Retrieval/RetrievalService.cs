using System.Collections.Concurrent;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using AgentFlow.Core.Paths;
using Azure.Storage.Blobs;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Indexes declared retrieval sources into <c>DATA/retrieval.db</c> (or, on the azure-storage backend, into one blob
/// per source in a container every machine shares) and searches them: the one entry point of the
/// <c>retrieve</c> node executor and of <c>agentflow ingest</c>. Indexing is incremental by content hash; searching
/// first brings the source's index up to date, which costs a directory listing when nothing changed (remote sources
/// are re-fetched at most every <see cref="RetrievalOptions.RemoteRefreshInterval"/> per process).
/// </summary>
public sealed partial class RetrievalService : IDisposable
{
    /// <summary>The index file's name inside the data directory.</summary>
    public const string DatabaseFileName = "retrieval.db";

    private readonly IRetrievalIndex _index;
    private readonly IEmbedder _embedder;
    private readonly RetrievalOptions _options;
    private readonly TextChunker _chunker;
    private readonly TimeProvider _time;
    private readonly PathConfinement _paths;
    private readonly HttpClient? _ownedClient;
    private readonly Dictionary<string, ISourceReader> _readers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? Fingerprint, DateTimeOffset At)> _indexed = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the index at <c><paramref name="dataDirectory"/>/retrieval.db</c> for vectors of <paramref name="embedder"/>,
    /// or, when <paramref name="indexContainer"/> is set, the shared index in that blob container (one blob per source,
    /// created on first write). Remote sources are fetched with <paramref name="httpClient"/> (a private client when
    /// null); readers in <paramref name="readers"/> replace the built-in reader of their kind.
    /// </summary>
    /// <exception cref="ConfigurationException">The index file was built with another embedder (a blob built with another embedder is refused when read).</exception>
    public RetrievalService(
        string dataDirectory,
        IEmbedder embedder,
        RetrievalOptions? options = null,
        HttpClient? httpClient = null,
        IEnumerable<ISourceReader>? readers = null,
        TimeProvider? timeProvider = null,
        BlobContainerClient? indexContainer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        _options = options ?? new RetrievalOptions();
        _chunker = new TextChunker(_options.ChunkTokens, _options.ChunkOverlapTokens);
        _time = timeProvider ?? TimeProvider.System;
        _paths = new PathConfinement(_options.AllowPaths);
        _index = indexContainer is null
            ? new SqliteRetrievalIndex(Path.Combine(dataDirectory, DatabaseFileName), embedder.Name, embedder.Dimensions)
            : new BlobRetrievalIndex(indexContainer, embedder.Name, embedder.Dimensions);
        var client = httpClient ?? (_ownedClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }));
        foreach (var reader in new ISourceReader[] { new FileSourceReader(), new RssSourceReader(client, _options), new HttpSourceReader(client, _options) }.Concat(readers ?? []))
        {
            _readers[reader.Kind] = reader;
        }
    }

    /// <summary>Where the index lives: the full path of the index file, or the URI of the shared blob container.</summary>
    public string IndexLocation => _index.Location;

    /// <summary>
    /// Problems that would stop <paramref name="source"/> from being indexed, found without reading it (a glob that
    /// matches nothing, a missing feed file, a malformed URL, a path outside the workflow's folder and
    /// <see cref="RetrievalOptions.AllowPaths"/>); each names the field at fault, e.g.
    /// <c>$.sources.news.path</c>. Empty when it looks readable.
    /// </summary>
    public IReadOnlyList<string> Check(SourceDefinition source, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var resolved = ResolvedSource.Resolve(source, baseDirectory, _paths);
            return [.. ReaderFor(resolved).Check(resolved)];
        }
        catch (SourceReadException e)
        {
            return [e.Message];
        }
    }

    /// <summary>
    /// Reads <paramref name="source"/> (paths relative to <paramref name="baseDirectory"/>, the workflow's folder) and
    /// brings its index up to date: unchanged documents are skipped, changed ones re-chunked and re-embedded, vanished
    /// ones deleted.
    /// </summary>
    /// <exception cref="SourceReadException">The source cannot be read; the index keeps its previous state for documents not yet written.</exception>
    public async Task<IndexCounts> IndexAsync(SourceDefinition source, string baseDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var resolved = ResolvedSource.Resolve(source, baseDirectory, _paths);
        var reader = ReaderFor(resolved);
        var gate = _locks.GetOrAdd(resolved.Key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await IndexLockedAsync(resolved, reader, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The <paramref name="top"/> chunks of <paramref name="source"/> that best match <paramref name="query"/> (BM25
    /// and vector rankings fused by reciprocal rank), after bringing the source's index up to date if it may have
    /// changed. Empty for a blank query.
    /// </summary>
    /// <exception cref="SourceReadException">The source had to be (re-)indexed and cannot be read.</exception>
    public async Task<IReadOnlyList<RetrievalHit>> SearchAsync(
        SourceDefinition source, string baseDirectory, string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(query);
        var resolved = ResolvedSource.Resolve(source, baseDirectory, _paths);
        await RefreshAsync(resolved, ReaderFor(resolved), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(query) || top <= 0)
        {
            return [];
        }

        var vector = await _embedder.EmbedAsync(query, cancellationToken).ConfigureAwait(false);
        return await _index.SearchAsync(resolved.Key, query, vector, top, _options.Candidates, _options.FusionK, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the index (file or cached blobs) and the private HTTP client.</summary>
    public void Dispose()
    {
        _index.Dispose();
        _ownedClient?.Dispose();
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }

    private ISourceReader ReaderFor(ResolvedSource source) =>
        _readers.TryGetValue(source.Kind, out var reader)
            ? reader
            : throw new SourceReadException(source.Definition.Name, source.Field, $"no reader for source kind '{source.Kind}' is registered");
}
