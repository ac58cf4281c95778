using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Memory;

/// <summary>
/// Binds <see cref="EmbedderOptions"/> from the optional <c>memory</c> object of <c>agentflow.json</c>
/// (<c>{ "embedder": "local" | "openai" | "azure-openai", "model", "baseUrl", "apiKeyEnv", "dimensions", "store":
/// "sqlite" | "azure-blob", "connectionString", "container", "preload": true | false }</c>), then <c>AGENTFLOW__MEMORY__EMBEDDER</c>, <c>__MODEL</c>,
/// <c>__BASEURL</c>, <c>__APIKEYENV</c>, <c>__DIMENSIONS</c>, <c>__STORE</c>, <c>__CONNECTIONSTRING</c>, <c>__CONTAINER</c>, <c>__PRELOAD</c>.
/// On the azure-storage backend (<c>backend</c>), <c>store</c> defaults to <c>azure-blob</c> and <c>container</c> to
/// <c>&lt;azureStorage.taskHubName, lowercased&gt;-memory</c>, so every worker on every machine shares the memories; set
/// <c>store</c> to <c>sqlite</c> to keep them local. Without <c>connectionString</c>, the azure-blob store uses the host's
/// registered <see cref="Azure.Storage.Blobs.BlobServiceClient"/>, else <c>azureStorage.connectionString</c>.
/// </summary>
public static class EmbedderOptionsBinder
{
    /// <summary>Binds <paramref name="options"/> from <paramref name="configuration"/>.</summary>
    /// <exception cref="ConfigurationException">A value cannot be read; the message names the setting.</exception>
    public static void Bind(EmbedderOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Bind("memory.embedder", v => options.Provider = v);
        configuration.Bind("memory.model", v => options.Model = v);
        configuration.Bind("memory.baseUrl", v => options.BaseUrl = v);
        configuration.Bind("memory.apiKeyEnv", v => options.ApiKeyEnv = v);
        configuration.Bind("memory.dimensions", ConfigurationSettings.WholeNumber(8, 8192, "give a vector length between 8 and 8192"), v => options.Dimensions = v);
        if (IsAzureStorageBackend(configuration))
        {
            options.Store = MemoryStoreKind.AzureBlob;
            options.Container = $"{TaskHubPrefix(configuration)}-memory";
        }

        configuration.Bind("memory.store", MemoryStoreNames.Parse, v => options.Store = v);
        configuration.Bind("memory.container", v => options.Container = v);
        configuration.Bind("memory.connectionString", v => options.ConnectionString = v);
        configuration.Bind("memory.preload", Flag, v => options.Preload = v);
        configuration.Bind("azureStorage.connectionString", v => options.BackendConnectionString = v);
    }

    private static bool Flag(string text, string setting) =>
        bool.TryParse(text, out var flag) ? flag : throw new ConfigurationException(setting, $"is '{text}'; use true or false");

    // The engine's names (AgentFlow.Engine's BackendNames and AzureStorageBackendOptions), which Memory cannot reference.
    private const string AzureStorageBackend = "azure-storage";
    private const string DefaultTaskHub = "agentflow";

    /// <summary>True when <c>backend</c> names the azure-storage backend.</summary>
    internal static bool IsAzureStorageBackend(IConfiguration configuration) =>
        string.Equals(configuration.Find("backend")?.Value.Trim(), AzureStorageBackend, StringComparison.OrdinalIgnoreCase);

    /// <summary>The task hub's name, lowercased: the prefix of the containers shared by the hub's machines.</summary>
    internal static string TaskHubPrefix(IConfiguration configuration) =>
        (configuration.Find("azureStorage.taskHubName")?.Value ?? DefaultTaskHub).Trim().ToLowerInvariant();
}
