using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <content>Orchestration work items: lock an instance with its new messages, then commit the step in one write.</content>
public sealed partial class SqliteOrchestrationService
{
    // A work item's lock is this process's own (an in-memory hold, not a lease on a shared queue) and lasts until the
    // work item completes or is abandoned; when the process dies the hub lease passes on and the next owner reloads
    // every uncommitted message. So locks never expire, and DateTime.MaxValue tells the dispatchers not to run a
    // renewal task (a timer and a task) beside every work item.
    private static readonly DateTime HeldLock = DateTime.MaxValue;
    // The work item holding each instance, with the messages it took. Keyed by instance but checked by work item:
    // the dispatcher releases a work item after completing it, when a newer one may already hold the instance.
    private readonly ConcurrentDictionary<string, (TaskOrchestrationWorkItem Item, List<PendingMessage> Messages)> _locked = new(StringComparer.Ordinal);

    // What the instances row last said, per running instance: a step that changes neither status nor custom status
    // skips rewriting the row (the history rows it appends are the record of progress).
    private readonly ConcurrentDictionary<string, (OrchestrationStatus Status, string? Custom)> _persisted = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(receiveTimeout);
        try
        {
            while (await _orchestrations.Ready.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                while (_orchestrations.Ready.TryRead(out var instanceId))
                {
                    if (_orchestrations.TryLock(instanceId) is not { } messages)
                    {
                        continue;
                    }

                    var workItem = new TaskOrchestrationWorkItem
                    {
                        InstanceId = instanceId,
                        NewMessages = [.. messages.Select(m => m.Message)],
                        OrchestrationRuntimeState = LoadRuntimeState(instanceId),
                        LockedUntilUtc = HeldLock,
                        Session = _settings.SessionIdleTimeout > TimeSpan.Zero ? new SqliteOrchestrationSession(this, instanceId) : null,
                    };
                    _locked[instanceId] = (workItem, messages);
                    return workItem;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        workItem.LockedUntilUtc = HeldLock;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var instanceId = workItem.InstanceId;
        var holder = HoldOf(workItem);
        var consumed = holder.Messages ?? [];
        var cached = CachedHistory(instanceId);
        var executionId = newOrchestrationRuntimeState?.OrchestrationInstance?.ExecutionId;
        var allEvents = newOrchestrationRuntimeState?.Events.ToList();
        var replace = allEvents is not null && cached.ExecutionId != executionId;
        var firstNew = replace ? 0 : cached.Count;

        var newMessages = new List<(TaskMessage Message, DateTime VisibleAt)>();
        newMessages.AddRange((orchestratorMessages ?? []).Select(m => (m, VisibleAt(m))));
        newMessages.AddRange((timerMessages ?? []).Select(m => (m, VisibleAt(m))));
        if (continuedAsNewMessage is not null)
        {
            newMessages.Add((continuedAsNewMessage, VisibleAt(continuedAsNewMessage)));
        }

        // Serialize here, on the dispatcher's thread: the single writer thread only binds and executes.
        var activities = (outboundMessages ?? []).Select(m => (Message: m, Json: SqliteSerializer.Serialize(m))).ToList();
        var messageJson = newMessages.Select(m => SqliteSerializer.Serialize(m.Message)).ToList();
        // One history row per step (the events it added), not one per event: fewer statements, one serializer call.
        var stepEvents = allEvents is null ? [] : allEvents.Skip(firstNew).ToList();
        var historyJson = stepEvents.Count == 0 ? null : SqliteSerializer.Serialize(stepEvents);
        var unchanged = orchestrationState is not null && !IsFinished(orchestrationState.OrchestrationStatus)
            && _persisted.TryGetValue(instanceId, out var persisted)
            && persisted == (orchestrationState.OrchestrationStatus, orchestrationState.Status);
        var stateJson = orchestrationState is null || unchanged ? null : SqliteSerializer.Serialize(orchestrationState);
        var inserted = new List<PendingMessage>(newMessages.Count);
        var insertedActivities = new List<(long, TaskMessage)>(activities.Count);
        return Writer.WriteAsync(
            (c, t) =>
            {
                inserted.Clear();
                insertedActivities.Clear();
                foreach (var message in consumed)
                {
                    SqliteCommands.DeleteMessage(c, t, message.Id);
                }

                if (allEvents is not null && executionId is not null)
                {
                    if (replace)
                    {
                        SqliteCommands.DeleteHistory(c, t, instanceId);
                    }

                    if (historyJson is not null)
                    {
                        SqliteCommands.InsertHistory(c, t, instanceId, executionId, firstNew, historyJson);
                    }
                }

                foreach (var (activity, json) in activities)
                {
                    insertedActivities.Add((SqliteCommands.InsertActivity(c, t, activity.OrchestrationInstance.InstanceId, json), activity));
                }

                for (var i = 0; i < newMessages.Count; i++)
                {
                    var (message, visibleAt) = newMessages[i];
                    var target = message.OrchestrationInstance.InstanceId;
                    inserted.Add(new PendingMessage(SqliteCommands.InsertMessage(c, t, target, messageJson[i], visibleAt), target, visibleAt, message));
                }

                if (stateJson is not null)
                {
                    SqliteCommands.UpsertInstance(c, t, orchestrationState!, stateJson);
                }
            },
            () =>
            {
                if (allEvents is not null && executionId is not null)
                {
                    CacheHistory(instanceId, executionId, allEvents, orchestrationState?.OrchestrationStatus);
                }

                _orchestrations.Forget(consumed);
                if (_owner)
                {
                    _orchestrations.Add(inserted, DateTime.UtcNow, committedHere: true);
                    foreach (var activity in insertedActivities)
                    {
                        _activities.Writer.TryWrite(activity);
                    }
                }

                if (workItem.Session is not null && !IsFinished(orchestrationState?.OrchestrationStatus) && holder.Item is not null)
                {
                    // An extended session keeps the instance: the dispatcher fetches its next messages, then releases it.
                    _locked[instanceId] = (workItem, []);
                }
                else
                {
                    ReleaseHold(instanceId, holder);
                    _orchestrations.Unlock(instanceId);
                }

                if (IsFinished(orchestrationState?.OrchestrationStatus))
                {
                    _persisted.TryRemove(instanceId, out _);
                    SignalFinished(orchestrationState!);
                }
                else if (orchestrationState is not null)
                {
                    _persisted[instanceId] = (orchestrationState.OrchestrationStatus, orchestrationState.Status);
                }

                if (stateJson is not null)
                {
                    RaiseInstanceChanged(instanceId);
                }
            });
    }

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);

        // Only the work item that holds the instance may give it back (a completed one already did).
        var held = HoldOf(workItem);
        if (ReleaseHold(workItem.InstanceId, held))
        {
            // The step did not commit: the cached history may hold events it added.
            _persisted.TryRemove(workItem.InstanceId, out _);
            ForgetHistory(workItem.InstanceId);
            _orchestrations.Unlock(workItem.InstanceId, held.Messages);
        }

        return Task.CompletedTask;
    }

