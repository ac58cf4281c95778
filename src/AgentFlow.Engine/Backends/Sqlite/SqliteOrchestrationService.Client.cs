using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <content>The client side: start, send, wait, terminate, read state and history.</content>
public sealed partial class SqliteOrchestrationService
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
        var instance = creationMessage.OrchestrationInstance;
        var now = DateTime.UtcNow;
        var state = new OrchestrationState
        {
            OrchestrationInstance = instance,
            Name = started.Name,
            Version = started.Version,
            Input = started.Input,
            Tags = started.Tags,
            OrchestrationStatus = OrchestrationStatus.Pending,
            CreatedTime = now,
            LastUpdatedTime = now,
            ScheduledStartTime = started.ScheduledStartTime,
            ParentInstance = started.ParentInstance,
        };
        var visibleAt = VisibleAt(creationMessage);
        var messageJson = SqliteSerializer.Serialize(creationMessage);
        var stateJson = SqliteSerializer.Serialize(state);
        PendingMessage? inserted = null;

        // Forget cached state of an earlier run before the commit: once committed, the poller may hand the start
        // message to a dispatcher before this method's after-commit step runs.
        ForgetHistory(instance.InstanceId);
        _persisted.TryRemove(instance.InstanceId, out _);
        return Writer.WriteAsync(
            (c, t) =>
            {
                using (var check = SqliteCommands.Command(c, t, "SELECT status FROM instances WHERE instance_id = $i", ("$i", instance.InstanceId)))
                {
                    if (check.ExecuteScalar() is long status && (dedupeStatuses ?? ActiveStatuses).Contains((OrchestrationStatus)status))
                    {
                        throw new OrchestrationAlreadyExistsException($"An orchestration with instance id '{instance.InstanceId}' already exists and is {(OrchestrationStatus)status}.");
                    }
                }

                SqliteCommands.PurgeInstance(c, t, instance.InstanceId);
                SqliteCommands.UpsertInstance(c, t, state, stateJson);
                var id = SqliteCommands.InsertMessage(c, t, instance.InstanceId, messageJson, visibleAt);
                inserted = new PendingMessage(id, instance.InstanceId, visibleAt, creationMessage);

                // The new execution's history is empty: say so before the commit makes the start message visible,
                // so its first step needs no read.
                lock (_historyGate)
                {
                    _history[instance.InstanceId] = (instance.ExecutionId, []);
                }

                // Likewise its row says Pending: a client waiting for it here is signalled by its last step and
                // needs no read first (see WaitForOrchestrationAsync).
                if (_owner)
                {
                    _persisted[instance.InstanceId] = (OrchestrationStatus.Pending, null);
                }
            },
            () => Deliver(inserted)).ContinueWith(
            task =>
            {
                if (task.IsFaulted && inserted is not null)
                {
                    ForgetHistory(instance.InstanceId);
                    _persisted.TryRemove(instance.InstanceId, out _);
                }

                return task;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync([message]);

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var inserted = new List<PendingMessage>();
        var prepared = messages.Select(m => (Message: m, Json: SqliteSerializer.Serialize(m), VisibleAt: VisibleAt(m))).ToList();
        return Writer.WriteAsync(
            (c, t) =>
            {
                inserted.Clear();
                foreach (var (message, json, visibleAt) in prepared)
                {
                    var target = message.OrchestrationInstance.InstanceId;
                    inserted.Add(new PendingMessage(SqliteCommands.InsertMessage(c, t, target, json, visibleAt), target, visibleAt, message));
                }
            },
            () => inserted.ForEach(Deliver));
    }

    /// <inheritdoc />
    public async Task<OrchestrationState?> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (var round = 0; ; round++)
        {
            // The latest execution counts: after continue-as-new the caller still waits for the instance's outcome.
            var finished = FinishedSignal(instanceId).Task;

            // An instance this process runs and last committed as unfinished ends in this process, which signals it
            // with the committed state (the signal is registered first, and its entry goes before it is signalled):
            // the first round needs no read. Every later round reads anyway (once a second), so an ending this
            // process did not signal can never leave a waiter waiting. Losing the hub clears those entries.
            if (round > 0 || !_owner || !_persisted.ContainsKey(instanceId))
            {
                var state = await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
                if (IsFinished(state?.OrchestrationStatus))
                {
                    return state;
                }
            }

            // This process signals its own completions at once, with the committed state; another process's are
            // seen by polling, slowly while this process runs the hub (then it makes the completions itself).
            var poll = _owner ? TimeSpan.FromSeconds(1) : _settings.PollInterval * 2;
            await Task.WhenAny(finished, Task.Delay(poll, deadline.Token)).ConfigureAwait(false);
            if (finished.IsCompletedSuccessfully)
            {
                return finished.Result;
            }

            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }
        }
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
    public async Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        // SQLite reads are synchronous; the gate keeps a crowd of waiting clients from starving the thread pool.
        await _readGate.WaitAsync().ConfigureAwait(false);
        try
        {
            using var connection = OpenRead();
            var state = SqliteCommands.ReadInstance(connection, instanceId);
            return executionId is null || state?.OrchestrationInstance.ExecutionId == executionId ? state : null;
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        using var connection = OpenRead();
        var events = SqliteCommands.ReadHistory(connection, instanceId, executionId);
        return Task.FromResult(JsonConvert.SerializeObject(events, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects }));
    }

    /// <inheritdoc />
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "updated_at",
            _ => "created_at",
        };
        return PurgeWhereAsync($"{column} < $threshold", ("$threshold", SqliteCommands.ToUnixMs(thresholdDateTimeUtc)));
    }

    private void Deliver(PendingMessage? message)
    {
        if (message is not null && _owner)
        {
            _orchestrations.Add([message], DateTime.UtcNow, committedHere: true);
        }
    }
}
