using System.Globalization;
using DurableTask.Core;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <content>Activity work items: the row is deleted and the result message inserted in the same commit.</content>
public sealed partial class SqliteOrchestrationService
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
                if (_activities.Reader.TryRead(out var item))
                {
                    return new TaskActivityWorkItem
                    {
                        Id = item.Id.ToString(CultureInfo.InvariantCulture),
                        TaskMessage = item.Message,
                        LockedUntilUtc = HeldLock,
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
        workItem.LockedUntilUtc = HeldLock;
        return Task.FromResult(workItem);
    }

    /// <inheritdoc />
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        var id = long.Parse(workItem.Id, CultureInfo.InvariantCulture);
        PendingMessage? inserted = null;
        var json = SqliteSerializer.Serialize(responseMessage);
        var target = responseMessage.OrchestrationInstance.InstanceId;
        return Writer.WriteAsync(
            (c, t) =>
            {
                inserted = null;

                // Zero rows means another owner already completed it (this process lost the lease meanwhile).
                if (SqliteCommands.DeleteActivity(c, t, id) == 1)
                {
                    var visibleAt = DateTime.UtcNow;
                    inserted = new PendingMessage(SqliteCommands.InsertMessage(c, t, target, json, visibleAt), target, visibleAt, responseMessage);
                }
            },
            () =>
            {
                if (inserted is not null && _owner)
                {
                    _orchestrations.Add([inserted], DateTime.UtcNow, committedHere: true);
                }
            });
    }

    /// <inheritdoc />
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);

        // Back off briefly so a failing activity does not spin.
        await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        if (_owner)
        {
            _activities.Writer.TryWrite((long.Parse(workItem.Id, CultureInfo.InvariantCulture), workItem.TaskMessage));
        }
    }
}
