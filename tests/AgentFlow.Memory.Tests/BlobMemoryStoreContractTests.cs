using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace AgentFlow.Memory.Tests;

/// <summary>The memory store contract against Azurite, one fresh container per test; plus the blob layout.</summary>
public sealed class BlobMemoryStoreContractTests(AzuriteContainers azurite) : MemoryStoreContractTests, IClassFixture<AzuriteContainers>
{
    private readonly BlobContainerClient _container = azurite.NextContainer();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _container.DeleteIfExistsAsync();
    }

    [Fact]
    public async Task AddAsync_Record_StoredAsOneJsonBlobUnderTheEscapedAgent()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("Ns:ed/itor", "keyboard refund", expires: TestDatabase.Now.AddDays(1), metadata: """{ "order": "A-1" }""", id: "m/1");

        var content = await _container.GetBlobClient("agents/_4Es_3Aed_2Fitor/m_2F1.json").DownloadContentAsync();
        var json = JsonNode.Parse(content.Value.Content.ToString())!.AsObject();

        Assert.Equal("keyboard refund", (string?)json["text"]);
        Assert.Equal("A-1", (string?)json["metadata"]!["order"]);
        Assert.Equal("2025-06-02T12:00:00.0000000Z", (string?)json["expires"]);
        Assert.Equal(384 * sizeof(float), Convert.FromBase64String((string)json["embedding"]!).Length);
    }

    [Fact]
    public async Task SearchAsync_BlobOfOtherAgentWithSharedTextPrefix_NotListed()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("a", "keyboard refund one");
        await store.AddTextAsync("a-", "keyboard refund two");
        await store.AddTextAsync("ab", "keyboard refund three");

        Assert.Equal("keyboard refund one", Assert.Single(await store.SearchTextAsync("a", "keyboard refund", k: 10)).Record.Text);
    }

    protected override async Task<IMemoryStore> OpenStoreAsync(int dimensions, TimeProvider? time)
    {
        var store = new BlobMemoryStore(_container, MemoryStoreTestExtensions.Embedder.Name, dimensions, time);
        await store.InitializeAsync();
        return store;
    }
}
