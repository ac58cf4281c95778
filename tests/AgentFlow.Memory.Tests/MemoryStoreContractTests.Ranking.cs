namespace AgentFlow.Memory.Tests;

/// <summary>Ranking: recency blending and tie order.</summary>
public abstract partial class MemoryStoreContractTests
{
    [Fact]
    public async Task SearchAsync_RecencyWeight_PrefersNewNearMatchOverOldExactMatch()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "keyboard refund approved", created: TestDatabase.Now.AddDays(-90));
        await store.AddTextAsync("editor", "keyboard refund approved for Jane", created: TestDatabase.Now);

        var bySimilarity = await store.SearchTextAsync("editor", "keyboard refund approved");
        var byRecency = await store.SearchTextAsync("editor", "keyboard refund approved", recencyWeight: 0.5);

        Assert.Equal("keyboard refund approved", bySimilarity[0].Record.Text);
        Assert.Equal("keyboard refund approved for Jane", byRecency[0].Record.Text);
        // score = (1 - w) * cosine + w * exp(-ageDays / 30): the old exact match keeps 0.5 + 0.5 * e^-3.
        Assert.Equal(0.5 + (0.5 * Math.Exp(-3)), byRecency[1].Score, 6);
    }

    [Fact]
    public async Task SearchAsync_EqualScores_NewerFirstThenSmallerId()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "same text", created: TestDatabase.Now.AddDays(-1), id: "a");
        await store.AddTextAsync("editor", "same text", created: TestDatabase.Now, id: "c");
        await store.AddTextAsync("editor", "same text", created: TestDatabase.Now, id: "b");

        var hits = await store.SearchTextAsync("editor", "same text");

        Assert.Equal(["b", "c", "a"], hits.Select(h => h.Record.Id));
    }

    [Fact]
    public async Task ListAsync_Limit_NewestFirst()
    {
        var store = await OpenAsync();
        await store.AddTextAsync("editor", "old", created: TestDatabase.Now.AddDays(-2));
        await store.AddTextAsync("editor", "new", created: TestDatabase.Now);
        await store.AddTextAsync("editor", "middle", created: TestDatabase.Now.AddDays(-1));

        var listed = await store.ListAsync("editor", 2);

        Assert.Equal(["new", "middle"], listed.Select(r => r.Text));
    }
}
