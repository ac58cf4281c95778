using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AgentFlow.Memory;

/// <summary>
/// A memory store in one Azure Blob Storage container, for workers that share a storage account instead of a file:
/// one JSON blob per record under <c>agents/{escaped agent}/{escaped id}.json</c> (see <see cref="BlobMemoryNames"/>
/// and <see cref="BlobMemoryDocument"/>) and an <c>index.json</c> naming the embedder and dimensions. Search is exact
/// and ranks like <see cref="SqliteMemoryStore"/>: an agent's vectors are held in one contiguous array and scanned
/// with SIMD dot products.
/// </summary>
/// <remarks>
/// <para>
/// Freshness: every search, list or filtered forget lists the agent's blobs (one request per 5,000 records) and
/// compares their ETags with the cached snapshot; only new or changed blobs are downloaded, and the array is rebuilt
/// only when the set changed. So writes from other processes are seen on the next call, at the cost of one listing.
/// </para>
/// <para>
/// Record ids are unique per agent (they are part of the blob name), not across agents as in the SQLite store.
/// The container is created and <c>index.json</c> checked on first use, or earlier by <see cref="InitializeAsync"/>.
/// </para>
/// </remarks>
public sealed partial class BlobMemoryStore : IMemoryStore
{
    private const string ExpiresMetadataKey = "expires";

    private readonly BlobContainerClient _container;
    private readonly string _embedderName;
    private readonly int _dimensions;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, AgentSnapshot> _snapshots = new(StringComparer.Ordinal);
    private int _ready;

    /// <summary>
    /// A store in <paramref name="container"/> for vectors of <paramref name="embedderName"/> with
    /// <paramref name="dimensions"/> floats. Nothing is sent to the service until the first operation.
    /// </summary>
    public BlobMemoryStore(BlobContainerClient container, string embedderName, int dimensions, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(embedderName);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("memory blobs store float32 little-endian; this machine is big-endian");
        }

        _container = container;
        _embedderName = embedderName;
        _dimensions = dimensions;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Creates the container if missing and records (or checks) the embedder in <c>index.json</c>. Every operation
    /// does this once on its own; call it to fail at start-up rather than on the first memory node.
    /// </summary>
    /// <exception cref="ConfigurationException">The container was built with another embedder or dimension.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var meta = _container.GetBlobClient(BlobMemoryNames.IndexMeta);
        var wanted = new JsonObject { ["embedder"] = _embedderName, ["dimensions"] = _dimensions };
        if (!await TryCreateAsync(meta, BinaryData.FromString(wanted.ToJsonString()), null, cancellationToken).ConfigureAwait(false))
        {
            var stored = JsonNode.Parse((await meta.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString());
            IndexEmbedder.Ensure(
                "memory.embedder",
                $"the memory index '{_container.Uri}'",
                ((string?)stored?["embedder"], (int?)stored?["dimensions"]),
                (_embedderName, _dimensions),
                "use another container to start an empty index");
        }

        Volatile.Write(ref _ready, 1);
    }

    /// <inheritdoc />
    /// <remarks>Uploads with <c>If-None-Match: *</c>, so an existing blob (same agent and id) is never overwritten.</remarks>
    public async Task<string> AddAsync(MemoryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.Id);
        ArgumentException.ThrowIfNullOrEmpty(record.Agent);
        var embedding = UnitVector.Normalise(record.Embedding, _dimensions, nameof(record));
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);

        // The expiry also goes into blob metadata, so purging reads a listing instead of every document.
        var metadata = record.ExpiresAt is { } expires
            ? new Dictionary<string, string> { [ExpiresMetadataKey] = UtcTicks.From(expires).ToString(CultureInfo.InvariantCulture) }
            : null;
        var blob = _container.GetBlobClient(BlobMemoryNames.Record(record.Agent, record.Id));
        await TryCreateAsync(blob, BlobMemoryDocument.Write(record, embedding), metadata, cancellationToken).ConfigureAwait(false);
        return record.Id;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(
        string agent, float[] query, int k, double minScore, double recencyWeight, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentOutOfRangeException.ThrowIfLessThan(recencyWeight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recencyWeight, 1);
        var normalised = UnitVector.Normalise(query, _dimensions, nameof(query));
        if (k <= 0)
        {
            return [];
        }

        var snapshot = await GetSnapshotAsync(agent, cancellationToken).ConfigureAwait(false);
        return snapshot.Index.Search(normalised, k, minScore, recencyWeight, UtcTicks.From(now));
    }

    /// <inheritdoc />
    /// <remarks>Served from the same snapshot as search, so listing an agent loads its vectors too.</remarks>
    public async Task<IReadOnlyList<MemoryRecord>> ListAsync(string agent, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var snapshot = await GetSnapshotAsync(agent, cancellationToken).ConfigureAwait(false);
        return snapshot.Index.List(limit, UtcTicks.From(_time.GetUtcNow().UtcDateTime));
    }

    /// <summary>Uploads <paramref name="content"/> unless the blob exists; false when it did.</summary>
    private static async Task<bool> TryCreateAsync(BlobClient blob, BinaryData content, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = metadata,
        };
        try
        {
            await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // 409 BlobAlreadyExists, or 412 when a concurrent writer won the race.
            return false;
        }
    }

    private async ValueTask EnsureReadyAsync(CancellationToken cancellationToken)
    {
        // Initialising is idempotent, so racing first calls may both do it; no lock needed.
        if (Volatile.Read(ref _ready) == 0)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
