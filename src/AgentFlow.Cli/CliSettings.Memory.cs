using System.Globalization;
using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Memory;

namespace AgentFlow.Cli;

/// <summary>
/// The embedder for memory and retrieval: the optional <c>memory</c> object of <c>agentflow.json</c>
/// (<c>{ "embedder": "local" | "openai" | "azure-openai", "model", "baseUrl", "apiKeyEnv", "dimensions", "store":
/// "sqlite" | "azure-blob", "connectionString", "container" }</c>), then <c>AGENTFLOW__MEMORY__EMBEDDER</c>, <c>__MODEL</c>,
/// <c>__BASEURL</c>, <c>__APIKEYENV</c>, <c>__DIMENSIONS</c>, <c>__STORE</c>, <c>__CONNECTIONSTRING</c>, <c>__CONTAINER</c>.
/// </summary>
internal static partial class CliSettings
{
    public static EmbedderOptions LoadEmbedder()
    {
        var options = new EmbedderOptions();
        if (ReadRoot() is { } root && root.TryGetProperty("memory", out var section))
        {
            if (section.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException("memory", "must be an object, e.g. { \"embedder\": \"openai\", \"model\": \"text-embedding-3-small\", \"apiKeyEnv\": \"OPENAI_API_KEY\" }");
            }

            options.Provider = Text(section, "embedder") ?? options.Provider;
            options.Model = Text(section, "model") ?? options.Model;
            options.BaseUrl = Text(section, "baseUrl") ?? options.BaseUrl;
            options.ApiKeyEnv = Text(section, "apiKeyEnv") ?? options.ApiKeyEnv;
            options.Store = Text(section, "store") is { } store ? MemoryStoreNames.Parse(store) : options.Store;
            options.ConnectionString = Text(section, "connectionString") ?? options.ConnectionString;
            options.Container = Text(section, "container") ?? options.Container;
            if (section.TryGetProperty("dimensions", out var dimensions))
            {
                options.Dimensions = Dimensions(dimensions.ToString(), "memory.dimensions");
            }
        }

        Env("MEMORY__EMBEDDER", v => options.Provider = v);
        Env("MEMORY__MODEL", v => options.Model = v);
        Env("MEMORY__BASEURL", v => options.BaseUrl = v);
        Env("MEMORY__APIKEYENV", v => options.ApiKeyEnv = v);
        Env("MEMORY__DIMENSIONS", v => options.Dimensions = Dimensions(v, "AGENTFLOW__MEMORY__DIMENSIONS"));
        Env("MEMORY__STORE", v => options.Store = MemoryStoreNames.Parse(v, "AGENTFLOW__MEMORY__STORE"));
        Env("MEMORY__CONTAINER", v => options.Container = v);
        Env("MEMORY__CONNECTIONSTRING", v => options.ConnectionString = v);
        options.ConnectionString ??= Load(null, null).AzureStorage.ConnectionString;
        return options;
    }

    private static int Dimensions(string text, string setting) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 8 and <= 8192
            ? value
            : throw new ConfigurationException(setting, $"is '{text}'; give a vector length between 8 and 8192");
}
