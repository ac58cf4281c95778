using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Telemetry;
using Azure.Storage.Blobs;

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
    /// <exception cref="ConfigurationException">The file was built with another embedder.</exception>
    public static (IMemoryStore Store, IEmbedder Embedder) CreateDefault(string dataDirectory, EmbedderOptions? embedderOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        embedderOptions ??= new EmbedderOptions();
        var embedder = CreateEmbedder(embedderOptions);
        return (CreateStore(dataDirectory, embedderOptions, embedder), embedder);
    }

    /// <summary>
    /// The store <paramref name="options"/> names for <paramref name="embedder"/>: SQLite at
    /// <c><paramref name="dataDirectory"/>/memory.db</c> (created if missing) or an Azure Blob container.
    /// </summary>
    /// <exception cref="ConfigurationException">The store is unknown, lacks its connection string, or was built with another embedder.</exception>
    public static IMemoryStore CreateStore(string dataDirectory, EmbedderOptions options, IEmbedder embedder) =>
        CreateStore(dataDirectory, options, embedder, account: null);

    /// <summary>
    /// The store <paramref name="options"/> names for <paramref name="embedder"/>: SQLite at
    /// <c><paramref name="dataDirectory"/>/memory.db</c> (created if missing), or container
    /// <see cref="EmbedderOptions.Container"/> in the account of <see cref="EmbedderOptions.ConnectionString"/> when set,
    /// else of <paramref name="account"/> (the host's, for example the azure-storage backend's with managed identity),
    /// else of the backend's <c>azureStorage.connectionString</c>.
    /// </summary>
    /// <exception cref="ConfigurationException">The store is unknown, has no storage account, or was built with another embedder.</exception>
    public static IMemoryStore CreateStore(string dataDirectory, EmbedderOptions options, IEmbedder embedder, BlobServiceClient? account)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(embedder);
        return options.Store switch
        {
            MemoryStoreKind.Sqlite => new SqliteMemoryStore(Path.Combine(dataDirectory, DatabaseFileName), embedder.Name, embedder.Dimensions),
            MemoryStoreKind.AzureBlob => new BlobMemoryStore(BlobContainer(options, account), embedder.Name, embedder.Dimensions),
            _ => throw new ConfigurationException("memory.store", $"is {(int)options.Store}; use sqlite or azure-blob"),
        };
    }

    private static BlobContainerClient BlobContainer(EmbedderOptions options, BlobServiceClient? account)
    {
        if (options.ConnectionString is { Length: > 0 } explicitConnection)
        {
            return new BlobContainerClient(explicitConnection, options.Container);
        }

        if (account is not null)
        {
            return account.GetBlobContainerClient(options.Container);
        }

        return options.BackendConnectionString is { Length: > 0 } backendConnection
            ? new BlobContainerClient(backendConnection, options.Container)
            : throw new ConfigurationException("memory.connectionString", "is required for the azure-blob memory store: set it, or run on the azure-storage backend (its storage account is then used), or set memory.store to sqlite");
    }

    /// <summary>
    /// The embedder the options name: the offline local one by default, or an OpenAI / Azure OpenAI endpoint; its calls
    /// are priced from <paramref name="prices"/> (none when null).
    /// </summary>
    public static IEmbedder CreateEmbedder(EmbedderOptions options, PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider == "local"
            ? new LocalEmbedder(options.Dimensions ?? LocalEmbedder.DefaultDimensions, prices)
            : RemoteEmbedder.Create(options, prices);
    }

    /// <summary>
    /// The <see cref="LocalEmbedder"/> (384 dimensions) and a <see cref="BlobMemoryStore"/> in container
    /// <paramref name="container"/> of the account in <paramref name="connectionString"/> (for example
    /// <c>UseDevelopmentStorage=true</c> for Azurite). The container is created, and its embedder checked, on first use
    /// (or by <see cref="BlobMemoryStore.InitializeAsync"/>).
    /// </summary>
    public static (IMemoryStore Store, IEmbedder Embedder) CreateBlob(string connectionString, string container)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(container);
        var embedder = new LocalEmbedder();
        var store = new BlobMemoryStore(new BlobContainerClient(connectionString, container), embedder.Name, embedder.Dimensions);
        return (store, embedder);
    }
}
