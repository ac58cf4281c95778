using System.Text.Json.Serialization;

namespace AgentFlow.Memory;

/// <summary>Where agents' memories live (configuration <c>memory.store</c>); written as <c>sqlite</c> and <c>azure-blob</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemoryStoreKind>))]
public enum MemoryStoreKind
{
    /// <summary><c>sqlite</c>: <c>memory.db</c> in the data directory (the default).</summary>
    [JsonStringEnumMemberName("sqlite")]
    Sqlite,

    /// <summary><c>azure-blob</c>: one blob per memory in an Azure Blob container.</summary>
    [JsonStringEnumMemberName("azure-blob")]
    AzureBlob,
}
