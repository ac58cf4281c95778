namespace AgentFlow.Memory.Tests;

/// <summary>Adds and searches texts through the local embedder, so store tests read as sentences.</summary>
internal static class MemoryStoreTestExtensions
{
    public static LocalEmbedder Embedder { get; } = new();

    public static async Task<string> AddTextAsync(
        this IMemoryStore store, string agent, string text, DateTime? created = null, DateTime? expires = null, string? metadata = null, string? id = null) =>
        await store.AddAsync(new MemoryRecord
        {
            Id = id ?? Guid.NewGuid().ToString("N"),
            Agent = agent,
            Text = text,
            Embedding = await Embedder.EmbedAsync(text),
            Metadata = metadata is null ? null : System.Text.Json.Nodes.JsonNode.Parse(metadata)!.AsObject(),
            CreatedAt = created ?? TestDatabase.Now,
            ExpiresAt = expires,
        });

    public static async Task<IReadOnlyList<MemoryHit>> SearchTextAsync(
        this IMemoryStore store, string agent, string query, int k = 5, double minScore = 0, double recencyWeight = 0) =>
        await store.SearchAsync(agent, await Embedder.EmbedAsync(query), k, minScore, recencyWeight, TestDatabase.Now);
}
