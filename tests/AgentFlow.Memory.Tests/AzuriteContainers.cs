using Azure;
using Azure.Storage.Blobs;

namespace AgentFlow.Memory.Tests;

/// <summary>
/// Azurite at <c>UseDevelopmentStorage=true</c> (start it with <c>bash infra/local/azurite.sh</c>), shared by one test
/// class: hands each test its own container named after a prefix unique to the class, and deletes every container
/// with that prefix afterwards.
/// </summary>
public sealed class AzuriteContainers : IAsyncLifetime
{
    private const string ConnectionString = "UseDevelopmentStorage=true";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private int _next;

    public BlobServiceClient Service { get; } = new(ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 2, NetworkTimeout = TimeSpan.FromSeconds(30) } });

    /// <summary>Lowercase, so every container name stays valid (3-63 chars of [a-z0-9-]).</summary>
    public string Prefix { get; } = "memtest-" + Guid.NewGuid().ToString("N")[..12];

    public BlobContainerClient NextContainer() => Service.GetBlobContainerClient($"{Prefix}-{Interlocked.Increment(ref _next)}");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await Service.GetPropertiesAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException)
        {
            throw new InvalidOperationException($"Azurite is not answering at {ConnectionString} (127.0.0.1:10000); start it with: bash infra/local/azurite.sh", ex);
        }
    }

    public async Task DisposeAsync()
    {
        await foreach (var container in Service.GetBlobContainersAsync(prefix: Prefix))
        {
            await Service.DeleteBlobContainerAsync(container.Name);
        }
    }
}
