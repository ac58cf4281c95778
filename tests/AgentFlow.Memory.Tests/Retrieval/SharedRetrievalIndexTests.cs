using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Core.Paths;
using AgentFlow.Memory.Retrieval;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>
/// <c>AddMemory</c> picks the retrieval index: container <c>&lt;task hub&gt;-retrieval</c> of the host's storage account
/// on the azure-storage backend, so every machine shares it; retrieval.db in the data directory otherwise.
/// </summary>
public sealed class SharedRetrievalIndexTests(AzuriteContainers azurite) : IClassFixture<AzuriteContainers>, IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agentflow-retrieval-backend-").FullName;

    /// <summary>A task hub name of this test alone; its retrieval container is deleted afterwards.</summary>
    private readonly string _hub = "Hub" + Guid.NewGuid().ToString("N")[..10];

    private string RetrievalContainer => $"{_hub.ToLowerInvariant()}-retrieval";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await azurite.Service.GetBlobContainerClient(RetrievalContainer).DeleteIfExistsAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task AddMemory_AzureStorageBackend_IndexesIntoTheHubsRetrievalContainer()
    {
        await using var provider = Compose(new() { ["backend"] = "azure-storage", ["azureStorage:taskHubName"] = _hub }, azurite.Service);
        var service = provider.GetRequiredService<RetrievalService>();

        var counts = await service.IndexAsync(RetrievalFolder.Files("data/articles/*.md", "articles"), RepoData.Workflows);

        Assert.Equal(4, counts.Added);
        Assert.EndsWith($"/{RetrievalContainer}", service.IndexLocation, StringComparison.Ordinal);
        var blobs = new List<string>();
        await foreach (var blob in azurite.Service.GetBlobContainerClient(RetrievalContainer).GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Assert.EndsWith(".index", Assert.Single(blobs), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, RetrievalService.DatabaseFileName)));
    }

    [Fact]
    public async Task AddMemory_SqliteBackend_IndexesIntoTheDataDirectory()
    {
        await using var provider = Compose(new() { ["backend"] = "sqlite", ["azureStorage:taskHubName"] = _hub }, azurite.Service);
        var service = provider.GetRequiredService<RetrievalService>();

        await service.IndexAsync(RetrievalFolder.Files("data/articles/*.md", "articles"), RepoData.Workflows);

        Assert.Equal(Path.Combine(_dataDirectory, RetrievalService.DatabaseFileName), service.IndexLocation);
        Assert.False(await azurite.Service.GetBlobContainerClient(RetrievalContainer).ExistsAsync());
    }

    [Fact]
    public void AddMemory_AzureStorageBackendWithoutAnyAccount_FailsNamingTheSetting()
    {
        using var provider = Compose(new() { ["backend"] = "azure-storage", ["azureStorage:taskHubName"] = _hub }, account: null);

        var error = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<RetrievalService>());

        Assert.Equal("azureStorage.connectionString", error.Setting);
    }

    private ServiceProvider Compose(Dictionary<string, string?> settings, BlobServiceClient? account) =>
        MemoryComposition.Compose(_dataDirectory, settings, account);
}