    /// <summary>The hold of <paramref name="workItem"/> on its instance, or default when another work item (or none) holds it.</summary>
    private (TaskOrchestrationWorkItem Item, List<PendingMessage> Messages) HoldOf(TaskOrchestrationWorkItem workItem) =>
        _locked.TryGetValue(workItem.InstanceId, out var held) && ReferenceEquals(held.Item, workItem) ? held : default;

    /// <summary>Ends a hold, only if it is still the current one; false for a default (absent) hold.</summary>
    private bool ReleaseHold(string instanceId, (TaskOrchestrationWorkItem Item, List<PendingMessage> Messages) hold) =>
        hold.Item is not null && _locked.TryRemove(new KeyValuePair<string, (TaskOrchestrationWorkItem, List<PendingMessage>)>(instanceId, hold));

    /// <summary>A fresh runtime state for a work item (the dispatcher mutates it), from cache or the database.</summary>
    private OrchestrationRuntimeState LoadRuntimeState(string instanceId)
    {
        lock (_historyGate)
        {
            if (_history.TryGetValue(instanceId, out var cached))
            {
                return new OrchestrationRuntimeState([.. cached.Events]);
            }
        }

        using var connection = OpenRead();
        var events = SqliteCommands.ReadHistory(connection, instanceId, executionId: null);
        if (events.OfType<ExecutionStartedEvent>().FirstOrDefault()?.OrchestrationInstance?.ExecutionId is { } executionId)
        {
            CacheHistory(instanceId, executionId, events, status: null);
        }

        return new OrchestrationRuntimeState([.. events]);
    }

    private (string? ExecutionId, int Count) CachedHistory(string instanceId)
    {
        lock (_historyGate)
        {
            return _history.TryGetValue(instanceId, out var cached) ? (cached.ExecutionId, cached.Events.Count) : (null, 0);
        }
    }

    private void CacheHistory(string instanceId, string executionId, List<HistoryEvent> events, OrchestrationStatus? status)
    {
        lock (_historyGate)
        {
            if (IsFinished(status))
            {
                // Finished instances rarely get more work; keep memory bounded by the running ones.
                _history.Remove(instanceId);
            }
            else
            {
                _history[instanceId] = (executionId, events);
            }
        }
    }
}
