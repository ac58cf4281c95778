using AgentFlow.Memory;

namespace AgentFlow.Cli.Configuration;

/// <summary>
/// The embedder for memory and retrieval: the optional <c>memory</c> object of <c>agentflow.json</c>
/// (<c>{ "embedder": "local" | "openai" | "azure-openai", "model", "baseUrl", "apiKeyEnv", "dimensions", "store":
/// "sqlite" | "azure-blob", "connectionString", "container" }</c>), then <c>AGENTFLOW__MEMORY__EMBEDDER</c>, <c>__MODEL</c>,
/// <c>__BASEURL</c>, <c>__APIKEYENV</c>, <c>__DIMENSIONS</c>, <c>__STORE</c>, <c>__CONNECTIONSTRING</c>, <c>__CONTAINER</c>.
/// The azure-blob store's connection string defaults to the azure-storage backend's.
/// </summary>
internal static partial class CliSettings
{
    public static EmbedderOptions LoadEmbedder()
    {
        var configuration = CliConfiguration.Build();
        var options = new EmbedderOptions();
        configuration.Bind("memory.embedder", v => options.Provider = v);
        configuration.Bind("memory.model", v => options.Model = v);
        configuration.Bind("memory.baseUrl", v => options.BaseUrl = v);
        configuration.Bind("memory.apiKeyEnv", v => options.ApiKeyEnv = v);
        configuration.Bind("memory.dimensions", CliConfiguration.Integer(8, 8192, "give a vector length between 8 and 8192"), v => options.Dimensions = v);
        configuration.Bind("memory.store", (v, s) => MemoryStoreNames.Parse(v, s), v => options.Store = v);
        configuration.Bind("memory.container", v => options.Container = v);
        configuration.Bind("memory.connectionString", v => options.ConnectionString = v);
        configuration.Bind("azureStorage.connectionString", v => options.ConnectionString ??= v);
        return options;
    }
}
