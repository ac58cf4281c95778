using System.Globalization;
using DurableTask.Core;

namespace AgentFlow.Engine.InMemory;

/// <content>Activity work items: a queue of scheduled activities; a result goes straight to its orchestration's inbox.</content>
public sealed partial class InMemoryOrchestrationService
{
    /// <inheritdoc />
    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(receiveTimeout);
        try
        {
            while (await _activities.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                if (_activities.Reader.TryRead(out var message))
                {
                    return new TaskActivityWorkItem
                    {
                        Id = Interlocked.Increment(ref _activityIds).ToString(CultureInfo.InvariantCulture),
                        TaskMessage = message,
                        LockedUntilUtc = DateTime.UtcNow + LockDuration,
                    };
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        workItem.LockedUntilUtc = DateTime.UtcNow + LockDuration;
        return Task.FromResult(workItem);
    }

    /// <inheritdoc />
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        lock (_gate)
        {
            Deliver(responseMessage, DateTime.UtcNow);
        }

        Interlocked.Decrement(ref _activitiesPending);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);

        // Back off briefly so a failing activity does not spin, then offer it again.
        await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        _activities.Writer.TryWrite(workItem.TaskMessage);
    }
}
