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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
