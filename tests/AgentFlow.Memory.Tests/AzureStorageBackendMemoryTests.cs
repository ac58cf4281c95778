using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Core.Paths;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Memory.Tests;

/// <summary>
/// On the azure-storage backend, memory defaults to the azure-blob store in container <c>&lt;task hub&gt;-memory</c> of
/// the storage account the host registers (a <see cref="BlobServiceClient"/>), so every worker on every machine shares it.
/// </summary>
public sealed class AzureStorageBackendMemoryTests(AzuriteContainers azurite) : IClassFixture<AzuriteContainers>, IAsyncLifetime
{
    // An account nothing listens for: a store that used it would fail.
    private const string UnreachableAccount = "DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey=bm9ib2R5;BlobEndpoint=http://127.0.0.1:9/nobody";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agentflow-memory-backend-").FullName;

    /// <summary>A task hub name of this test alone (letters and digits); its memory container is deleted afterwards.</summary>
    private readonly string _hub = "Hub" + Guid.NewGuid().ToString("N")[..10];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await azurite.Service.GetBlobContainerClient(MemoryContainer).DeleteIfExistsAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public void Bind_AzureStorageBackendWithoutMemoryStore_DefaultsToAzureBlobInTheHubsContainer()
    {
        var options = Bind(new() { ["backend"] = "azure-storage", ["azureStorage:taskHubName"] = "NightlyHub" });

        Assert.Equal((MemoryStoreKind.AzureBlob, "nightlyhub-memory", null), (options.Store, options.Container, options.ConnectionString));
    }

    [Fact]
    public void Bind_AzureStorageBackendWithoutTaskHub_UsesTheDefaultHubsContainer()
    {
        Assert.Equal("agentflow-memory", Bind(new() { ["backend"] = "Azure-Storage" }).Container);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sqlite")]
    public void Bind_SqliteBackendOrExplicitSqlite_StaysSqlite(string? store)
    {
        var settings = new Dictionary<string, string?> { ["backend"] = store is null ? "sqlite" : "azure-storage", ["memory:store"] = store };

        Assert.Equal(MemoryStoreKind.Sqlite, Bind(settings).Store);
    }

    [Fact]
    public void Bind_ExplicitContainer_Wins()
    {
        Assert.Equal("shared-notes", Bind(new() { ["backend"] = "azure-storage", ["memory:container"] = "shared-notes" }).Container);
    }

    [Fact]
    public async Task AddMemory_AzureStorageBackend_RememberedMemoryIsRecalledByAnotherComposition()
    {
        var settings = new Dictionary<string, string?> { ["backend"] = "azure-storage", ["azureStorage:taskHubName"] = _hub };
        await using (var first = Compose(settings, azurite.Service))
        {
            var store = first.GetRequiredService<IMemoryStore>();
            Assert.IsType<BlobMemoryStore>(store);
            await store.AddTextAsync("editor", "The keyboard refund was approved");
        }

        await using var second = Compose(settings, new BlobServiceClient("UseDevelopmentStorage=true"));
        var hits = await second.GetRequiredService<IMemoryStore>().SearchTextAsync("editor", "keyboard refund");

        Assert.Equal("The keyboard refund was approved", Assert.Single(hits).Record.Text);
        Assert.True(await azurite.Service.GetBlobContainerClient(MemoryContainer).ExistsAsync());
        Assert.False(File.Exists(Path.Combine(_dataDirectory, MemoryServices.DatabaseFileName)));
    }

    [Fact]
    public async Task AddMemory_AzureStorageBackendWithExplicitSqlite_UsesTheLocalFile()
    {
        await using var provider = Compose(new() { ["backend"] = "azure-storage", ["azureStorage:taskHubName"] = _hub, ["memory:store"] = "sqlite" }, azurite.Service);

        await provider.GetRequiredService<IMemoryStore>().AddTextAsync("editor", "kept locally");

        Assert.True(File.Exists(Path.Combine(_dataDirectory, MemoryServices.DatabaseFileName)));
        Assert.False(await azurite.Service.GetBlobContainerClient(MemoryContainer).ExistsAsync());
    }

    [Fact]
    public async Task AddMemory_ExplicitConnectionString_WinsOverTheRegisteredAccount()
    {
        var settings = new Dictionary<string, string?>
        {
            ["backend"] = "azure-storage",
            ["azureStorage:taskHubName"] = _hub,
            ["memory:connectionString"] = "UseDevelopmentStorage=true",
        };
        await using var provider = Compose(settings, new BlobServiceClient(UnreachableAccount));

        await provider.GetRequiredService<IMemoryStore>().AddTextAsync("editor", "explicit account");

        Assert.True(await azurite.Service.GetBlobContainerClient(MemoryContainer).ExistsAsync());
    }

    [Fact]
    public async Task AddMemory_RegisteredAccount_WinsOverTheBackendConnectionString()
    {
        var settings = new Dictionary<string, string?>
        {
            ["backend"] = "azure-storage",
            ["azureStorage:taskHubName"] = _hub,
            ["azureStorage:connectionString"] = UnreachableAccount,
        };
        await using var provider = Compose(settings, azurite.Service);

        Assert.IsType<BlobMemoryStore>(provider.GetRequiredService<IMemoryStore>());
        await provider.GetRequiredService<IMemoryStore>().AddTextAsync("editor", "registered account");

        Assert.Single(await provider.GetRequiredService<IMemoryStore>().ListAsync("editor", 10));
    }

    [Fact]
    public void AddMemory_AzureStorageBackendWithoutAnyAccount_FailsNamingTheSetting()
    {
        using var provider = Compose(new() { ["backend"] = "azure-storage", ["azureStorage:taskHubName"] = _hub }, account: null);

        var ex = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<IMemoryStore>());

        Assert.Contains("memory.connectionString", ex.Message, StringComparison.Ordinal);
    }

    private string MemoryContainer => $"{_hub.ToLowerInvariant()}-memory";

    private static EmbedderOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new EmbedderOptions();
        EmbedderOptionsBinder.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    private ServiceProvider Compose(Dictionary<string, string?> settings, BlobServiceClient? account) =>
        MemoryComposition.Compose(_dataDirectory, settings, account);
}
