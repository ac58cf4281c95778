using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Memory;

/// <summary>
/// Binds <see cref="EmbedderOptions"/> from the optional <c>memory</c> object of <c>agentflow.json</c>
/// (<c>{ "embedder": "local" | "openai" | "azure-openai", "model", "baseUrl", "apiKeyEnv", "dimensions", "store":
/// "sqlite" | "azure-blob", "connectionString", "container" }</c>), then <c>AGENTFLOW__MEMORY__EMBEDDER</c>, <c>__MODEL</c>,
/// <c>__BASEURL</c>, <c>__APIKEYENV</c>, <c>__DIMENSIONS</c>, <c>__STORE</c>, <c>__CONNECTIONSTRING</c>, <c>__CONTAINER</c>.
/// The azure-blob store's connection string defaults to the azure-storage backend's (<c>azureStorage.connectionString</c>).
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
        configuration.Bind("memory.store", MemoryStoreNames.Parse, v => options.Store = v);
        configuration.Bind("memory.container", v => options.Container = v);
        configuration.Bind("memory.connectionString", v => options.ConnectionString = v);
        configuration.Bind("azureStorage.connectionString", v => options.ConnectionString ??= v);
    }
}
