using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Memory.Tests;

/// <summary>
/// Behaviour every <see cref="IMemoryStore"/> must show, run once per store by a derived class that says how to open
/// a store over the test's own (initially empty) backend.
/// </summary>
public abstract partial class MemoryStoreContractTests : IAsyncLifetime
{
    private readonly List<IMemoryStore> _opened = [];

    /// <summary>Opens a store over this test's backend; a second call opens another instance over the same data.</summary>
    /// <remarks>Must throw <see cref="ConfigurationException"/> when the data was built with another dimension.</remarks>
    protected abstract Task<IMemoryStore> OpenStoreAsync(int dimensions, TimeProvider? time);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            (store as IDisposable)?.Dispose();
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task SearchAsync_SeveralMemories_ReturnsMostSimilarFirst()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "weather in Paris is sunny");
        await store.AddTextAsync("editor", "customer wants a refund for a broken keyboard");
        await store.AddTextAsync("editor", "keyboard shortcuts for the editor");

        var hits = await store.SearchTextAsync("editor", "keyboard refund request");

        Assert.Equal("customer wants a refund for a broken keyboard", hits[0].Record.Text);
        Assert.Equal("keyboard shortcuts for the editor", hits[1].Record.Text);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task SearchAsync_KAndMinScore_LimitTheHits()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.AddTextAsync("editor", $"refund number {i} for a keyboard");
        }

        await store.AddTextAsync("editor", "weather in Paris");

        Assert.Equal(2, (await store.SearchTextAsync("editor", "keyboard refund", k: 2)).Count);
        var relevant = await store.SearchTextAsync("editor", "keyboard refund", k: 10, minScore: 0.2);
        Assert.Equal(5, relevant.Count);
        Assert.All(relevant, hit => Assert.True(hit.Score >= 0.2));
    }

    [Theory]
    [InlineData("editor", "editor2")]
    [InlineData("edi_tor", "editor")]
    [InlineData("edi%", "editor")]
    [InlineData("a/b", "a")]
    [InlineData("ns:editor", "ns:")]
    [InlineData("editor", "Editor")]
    public async Task SearchListForget_OtherNamespace_NeverSeen(string agent, string other)
    {
        var store = await OpenAsync();
        await store.AddTextAsync(agent, "keyboard refund approved");
        await store.AddTextAsync(other, "keyboard refund rejected");

        var hits = await store.SearchTextAsync(agent, "keyboard refund", k: 10);
        var listed = await store.ListAsync(agent, 10);
        var forgotten = await store.ForgetAsync(agent, id: null, metadataFilter: null);

        Assert.Equal("keyboard refund approved", Assert.Single(hits).Record.Text);
        Assert.Equal(agent, Assert.Single(listed).Agent);
        Assert.Equal(1, forgotten);
        Assert.Single(await store.ListAsync(other, 10));
    }

    [Fact]
    public async Task SearchAndList_ExpiredMemory_IsHiddenAndThenPurged()
    {
        var clock = new ManualTimeProvider(TestDatabase.Now);
        var store = await OpenAsync(time: clock);
        await store.AddTextAsync("editor", "keyboard refund expired", expires: TestDatabase.Now);
        await store.AddTextAsync("editor", "keyboard refund later", expires: TestDatabase.Now.AddDays(1));

        var hits = await store.SearchTextAsync("editor", "keyboard refund", k: 10);
        var listed = await store.ListAsync("editor", 10);
        var purged = await store.PurgeExpiredAsync(TestDatabase.Now);

        Assert.Equal("keyboard refund later", Assert.Single(hits).Record.Text);
        Assert.Equal("keyboard refund later", Assert.Single(listed).Text);
        Assert.Equal(1, purged);
        clock.UtcNow = TestDatabase.Now.AddDays(2);
        Assert.Empty(await store.ListAsync("editor", 10));
    }

    [Fact]
    public async Task ForgetAsync_ById_DeletesOnlyThatMemory()
    {
        var store = await OpenAsync();
        var id = await store.AddTextAsync("editor", "first");
        await store.AddTextAsync("editor", "second");

        Assert.Equal(0, await store.ForgetAsync("editor2", id, null));
        Assert.Equal(1, await store.ForgetAsync("editor", id, null));
        Assert.Equal("second", Assert.Single(await store.ListAsync("editor", 10)).Text);
    }

    [Fact]
    public async Task ForgetAsync_ByMetadata_DeletesMemoriesContainingEveryPair()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "a", metadata: """{ "customer": "jane", "order": "A-1" }""");
        await store.AddTextAsync("editor", "b", metadata: """{ "customer": "jane", "order": "A-2" }""");
        await store.AddTextAsync("editor", "c", metadata: """{ "customer": "joe", "order": 5 }""");
        await store.AddTextAsync("editor", "d");

        var deleted = await store.ForgetAsync("editor", null, JsonNode.Parse("""{ "customer": "jane", "order": "A-2" }""")!.AsObject());
        var typeMismatch = await store.ForgetAsync("editor", null, JsonNode.Parse("""{ "order": "5" }""")!.AsObject());

        Assert.Equal(1, deleted);
        Assert.Equal(0, typeMismatch);
        Assert.Equal(["a", "c", "d"], (await store.ListAsync("editor", 10)).Select(r => r.Text).Order());
    }

    [Fact]
    public async Task ForgetAsync_NoIdNoFilter_DeletesEveryMemoryOfTheAgent()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "a");
        await store.AddTextAsync("editor", "b");
        await store.AddTextAsync("editor2", "c");

        Assert.Equal(2, await store.ForgetAsync("editor", null, null));
        Assert.Empty(await store.ListAsync("editor", 10));
        Assert.Single(await store.ListAsync("editor2", 10));
    }

    [Fact]
    public async Task AddAsync_ExistingId_KeepsTheFirstRecord()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "first", id: "same");
        await store.AddTextAsync("editor", "second", id: "same");

        Assert.Equal("first", Assert.Single(await store.ListAsync("editor", 10)).Text);
    }

    [Fact]
    public async Task Open_ExistingStore_KeepsMemories()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "keyboard refund", metadata: """{ "order": "A-1" }""");
        (store as IDisposable)?.Dispose();

        var reopened = await OpenAsync();
        var hit = Assert.Single(await reopened.SearchTextAsync("editor", "keyboard refund"));

        Assert.Equal("A-1", hit.Record.Metadata!["order"]!.GetValue<string>());
        Assert.Equal(TestDatabase.Now, hit.Record.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, hit.Record.CreatedAt.Kind);
        Assert.Equal(1.0, hit.Score, 4);
    }

    [Fact]
    public async Task Open_OtherDimension_ThrowsNamingBoth()
    {
        await OpenAsync();

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => OpenAsync(dimensions: 256));

        Assert.Equal("memory.embedder", error.Setting);
        Assert.Contains("'local-hash-v1' (384 dimensions)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'local-hash-v1' (256 dimensions)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_AfterAddAndForgetByAnotherInstance_SeesTheChange()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        await store.AddTextAsync("editor", "keyboard refund one");
        Assert.Single(await store.SearchTextAsync("editor", "keyboard refund"));

        var id = await other.AddTextAsync("editor", "keyboard refund two");
        Assert.Equal(2, (await store.SearchTextAsync("editor", "keyboard refund")).Count);

        await other.ForgetAsync("editor", id, null);
        Assert.Single(await store.SearchTextAsync("editor", "keyboard refund"));
    }

    /// <summary>Opens a store that is disposed (when disposable) after the test.</summary>
    protected async Task<IMemoryStore> OpenAsync(int? dimensions = null, TimeProvider? time = null)
    {
        var store = await OpenStoreAsync(dimensions ?? MemoryStoreTestExtensions.Embedder.Dimensions, time);
        _opened.Add(store);
        return store;
    }
}
