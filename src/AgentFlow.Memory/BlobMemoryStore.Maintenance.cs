using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;

namespace AgentFlow.Memory;

/// <summary>Forgetting and expiry.</summary>
public sealed partial class BlobMemoryStore
{
    private const int DeleteParallelism = 16;

    /// <inheritdoc />
    public async Task<int> ForgetAsync(string agent, string? id, JsonObject? metadataFilter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> doomed;
        if (metadataFilter is { Count: > 0 })
        {
            var snapshot = await GetSnapshotAsync(agent, cancellationToken).ConfigureAwait(false);
            doomed = snapshot.Entries
                .Where(entry => (id is null || entry.Value.Record.Id == id) && MetadataFilter.Matches(entry.Value.Record.Metadata, metadataFilter))
                .Select(entry => entry.Key)
                .ToArray();
        }
        else if (id is not null)
        {
            doomed = [BlobMemoryNames.Record(agent, id)];
        }
        else
        {
            doomed = await ListNamesAsync(BlobMemoryNames.AgentPrefix(agent), expiredBy: null, cancellationToken).ConfigureAwait(false);
        }

        return await DeleteAsync(doomed, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Decides from the listing's blob metadata, so no record is downloaded.</remarks>
    public async Task<int> PurgeExpiredAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var expired = await ListNamesAsync(BlobMemoryNames.AgentsRoot, UtcTicks.From(now), cancellationToken).ConfigureAwait(false);
        return await DeleteAsync(expired, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Blob names under <paramref name="prefix"/>; only those expired by then when <paramref name="expiredBy"/> is given.</summary>
    private async Task<IReadOnlyList<string>> ListNamesAsync(string prefix, long? expiredBy, CancellationToken cancellationToken)
    {
        var options = new GetBlobsOptions { Prefix = prefix, Traits = expiredBy is null ? BlobTraits.None : BlobTraits.Metadata };
        var names = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            if (expiredBy is not { } now || (item.Metadata.TryGetValue(ExpiresMetadataKey, out var text)
                && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires) && expires <= now))
            {
                names.Add(item.Name);
            }
        }

        return names;
    }

    /// <summary>Deletes <paramref name="names"/>; returns how many existed (a concurrent forget may have won).</summary>
    private async Task<int> DeleteAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(names, parallel, async (name, token) =>
        {
            var response = await _container.DeleteBlobIfExistsAsync(name, cancellationToken: token).ConfigureAwait(false);
            if (response.Value)
            {
                Interlocked.Increment(ref deleted);
            }
        }).ConfigureAwait(false);
        return deleted;
    }
}
