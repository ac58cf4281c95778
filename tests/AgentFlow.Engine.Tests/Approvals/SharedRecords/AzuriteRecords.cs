using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>
/// Azurite (or AGENTFLOW_TEST_AZURE_STORAGE) for one test class of shared records: hands out containers and tables
/// named after a prefix unique to the class, and deletes all of them afterwards.
/// </summary>
public sealed class AzuriteRecords : IAsyncLifetime
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private int _next;

    public BlobServiceClient Blobs { get; } = new(AzureStorageFixture.ConnectionString);

    public TableServiceClient Tables { get; } = new(AzureStorageFixture.ConnectionString);

    /// <summary>Letters and digits only, so it is valid in container and table names alike.</summary>
    public string Prefix { get; } = "rec" + Guid.NewGuid().ToString("N")[..12];

    public BlobContainerClient NextContainer() => Blobs.GetBlobContainerClient($"{Prefix}-{Interlocked.Increment(ref _next)}");

    public TableClient NextTable() => Tables.GetTableClient($"{Prefix}t{Interlocked.Increment(ref _next)}");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await Blobs.GetPropertiesAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException)
        {
            throw new InvalidOperationException($"Azurite is not answering at {AzureStorageFixture.ConnectionString}; start it with: bash infra/local/azurite.sh", ex);
        }
    }

    public async Task DisposeAsync()
    {
        await foreach (var container in Blobs.GetBlobContainersAsync(prefix: Prefix))
        {
            await Blobs.DeleteBlobContainerAsync(container.Name);
        }

        await foreach (var table in Tables.QueryAsync(filter: $"TableName ge '{Prefix}' and TableName lt '{Prefix}~'"))
        {
            await Tables.DeleteTableAsync(table.Name);
        }
    }
}
