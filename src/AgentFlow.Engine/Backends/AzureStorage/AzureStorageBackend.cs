using AgentFlow.Abstractions.Configuration;
using Azure;
using Azure.Storage.Blobs;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Backends.AzureStorage;

/// <summary>
/// The <c>azure-storage</c> backend: the Durable Task Framework's Azure Storage provider (queues, tables, blobs),
/// shared by many workers on many machines. Locally and in CI it runs against Azurite.
/// </summary>
public sealed class AzureStorageBackend : IDurableBackend
{
    // Long enough for a storage account far away, short enough that a wrong endpoint fails before anyone gives up.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private readonly AzureStorageOrchestrationService _service;
    private readonly AzureStorageAccount _account;

    /// <summary>
    /// Validates the settings and creates the provider; nothing touches storage until <see cref="InitializeAsync"/>.
    /// <paramref name="maxConcurrentActivities"/> and <paramref name="maxConcurrentOrchestrations"/> are the engine's
    /// per-worker limits (<c>maxConcurrentActivities</c>, <c>maxConcurrentOrchestrations</c>).
    /// </summary>
    /// <exception cref="ConfigurationException">A setting is missing or invalid; the exception names it.</exception>
    public AzureStorageBackend(AzureStorageBackendOptions options, int maxConcurrentActivities, int maxConcurrentOrchestrations, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        foreach (var (setting, message) in AzureStorageBackendOptionsValidator.Problems(options))
        {
            throw new ConfigurationException(setting, message);
        }

        if (maxConcurrentActivities < 1 || maxConcurrentOrchestrations < 1)
        {
            throw new ConfigurationException(
                maxConcurrentActivities < 1 ? "maxConcurrentActivities" : "maxConcurrentOrchestrations", "must be at least 1");
        }

        _account = AzureStorageAccount.Create(options);
        _service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = _account.TaskHubClients,
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            // A stable id lets a restarted worker take its partition leases back at once instead of waiting ~30 s.
            WorkerId = options.EffectiveWorkerId,
            // The 2 s default stalled partition management for 30-45 s under load (DESIGN.md §3).
            PartitionTableOperationTimeout = options.PartitionTableOperationTimeout,
            // A killed worker's dequeued messages come back after these, not after the provider's 5 minutes.
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = maxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = maxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        });
    }

    /// <inheritdoc />
    public string Name => "azure-storage";

    /// <inheritdoc />
    public IOrchestrationService Service => _service;

    /// <inheritdoc />
    public IOrchestrationServiceClient Client => _service;

    /// <inheritdoc />
    /// <exception cref="ConfigurationException">The storage endpoint refuses, is not Azure Storage, or does not answer within 10 s.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await ProbeAsync(cancellationToken).ConfigureAwait(false);
        await _service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _service.Dispose();
        return ValueTask.CompletedTask;
    }

    // The provider retries an unreachable endpoint for minutes; one request without retries tells us at once.
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = ProbeTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        string reason;
        try
        {
            await _account.Probe(clientOptions).GetPropertiesAsync(timeout.Token).ConfigureAwait(false);
            return;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode is not null)
        {
            return; // Storage answered; an error such as bad credentials surfaces from the provider with its details.
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            reason = $"HTTP {ex.Status} without a storage error code, so it is not Azure Storage";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reason = ex.GetBaseException().Message;
        }

        throw new ConfigurationException(
            _account.Setting,
            $"cannot reach storage at {_account.Blobs.Uri}: {reason}. "
            + (_account.UsesCredential
                ? "Check the account name or service URIs, and that a managed identity (or az login) is available and holds the storage data roles (infra/README.md)"
                : "Is Azurite running? Start it with infra/local/azurite.sh"));
    }
}
