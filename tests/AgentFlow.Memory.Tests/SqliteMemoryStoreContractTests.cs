namespace AgentFlow.Memory.Tests;

/// <summary>The memory store contract against a SQLite file in a temporary directory.</summary>
public sealed class SqliteMemoryStoreContractTests : MemoryStoreContractTests, IDisposable
{
    private readonly TestDatabase _db = new();

    /// <summary>Runs after <see cref="MemoryStoreContractTests.DisposeAsync"/> released the stores, so the file can go.</summary>
    public void Dispose() => _db.Dispose();

    protected override Task<IMemoryStore> OpenStoreAsync(int dimensions, TimeProvider? time) =>
        Task.FromResult<IMemoryStore>(_db.Open(dimensions, time));
}
