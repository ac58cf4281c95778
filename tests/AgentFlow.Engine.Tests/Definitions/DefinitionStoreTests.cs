using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Tests.Support;
using Azure.Storage.Blobs;

namespace AgentFlow.Engine.Tests.Definitions;

/// <summary>
/// The synchronous read the orchestrator's definition cache uses returns what was saved, and null for an unknown pin,
/// in both stores (the blob store on Azurite).
/// </summary>
public sealed class DefinitionStoreTests : IDisposable
{
    private static readonly PinnedDefinition Definition = new(
        "0123456789abcdef0123", "flows/main.json", """{ "name": "main", "start": "a", "nodes": { "a": { "kind": "end" } } }""",
        new Dictionary<string, string> { ["call"] = "fedcba9876543210fedc" });

    private readonly string _root = Directory.CreateTempSubdirectory("agentflow-store-").FullName;

    [Fact]
    public async Task Read_FileStore_ReturnsTheSavedDefinitionOrNull()
    {
        var store = new FileDefinitionStore(_root);
        await store.SaveAsync(Definition);

        AssertSame(Definition, store.Read(Definition.Pin));
        Assert.Null(store.Read("00000000000000000000"));
    }

    [Fact]
    public async Task Read_BlobStore_ReturnsTheSavedDefinitionOrNull()
    {
        var container = $"definitions-test-{Guid.NewGuid():N}";
        var store = new BlobDefinitionStore(AzureStorageFixture.ConnectionString, container);
        try
        {
            await store.SaveAsync(Definition);

            AssertSame(Definition, store.Read(Definition.Pin));
            Assert.Null(store.Read("00000000000000000000"));
        }
        finally
        {
            await new BlobContainerClient(AzureStorageFixture.ConnectionString, container).DeleteIfExistsAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void AssertSame(PinnedDefinition expected, PinnedDefinition? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Pin, actual.Pin);
        Assert.Equal(expected.SourceFile, actual.SourceFile);
        Assert.Equal(expected.Json, actual.Json);
        Assert.Equal(expected.Links, actual.Links);
    }
}
