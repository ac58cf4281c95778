using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Tests;

/// <summary>A memory file in its own temporary directory, deleted afterwards.</summary>
internal sealed class TestDatabase : IDisposable
{
    public static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public TestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "agentflow-memory-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, "memory.db");

    public LocalEmbedder Embedder { get; } = new();

    public SqliteMemoryStore Open(int? dimensions = null, TimeProvider? time = null) =>
        new(FilePath, Embedder.Name, dimensions ?? Embedder.Dimensions, time);

    public async Task<string> AddAsync(
        IMemoryStore store, string agent, string text, DateTime? created = null, DateTime? expires = null, string? metadata = null, string? id = null) =>
        await store.AddAsync(new MemoryRecord
        {
            Id = id ?? Guid.NewGuid().ToString("N"),
            Agent = agent,
            Text = text,
            Embedding = await Embedder.EmbedAsync(text),
            Metadata = metadata is null ? null : System.Text.Json.Nodes.JsonNode.Parse(metadata)!.AsObject(),
            CreatedAt = created ?? Now,
            ExpiresAt = expires,
        });

    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(IMemoryStore store, string agent, string query, int k = 5, double minScore = 0, double recencyWeight = 0) =>
        await store.SearchAsync(agent, await Embedder.EmbedAsync(query), k, minScore, recencyWeight, Now);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
