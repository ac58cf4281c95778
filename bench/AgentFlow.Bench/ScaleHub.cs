using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace AgentFlow.Bench;

/// <summary>
/// The storage side of one <c>bench/run.sh scale</c> variant: who owns the task hub's partitions (the provider's
/// table partition manager: one row per control queue in table <c>HUBPartitions</c>, naming its <c>CurrentOwner</c>
/// and, while a lease is handed over, its <c>NextOwner</c>), and removing
/// every table and container named after the hub once the variant is done (Azurite slows as its table file grows).
/// </summary>
internal sealed class ScaleHub(string connectionString, string taskHub)
{
    private readonly string _taskHub = taskHub;
    private readonly BlobServiceClient _blobs = new(connectionString);
    private readonly TableServiceClient _tables = new(connectionString);
    private readonly string _prefix = taskHub.ToLowerInvariant();

    /// <summary>
    /// Waits until <paramref name="workers"/> distinct workers hold the partition leases, none more than its fair
    /// share and none being handed over, so the measurement starts with the hub spread over every worker.
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
            // The provider's app lease container stays leased for up to a minute after the workers stopped.
            var client = _blobs.GetBlobContainerClient(container.Name);
            if (container.Properties.LeaseState == LeaseState.Leased)
            {
                await client.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: cancellationToken);
            }

            await client.DeleteAsync(cancellationToken: cancellationToken);
        }
    }

    private async Task<Dictionary<string, string>> OwnersAsync(CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var lease in _tables.GetTableClient(_taskHub + "Partitions").QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                // A lease being handed over (NextOwner set) or lapsed does not count yet.
                if (lease.GetString("CurrentOwner") is { Length: > 0 } owner && lease.GetString("NextOwner") is null or ""
                    && lease.GetDateTimeOffset("ExpiresAt") > DateTimeOffset.UtcNow)
                {
                    owners[lease.RowKey] = owner;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No partitions table yet: no worker has started its partition manager.
        }

        return owners;
    }
}
