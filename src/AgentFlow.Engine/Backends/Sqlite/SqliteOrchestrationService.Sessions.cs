using DurableTask.Core;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <content>
/// Extended sessions: a work item that committed a step keeps its instance and takes the next messages as they
/// arrive, so the dispatcher continues the orchestration in memory (see <see cref="SqliteOrchestrationSession"/>).
/// </content>
public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var held = HoldOf(workItem);
        if (held.Item is not null && held.Messages.Count == 0 && ReleaseHold(workItem.InstanceId, held))
        {
            // An extended session that committed every message it took: nothing to undo.
            _orchestrations.Unlock(workItem.InstanceId);
            return Task.CompletedTask;
        }

        return AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    /// <summary>
    /// The next messages for the instance a session holds, once some arrive; null after the idle timeout, when the
    /// service stops, or when the work item no longer holds the instance (the dispatcher then releases it).
    /// </summary>
    internal async Task<IList<TaskMessage>?> FetchSessionMessagesAsync(TaskOrchestrationWorkItem workItem, string instanceId)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        idle.CancelAfter(_settings.SessionIdleTimeout);
        while (_owner && HoldOf(workItem) is { Item: not null } held && held.Messages.Count == 0 && !idle.IsCancellationRequested)
        {
            var (taken, arrived) = _orchestrations.TakeHeld(instanceId);
            if (taken is not null)
            {
                _locked[instanceId] = (workItem, taken);
                workItem.LockedUntilUtc = HeldLock;
                return [.. taken.Select(m => m.Message)];
            }

            try
            {
                await arrived.WaitAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }
}
