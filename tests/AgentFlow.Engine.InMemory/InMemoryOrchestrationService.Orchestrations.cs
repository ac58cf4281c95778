using DurableTask.Core;

namespace AgentFlow.Engine.InMemory;

/// <content>Orchestration work items: take an instance with its inbox, then apply the step's outcome at once.</content>
public sealed partial class InMemoryOrchestrationService
{
    /// <inheritdoc />
    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(receiveTimeout);
        try
        {
            while (await _ready.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                while (_ready.Reader.TryRead(out var instanceId))
                {
                    if (TryLock(instanceId) is { } workItem)
                    {
                        return workItem;
                    }
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
        workItem.LockedUntilUtc = DateTime.UtcNow + LockDuration;
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
        var changed = false;
        var pendingActivities = 0;
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var instance) || !ReferenceEquals(instance.Holder, workItem))
            {
                // Not the holder (it was abandoned meanwhile): its outcome must not land.
                return Task.CompletedTask;
            }

            if (newOrchestrationRuntimeState?.ExecutionStartedEvent is not null)
            {
                instance.History = [.. newOrchestrationRuntimeState.Events];
            }

            if (orchestrationState is not null)
            {
                changed = instance.State is null || instance.State.OrchestrationStatus != orchestrationState.OrchestrationStatus
                    || instance.State.Status != orchestrationState.Status;
                instance.State = orchestrationState;
            }

            var now = DateTime.UtcNow;
            foreach (var message in outboundMessages ?? [])
            {
                _activities.Writer.TryWrite(message);
                pendingActivities++;
            }

            foreach (var message in (orchestratorMessages ?? []).Concat(timerMessages ?? []))
            {
                Deliver(message, now);
            }

            if (continuedAsNewMessage is not null)
            {
                Deliver(continuedAsNewMessage, now);
            }

            instance.Holder = null;
            instance.Taken = [];
            if (instance.IsFinished)
            {
                instance.Finished.TrySetResult();
            }

            MarkReady(instanceId, instance);
        }

        Interlocked.Add(ref _activitiesPending, pendingActivities);
        if (changed)
        {
            InstanceChanged?.Invoke(instanceId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_instances.TryGetValue(workItem.InstanceId, out var instance) && ReferenceEquals(instance.Holder, workItem))
            {
                // The step did not happen: its messages go back in front of any that arrived since.
                instance.Inbox.InsertRange(0, instance.Taken);
                instance.Taken = [];
                instance.Holder = null;
                MarkReady(workItem.InstanceId, instance);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => AbandonTaskOrchestrationWorkItemAsync(workItem);

    private TaskOrchestrationWorkItem? TryLock(string instanceId)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var instance))
            {
                return null;
            }

            instance.Queued = false;
            if (instance.Holder is not null || instance.Inbox.Count == 0)
            {
                return null;
            }

            var workItem = new TaskOrchestrationWorkItem
            {
                InstanceId = instanceId,
                NewMessages = instance.Inbox,
                // The dispatcher adds this step's events to the state it is given: it gets its own copy.
                OrchestrationRuntimeState = new OrchestrationRuntimeState([.. instance.History]),
                LockedUntilUtc = DateTime.UtcNow + LockDuration,
            };
            instance.Taken = instance.Inbox;
            instance.Inbox = [];
            instance.Holder = workItem;
            return workItem;
        }
    }
}
