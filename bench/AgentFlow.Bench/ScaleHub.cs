using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AgentFlow.Bench;

/// <summary>
/// The storage side of one <c>bench/run.sh scale</c> variant: who owns the task hub's partitions (the provider's
/// ownership leases, blobs <c>HUB-leases/default/HUB-control-NN</c> whose JSON names the <c>Owner</c>), and removing
/// every table and container named after the hub once the variant is done (Azurite slows as its table file grows).
/// </summary>
internal sealed class ScaleHub(string connectionString, string taskHub)
{
    private readonly BlobServiceClient _blobs = new(connectionString);
    private readonly TableServiceClient _tables = new(connectionString);
    private readonly string _prefix = taskHub.ToLowerInvariant();

    /// <summary>
    /// Waits until <paramref name="workers"/> distinct workers hold the partition leases, none more than its fair
    /// share, so the measurement starts with the hub spread over every worker (the provider moves leases every ~10 s).
    /// Returns the owners by partition; after <paramref name="limit"/>, whatever they are.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> BalancedAsync(int workers, int partitions, TimeSpan limit, CancellationToken cancellationToken)
    {
        var fair = (partitions + workers - 1) / workers;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var owners = await OwnersAsync(cancellationToken);
            var counts = owners.Values.GroupBy(o => o, StringComparer.Ordinal).Select(g => g.Count()).ToList();
            if ((owners.Count == partitions && counts.Count == workers && counts.All(c => c <= fair)) || DateTime.UtcNow > deadline)
            {
                return owners;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Deletes the tables and containers whose names start with the hub's name (its queues go with the provider's own delete).</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await foreach (var table in _tables.QueryAsync($"TableName ge '{_prefix}' and TableName lt '{_prefix}{{'", cancellationToken: cancellationToken))
        {
            await _tables.DeleteTableAsync(table.Name, cancellationToken);
        }

        await foreach (var container in _blobs.GetBlobContainersAsync(prefix: _prefix, cancellationToken: cancellationToken))
        {
            await _blobs.DeleteBlobContainerAsync(container.Name, cancellationToken: cancellationToken);
        }
    }

    private async Task<Dictionary<string, string>> OwnersAsync(CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var container = _blobs.GetBlobContainerClient($"{_prefix}-leases");
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "default/", cancellationToken))
            {
                if (blob.Properties.LeaseState != LeaseState.Leased)
                {
                    continue;
                }

                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                using var lease = JsonDocument.Parse(content.Value.Content.ToMemory());
                if (lease.RootElement.TryGetProperty("Owner", out var owner) && owner.GetString() is { Length: > 0 } name)
                {
                    owners[blob.Name] = name;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No leases container yet: no worker has started its partition manager.
        }

        return owners;
    }
}
