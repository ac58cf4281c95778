namespace AgentFlow.Memory;

/// <summary>Builds the embedded memory setup the engine uses by default.</summary>
public static class MemoryServices
{
    /// <summary>The memory file's name inside the data directory.</summary>
    public const string DatabaseFileName = "memory.db";

    /// <summary>
    /// The <see cref="LocalEmbedder"/> (384 dimensions) and a <see cref="SqliteMemoryStore"/> at
    /// <c><paramref name="dataDirectory"/>/memory.db</c>, created if missing.
    /// </summary>
    /// <exception cref="Engine.EngineConfigurationException">The file was built with another embedder.</exception>
    public static (IMemoryStore Store, IEmbedder Embedder) CreateDefault(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var embedder = new LocalEmbedder();
        var store = new SqliteMemoryStore(Path.Combine(dataDirectory, DatabaseFileName), embedder.Name, embedder.Dimensions);
        return (store, embedder);
    }
}
