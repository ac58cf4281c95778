namespace AgentFlow.Engine.Backends;

/// <summary>
/// Settings of the <c>azure-storage</c> backend (Durable Task Framework's Azure Storage provider) and of the shared
/// records kept in the same account (ledger, audit, operators, definitions, memory).
/// </summary>
/// <remarks>
/// Identity: give <see cref="ConnectionString"/> for Azurite and development, or <see cref="AccountName"/> (or the three
/// service URIs) for Azure, where every client authenticates with <c>DefaultAzureCredential</c> (managed identity in
/// Azure, <c>az login</c> on a developer machine), so no key is in configuration.
/// </remarks>
public sealed class AzureStorageBackendOptions
{
    /// <summary>Storage connection string; for Azurite use <c>UseDevelopmentStorage=true</c>. Not with <see cref="AccountName"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Storage account name, for Azure with <c>DefaultAzureCredential</c>: the endpoints are
    /// <c>https://NAME.{blob|queue|table}.core.windows.net</c> unless the service URIs say otherwise.
    /// </summary>
    public string? AccountName { get; set; }

    /// <summary>Blob endpoint for <c>DefaultAzureCredential</c> (another cloud, a private endpoint); overrides <see cref="AccountName"/>'s.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Queue endpoint for <c>DefaultAzureCredential</c>; overrides <see cref="AccountName"/>'s.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Table endpoint for <c>DefaultAzureCredential</c>; overrides <see cref="AccountName"/>'s.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; unset = the system identity or the developer's login.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Task hub name: letters and digits, 3-45 characters. Default <c>agentflow</c>.</summary>
    public string TaskHubName { get; set; } = "agentflow";

    /// <summary>Control-queue partitions (1-16); more partitions spread orchestrations over more workers. Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest idle wait between queue polls; decides how fast an external event is noticed. Default 1 s.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Stable worker id, so a restarted worker reclaims its partition leases at once instead of waiting ~30 s for them
    /// to expire. Give each worker process on one machine its own. Default: the machine name.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>The worker id in effect: <see cref="WorkerId"/>, or the machine name when it is not set.</summary>
    public string EffectiveWorkerId => string.IsNullOrWhiteSpace(WorkerId) ? Environment.MachineName : WorkerId;

    /// <summary>
    /// How long a partition-table (lease) operation may take before it is retried; the provider's 2 s default stalled
    /// partition management for 30-45 s under load (DESIGN.md §3). Default 30 s.
    /// </summary>
    public TimeSpan PartitionTableOperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dequeued control-queue message stays hidden from other workers. A worker that dies holding one delays
    /// its orchestration by up to this much (the provider's default is 5 minutes); a live worker renews it. Default 1 min.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a dequeued activity message stays hidden from other workers; the worker running the activity renews
    /// it, so this bounds only how long an activity of a dead worker waits to run again elsewhere. Default 1 min.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
