using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Memory;

/// <summary>The one place that turns memory store names into <see cref="MemoryStoreKind"/>.</summary>
public static class MemoryStoreNames
{
    /// <summary>Parses a configured name (case-insensitive).</summary>
    /// <exception cref="ConfigurationException">The name is not a store; the message lists the choices.</exception>
    public static MemoryStoreKind Parse(string name, string setting = "memory.store")
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "sqlite" => MemoryStoreKind.Sqlite,
            "azure-blob" => MemoryStoreKind.AzureBlob,
            _ => throw new ConfigurationException(setting, $"is '{name}'; use sqlite or azure-blob"),
        };
    }
}
