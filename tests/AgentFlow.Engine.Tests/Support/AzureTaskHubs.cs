using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DurableTask.AzureStorage;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// Removes what a test class left in Azurite: the task hub (queues, tables and lease containers, through the
/// provider's own <c>DeleteAsync</c>), the shared-record tables and the blob containers named after the hub, so runs of the
/// suite do not pile up state that slows Azurite down (it keeps tables in one JSON file).
/// </summary>
internal static class AzureTaskHubs
{
    public static async Task DeleteAsync(string connectionString, string taskHub)
    {
        using (var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            TaskHubName = taskHub,
        }))
        {
            await service.DeleteAsync();
        }

        // The shared records named after the hub (HUBAudit, HUBEffects, HUBLinks): the provider does not know them.
        var tables = new Azure.Data.Tables.TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync($"TableName ge '{taskHub}' and TableName lt '{taskHub}~'"))
        {
            await tables.DeleteTableAsync(table.Name);
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var item in blobs.GetBlobContainersAsync(prefix: taskHub.ToLowerInvariant() + "-"))
        {
            // The provider's app lease outlives a stopped worker until it expires; break it so the container can go.
            var container = blobs.GetBlobContainerClient(item.Name);
            if (item.Properties.LeaseState == LeaseState.Leased)
            {
                await container.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
            }

            await container.DeleteIfExistsAsync();
        }
    }
}
