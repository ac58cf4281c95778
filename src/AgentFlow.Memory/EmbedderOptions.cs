namespace AgentFlow.Memory;

/// <summary>
/// Which embedder memory and retrieval use (<c>memory</c> in agentflow.json, or <c>AGENTFLOW__MEMORY__*</c>). The
/// embedder and its dimension are recorded with each index; changing them later is refused with a clear error.
/// </summary>
public sealed class EmbedderOptions
{
    /// <summary><c>local</c> (default: offline hashed n-grams), <c>openai</c> (any OpenAI-compatible endpoint) or <c>azure-openai</c>.</summary>
    public string Provider { get; set; } = "local";

    /// <summary>Embedding model (openai) or deployment (azure-openai), e.g. <c>text-embedding-3-small</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Endpoint: an OpenAI-compatible base URL (default https://api.openai.com/v1) or the Azure OpenAI resource URL.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Name of the environment variable holding the API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Vector length; default 384 for local, the model's size for known OpenAI models.</summary>
    public int? Dimensions { get; set; }

    /// <summary>
    /// Where memories live: <c>sqlite</c> (<c>DATA/memory.db</c>) or <c>azure-blob</c>. When <c>memory.store</c> is not
    /// set, <see cref="EmbedderOptionsBinder"/> picks <c>azure-blob</c> on the azure-storage backend (so every worker on
    /// every machine shares the memories) and <c>sqlite</c> otherwise.
    /// </summary>
    public MemoryStoreKind Store { get; set; } = MemoryStoreKind.Sqlite;

    /// <summary>
    /// For <c>azure-blob</c>: the storage connection string. When unset, the account of the
    /// <see cref="Azure.Storage.Blobs.BlobServiceClient"/> the host registers (the azure-storage backend's, by connection
    /// string or managed identity) is used, else the backend's <c>azureStorage.connectionString</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>For <c>azure-blob</c>: the container (default <c>&lt;task hub, lowercased&gt;-memory</c> on the azure-storage backend, else <c>agentflow-memory</c>).</summary>
    public string Container { get; set; } = "agentflow-memory";

    /// <summary>
    /// Whether a host warms the memories a workflow reads when a run of it is first started or continued in the process
    /// (<c>memory.preload</c>, default true): in the background, for the <c>sqlite</c> store only, so the first recall
    /// does not map the agent's vector files itself. Off: each agent's first recall does.
    /// </summary>
    public bool Preload { get; set; } = true;

    /// <summary>The azure-storage backend's <c>azureStorage.connectionString</c>, the last fallback for <c>azure-blob</c>.</summary>
    internal string? BackendConnectionString { get; set; }
}
