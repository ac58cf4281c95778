using System.Collections.Concurrent;
using AgentFlow.Abstractions.Configuration;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;

namespace AgentFlow.Engine.Backends.AzureStorage;

/// <summary>
/// The storage account of the <c>azure-storage</c> backend, with one set of clients for the task hub and every shared
/// record (ledger, audit, operators, definitions, memory): from a connection string (Azurite, development) or from
/// service endpoints and a <see cref="TokenCredential"/> (<c>DefaultAzureCredential</c>: managed identity in Azure).
/// </summary>
public sealed class AzureStorageAccount
{
    // One credential per identity in a process, so the backend and every store share its token cache.
    private static readonly ConcurrentDictionary<string, TokenCredential> Credentials = new(StringComparer.Ordinal);

    private readonly string? _connectionString;
    private readonly TokenCredential? _credential;

    private AzureStorageAccount(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, StorageAccountClientProvider taskHub, string setting, string? connectionString, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _credential = credential;
        Blobs = blobs;
        Queues = queues;
        Tables = tables;
        TaskHubClients = taskHub;
        Setting = setting;
    }

    /// <summary>The blob service (definitions, memory, operators, the provider's leases and large messages).</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The queue service (the task hub's control and work-item queues).</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The table service (the task hub's history and instances, the ledger and the audit chain).</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The same account for the Durable Task Framework's provider.</summary>
    public StorageAccountClientProvider TaskHubClients { get; }

    /// <summary>The setting the account came from (<c>azureStorage.connectionString</c> or <c>azureStorage.accountName</c>), for messages.</summary>
    public string Setting { get; }

    /// <summary>Whether the clients authenticate with a credential rather than a connection string.</summary>
    public bool UsesCredential => Setting != "azureStorage.connectionString";

    /// <summary>
    /// The account <paramref name="options"/> name. Without a connection string the clients use
    /// <paramref name="credential"/>, by default <c>DefaultAzureCredential</c> (with the configured user-assigned identity).
    /// </summary>
    /// <exception cref="ConfigurationException">Neither or both ways are configured, or a value cannot be used; the exception names the setting.</exception>
    public static AzureStorageAccount Create(AzureStorageBackendOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (setting, message) in AzureStorageBackendOptionsValidator.AccountProblems(options))
        {
            throw new ConfigurationException(setting, message);
        }

        if (options.ConnectionString is { Length: > 0 } connection)
        {
            try
            {
                return new AzureStorageAccount(
                    new BlobServiceClient(connection),
                    new QueueServiceClient(connection),
                    new TableServiceClient(connection),
                    new StorageAccountClientProvider(connection),
                    "azureStorage.connectionString",
                    connection,
                    null);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                // The message of the SDK never echoes the value (it may hold a key); neither do we.
                throw new ConfigurationException("azureStorage.connectionString", $"cannot be parsed as a storage connection string (name=value;... or UseDevelopmentStorage=true): {ex.Message}", ex);
            }
        }

        var blob = Endpoint(options.BlobServiceUri, options.AccountName, "blob");
        var queue = Endpoint(options.QueueServiceUri, options.AccountName, "queue");
        var table = Endpoint(options.TableServiceUri, options.AccountName, "table");
        var identity = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId;
        credential ??= Credentials.GetOrAdd(identity ?? string.Empty, _ => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = identity }));
        return new AzureStorageAccount(
            new BlobServiceClient(blob, credential),
            new QueueServiceClient(queue, credential),
            new TableServiceClient(table, credential),
            new StorageAccountClientProvider(blob, queue, table, credential),
            "azureStorage.accountName",
            null,
            credential);
    }

    /// <summary>A blob service client on the same account and identity with its own <paramref name="options"/> (e.g. no retries for a probe).</summary>
    public BlobServiceClient Probe(BlobClientOptions options) =>
        _connectionString is not null ? new BlobServiceClient(_connectionString, options) : new BlobServiceClient(Blobs.Uri, _credential, options);

    /// <summary>A container named after the task hub: <c>HUB-SUFFIX</c> in lower case (container names allow no capitals).</summary>
    public BlobContainerClient Container(string taskHubName, string suffix) =>
        Blobs.GetBlobContainerClient($"{taskHubName.ToLowerInvariant()}-{suffix}");

    /// <summary>A table named after the task hub: <c>HUBSuffix</c> (table names allow letters and digits only).</summary>
    public TableClient Table(string taskHubName, string suffix) => Tables.GetTableClient(taskHubName + suffix);

    private static Uri Endpoint(Uri? configured, string? accountName, string service) =>
        configured ?? new Uri($"https://{accountName}.{service}.core.windows.net/");
}
