using AgentFlow.Abstractions.Configuration;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Picks where a host's retrieval index lives: on the azure-storage backend, container
/// <c>&lt;task hub, lowercased&gt;-retrieval</c> of the host's storage account, so every machine shares one index;
/// otherwise nowhere shared (the SQLite file in the data directory).
/// </summary>
internal static class SharedRetrievalIndex
{
    /// <summary>The shared container, or null when the backend keeps the index local.</summary>
    /// <exception cref="ConfigurationException">The backend is azure-storage but no storage account is known.</exception>
    public static BlobContainerClient? Container(IConfiguration configuration, BlobServiceClient? account)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!EmbedderOptionsBinder.IsAzureStorageBackend(configuration))
        {
            return null;
        }

        var name = $"{EmbedderOptionsBinder.TaskHubPrefix(configuration)}-retrieval";
        if (account is not null)
        {
            return account.GetBlobContainerClient(name);
        }

        return configuration.Find("azureStorage.connectionString")?.Value is { Length: > 0 } connection
            ? new BlobContainerClient(connection, name)
            : throw new ConfigurationException("azureStorage.connectionString", $"is required for the shared retrieval index (container '{name}') on the azure-storage backend: set it, or register the host's storage account");
    }
}
