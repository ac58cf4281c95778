using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Backends;

/// <summary>The durable backends (configuration <c>backend</c>); written as <c>sqlite</c> and <c>azure-storage</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackendKind>))]
public enum BackendKind
{
    /// <summary><c>sqlite</c>: the embedded task hub in the data directory (the default).</summary>
    [JsonStringEnumMemberName("sqlite")]
    Sqlite,

    /// <summary><c>azure-storage</c>: the Durable Task Framework's Azure Storage provider, for scale-out.</summary>
    [JsonStringEnumMemberName("azure-storage")]
    AzureStorage,
}
