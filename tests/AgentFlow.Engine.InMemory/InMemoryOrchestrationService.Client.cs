using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace AgentFlow.Engine.InMemory;

/// <content>The client side: start, send, wait, terminate, read state and history.</content>
public sealed partial class InMemoryOrchestrationService
{
    private static readonly OrchestrationStatus[] ActiveStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running];

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, ActiveStatuses);

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        var started = creationMessage.Event as ExecutionStartedEvent
            ?? throw new ArgumentException("A creation message must carry an ExecutionStartedEvent.", nameof(creationMessage));
        var id = creationMessage.OrchestrationInstance.InstanceId;
        lock (_gate)
        {
            if (_instances.TryGetValue(id, out var existing) && existing.State is { } state && (dedupeStatuses ?? ActiveStatuses).Contains(state.OrchestrationStatus))
            {
                throw new OrchestrationAlreadyExistsException($"An orchestration with instance id '{id}' already exists and is {state.OrchestrationStatus}.");
            }

            if (existing is null)
            {
                existing = new InMemoryInstance();
                _instances[id] = existing;
            }

            Reset(existing, creationMessage.OrchestrationInstance, started, DateTime.UtcNow);
            Deliver(creationMessage, DateTime.UtcNow);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        lock (_gate)
        {
            foreach (var message in messages)
            {
                Deliver(message, DateTime.UtcNow);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<OrchestrationState?> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task finished;
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var instance))
            {
                return null;
            }

            if (instance.IsFinished)
            {
                return instance.State;
            }

            finished = instance.Finished.Task;
        }

        try
        {
            await finished.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });

    /// <inheritdoc />
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var state = await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        return state is null ? [] : [state];
    }

    /// <inheritdoc />
    public Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        lock (_gate)
        {
            // A step replaces the state object rather than changing it, so the one handed out stays as it was read.
            var state = _instances.TryGetValue(instanceId, out var instance) ? instance.State : null;
            return Task.FromResult(executionId is null || state?.OrchestrationInstance.ExecutionId == executionId ? state : null);
        }
    }

    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        List<HistoryEvent> events;
        lock (_gate)
        {
            events = _instances.TryGetValue(instanceId, out var instance) ? [.. instance.History] : [];
        }

        return Task.FromResult(JsonConvert.SerializeObject(events, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects }));
    }

    /// <inheritdoc />
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        Purge(s => timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => s.CompletedTime,
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => s.LastUpdatedTime,
            _ => s.CreatedTime,
        } < thresholdDateTimeUtc);
        return Task.CompletedTask;
    }
}
