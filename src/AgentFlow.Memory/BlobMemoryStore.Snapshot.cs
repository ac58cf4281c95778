using Azure;
using Azure.Storage.Blobs.Models;

namespace AgentFlow.Memory;

/// <summary>The per-agent cache: the records by blob name and ETag, and the vector index built from them.</summary>
public sealed partial class BlobMemoryStore
{
    private const int DownloadParallelism = 16;

    /// <summary>The agent's snapshot, refreshed from a listing of its blobs (see the type's remarks).</summary>
    private async Task<AgentSnapshot> GetSnapshotAsync(string agent, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var listed = new Dictionary<string, ETag>(StringComparer.Ordinal);
        var options = new GetBlobsOptions { Prefix = BlobMemoryNames.AgentPrefix(agent) };
        await foreach (var item in _container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            listed[item.Name] = item.Properties.ETag ?? default;
        }

        _snapshots.TryGetValue(agent, out var cached);
        if (cached is not null && cached.IsCurrent(listed))
        {
            return cached;
        }

        var entries = new Dictionary<string, CachedRecord>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (name, etag) in listed)
        {
            if (cached is not null && cached.Entries.TryGetValue(name, out var entry) && entry.ETag == etag)
            {
                entries[name] = entry;
            }
            else
            {
                missing.Add(name);
            }
        }

        var downloaded = await DownloadAsync(missing, cancellationToken).ConfigureAwait(false);
        foreach (var (name, entry) in downloaded)
        {
            entries[name] = entry;
        }

        var snapshot = new AgentSnapshot(entries, AgentVectorIndex.FromRecords(entries.Values.Select(e => e.Record).ToArray(), _dimensions));
        _snapshots[agent] = snapshot;
        return snapshot;
    }

    /// <summary>Downloads and parses <paramref name="names"/>; a blob deleted since the listing is skipped.</summary>
    private async Task<IReadOnlyList<KeyValuePair<string, CachedRecord>>> DownloadAsync(List<string> names, CancellationToken cancellationToken)
    {
        var results = new KeyValuePair<string, CachedRecord>?[names.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = DownloadParallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, names.Count, parallel, async (i, token) =>
        {
            try
            {
                var content = await _container.GetBlobClient(names[i]).DownloadContentAsync(token).ConfigureAwait(false);
                var record = BlobMemoryDocument.Read(content.Value.Content, names[i], _dimensions);
                results[i] = new(names[i], new CachedRecord(content.Value.Details.ETag, record));
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Forgotten between the listing and the download: it is gone, so leave it out.
            }
        }).ConfigureAwait(false);
        return results.OfType<KeyValuePair<string, CachedRecord>>().ToArray();
    }

    /// <summary>One record as downloaded, with the ETag it had.</summary>
    private sealed record CachedRecord(ETag ETag, MemoryRecord Record);

    /// <summary>An agent's records (expired ones too) and the index over them.</summary>
    private sealed class AgentSnapshot(IReadOnlyDictionary<string, CachedRecord> entries, AgentVectorIndex index)
    {
        public IReadOnlyDictionary<string, CachedRecord> Entries { get; } = entries;

        public AgentVectorIndex Index { get; } = index;

        /// <summary>True when <paramref name="listed"/> names exactly these blobs with these ETags.</summary>
        public bool IsCurrent(Dictionary<string, ETag> listed) =>
            listed.Count == Entries.Count && listed.All(pair => Entries.TryGetValue(pair.Key, out var entry) && entry.ETag == pair.Value);
    }
}
