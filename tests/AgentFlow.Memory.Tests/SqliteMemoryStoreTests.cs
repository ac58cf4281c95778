using AgentFlow.Engine;

namespace AgentFlow.Memory.Tests;

public sealed class SqliteMemoryStoreTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task SearchAsync_SeveralMemories_ReturnsMostSimilarFirst()
    {
        using var store = _db.Open();
        await _db.AddAsync(store, "editor", "weather in Paris is sunny");
        await _db.AddAsync(store, "editor", "customer wants a refund for a broken keyboard");
        await _db.AddAsync(store, "editor", "keyboard shortcuts for the editor");

        var hits = await _db.SearchAsync(store, "editor", "keyboard refund request");

        Assert.Equal("customer wants a refund for a broken keyboard", hits[0].Record.Text);
        Assert.Equal("keyboard shortcuts for the editor", hits[1].Record.Text);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task SearchAsync_KAndMinScore_LimitTheHits()
    {
        using var store = _db.Open();
        for (var i = 0; i < 5; i++)
        {
            await _db.AddAsync(store, "editor", $"refund number {i} for a keyboard");
        }

        await _db.AddAsync(store, "editor", "weather in Paris");

        Assert.Equal(2, (await _db.SearchAsync(store, "editor", "keyboard refund", k: 2)).Count);
        var relevant = await _db.SearchAsync(store, "editor", "keyboard refund", k: 10, minScore: 0.2);
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
        using var store = _db.Open();
        await _db.AddAsync(store, agent, "keyboard refund approved");
        await _db.AddAsync(store, other, "keyboard refund rejected");

        var hits = await _db.SearchAsync(store, agent, "keyboard refund", k: 10);
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
        using var store = _db.Open(time: clock);
        await _db.AddAsync(store, "editor", "keyboard refund expired", expires: TestDatabase.Now);
        await _db.AddAsync(store, "editor", "keyboard refund later", expires: TestDatabase.Now.AddDays(1));

        var hits = await _db.SearchAsync(store, "editor", "keyboard refund", k: 10);
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
        using var store = _db.Open();
        var id = await _db.AddAsync(store, "editor", "first");
        await _db.AddAsync(store, "editor", "second");

        Assert.Equal(0, await store.ForgetAsync("editor2", id, null));
        Assert.Equal(1, await store.ForgetAsync("editor", id, null));
        Assert.Equal("second", Assert.Single(await store.ListAsync("editor", 10)).Text);
    }

    [Fact]
    public async Task ForgetAsync_ByMetadata_DeletesMemoriesContainingEveryPair()
    {
        using var store = _db.Open();
        await _db.AddAsync(store, "editor", "a", metadata: """{ "customer": "jane", "order": "A-1" }""");
        await _db.AddAsync(store, "editor", "b", metadata: """{ "customer": "jane", "order": "A-2" }""");
        await _db.AddAsync(store, "editor", "c", metadata: """{ "customer": "joe", "order": 5 }""");
        await _db.AddAsync(store, "editor", "d");

        var deleted = await store.ForgetAsync("editor", null, System.Text.Json.Nodes.JsonNode.Parse("""{ "customer": "jane", "order": "A-2" }""")!.AsObject());
        var typeMismatch = await store.ForgetAsync("editor", null, System.Text.Json.Nodes.JsonNode.Parse("""{ "order": "5" }""")!.AsObject());

        Assert.Equal(1, deleted);
        Assert.Equal(0, typeMismatch);
        Assert.Equal(["a", "c", "d"], (await store.ListAsync("editor", 10)).Select(r => r.Text).Order());
    }

    [Fact]
    public async Task AddAsync_ExistingId_KeepsTheFirstRecord()
    {
        using var store = _db.Open();
        await _db.AddAsync(store, "editor", "first", id: "same");
        await _db.AddAsync(store, "editor", "second", id: "same");

        Assert.Equal("first", Assert.Single(await store.ListAsync("editor", 10)).Text);
    }

    [Fact]
    public async Task Open_ExistingFile_KeepsMemories()
    {
        using (var store = _db.Open())
        {
            await _db.AddAsync(store, "editor", "keyboard refund", metadata: """{ "order": "A-1" }""");
        }

        using var reopened = _db.Open();
        var hit = Assert.Single(await _db.SearchAsync(reopened, "editor", "keyboard refund"));

        Assert.Equal("A-1", hit.Record.Metadata!["order"]!.GetValue<string>());
        Assert.Equal(TestDatabase.Now, hit.Record.CreatedAt);
        Assert.Equal(1.0, hit.Score, 4);
    }

    [Fact]
    public void Open_OtherDimension_ThrowsNamingBoth()
    {
        _db.Open().Dispose();

        var error = Assert.Throws<EngineConfigurationException>(() => _db.Open(dimensions: 256));

        Assert.Equal("memory.embedder", error.Setting);
        Assert.Contains("'local-hash-v1' (384 dimensions)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'local-hash-v1' (256 dimensions)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_AfterAddAndForget_SeesTheChange()
    {
        using var store = _db.Open();
        using var other = _db.Open();
        await _db.AddAsync(store, "editor", "keyboard refund one");
        Assert.Single(await _db.SearchAsync(store, "editor", "keyboard refund"));

        var id = await _db.AddAsync(other, "editor", "keyboard refund two");
        Assert.Equal(2, (await _db.SearchAsync(store, "editor", "keyboard refund")).Count);

        await store.ForgetAsync("editor", id, null);
        Assert.Single(await _db.SearchAsync(store, "editor", "keyboard refund"));
    }
}
