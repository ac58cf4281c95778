using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// The retrieval index shared by every machine of a task hub: one blob per source namespace
/// (<c>&lt;key&gt;.index</c> in the container, see <see cref="RetrievalBlob"/> for its format) holding that source's
/// documents, content hashes, chunks and vectors. A write is a read-modify-write of the blob under its ETag
/// (If-Match, or If-None-Match: * for a new blob), re-read and re-applied when another writer got there first. A
/// search re-checks the blob's ETag (one HEAD request) and downloads it only when it changed, so a source indexed on
/// one machine is searched on every other without being read or embedded again.
/// </summary>
internal sealed partial class BlobRetrievalIndex : IRetrievalIndex
{
    /// <summary>Conflicting writers each win eventually; this only guards against a livelock.</summary>
    private const int MaxAttempts = 100;

    private readonly BlobContainerClient _container;
    private readonly string _embedderName;
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private volatile bool _containerExists;

    /// <summary>An index in <paramref name="container"/> (created on first write) for vectors of the named embedder.</summary>
    public BlobRetrievalIndex(BlobContainerClient container, string embedderName, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(embedderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the retrieval index stores float32 little-endian; this machine is big-endian");
        }

        _container = container;
        _embedderName = embedderName;
        Dimensions = dimensions;
    }

    /// <inheritdoc/>
    public string Location => _container.Uri.ToString();

    /// <summary>Length of every stored vector.</summary>
    public int Dimensions { get; }

    /// <inheritdoc/>
    public async Task<(IReadOnlyDictionary<string, string> Hashes, string? Chunker)> ReadDocumentsAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var cached = await LoadAsync(key, cancellationToken).ConfigureAwait(false);
        return cached is null
            ? (new Dictionary<string, string>(StringComparer.Ordinal), null)
            : (cached.Blob.Documents.ToDictionary(d => d.Key, d => d.Value.Hash, StringComparer.Ordinal), cached.Blob.Chunker);
    }

    /// <inheritdoc/>
    public async Task ApplyAsync(
        ResolvedSource source,
        string chunker,
        IReadOnlyList<IndexedDocument> upserts,
        IReadOnlyCollection<string> removals,
        bool forgetHashes,
        DateTime now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        var client = BlobFor(source.Key);
        for (var attempt = 1; ; attempt++)
        {
            // First on top of the cached blob (a copy: searches may be reading it): when no other machine wrote since,
            // the upload succeeds without a download; after a conflict, on a fresh download.
            var (current, etag) = attempt == 1 && _cache.TryGetValue(source.Key, out var cached)
                ? (cached.Blob.Copy(), cached.ETag)
                : await DownloadAsync(client, cancellationToken).ConfigureAwait(false);
            var blob = current ?? RetrievalBlob.Empty(_embedderName, Dimensions);
            blob.Apply(source, chunker, upserts, removals, forgetHashes, now);
            var conditions = current is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = etag };
            try
            {
                await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
                var response = await client.UploadAsync(blob.ToBinaryData(), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
                _cache[source.Key] = new Cached(response.Value.ETag, blob);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another machine wrote the blob since it was read: read it again and re-apply this change on top.
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt < MaxAttempts)
            {
                _containerExists = false; // deleted under us: create it again
            }
        }
    }

    /// <summary>Forgets the cached blobs.</summary>
    public void Dispose() => _cache.Clear();

    /// <summary>The namespace's blob as of now, from the cache when its ETag has not moved; null when it does not exist.</summary>
    private async Task<Cached?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var client = BlobFor(key);
        if (_cache.TryGetValue(key, out var cached))
        {
            try
            {
                var properties = await client.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (properties.Value.ETag == cached.ETag)
                {
                    return cached;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                _cache.TryRemove(key, out _);
                return null;
            }
        }

        var (blob, etag) = await DownloadAsync(client, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            _cache.TryRemove(key, out _);
            return null;
        }

        cached = new Cached(etag, blob);
        _cache[key] = cached;
        return cached;
    }

    private async Task<(RetrievalBlob? Blob, ETag ETag)> DownloadAsync(BlobClient client, CancellationToken cancellationToken)
    {
        BlobDownloadResult content;
        try
        {
            content = (await client.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, default);
        }

        var blob = RetrievalBlob.Parse(content.Content, client.Uri.ToString());
        IndexEmbedder.Ensure(
            "retrieval.embedder",
            $"the retrieval index blob '{client.Uri}'",
            (blob.Embedder, blob.Dimensions),
            (_embedderName, Dimensions),
            "delete the blob: it is rebuilt from its source on the next search or 'agentflow ingest'");
        return (blob, content.Details.ETag);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerExists)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerExists = true;
        }
    }

    private BlobClient BlobFor(string key) => _container.GetBlobClient(key + ".index");

    /// <summary>A downloaded blob with the ETag it had, and its search view (built on first search).</summary>
    private sealed class Cached(ETag etag, RetrievalBlob blob)
    {
        private readonly Lazy<SearchView> _view = new(() => new SearchView(blob));

        public ETag ETag { get; } = etag;

        public RetrievalBlob Blob { get; } = blob;

        public SearchView View => _view.Value;
    }
}
