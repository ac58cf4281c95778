namespace AgentFlow.Engine.Backends;

/// <summary>
/// A backend that can tell whether an orchestration has messages it has not taken in yet (an event raised by a
/// client, a sub-run's result, a due timer). A run with such messages is not settled, whatever its last status says.
/// </summary>
public interface IRunBacklog
{
    /// <summary>True when <paramref name="instanceId"/> has messages due now that no work item has consumed.</summary>
    Task<bool> HasPendingMessagesAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Work items due now and not yet done, across the task hub: orchestration messages (events, results, due timers)
    /// and scheduled activities. Synchronous because the backlog gauge reads it when metrics are collected.
    /// </summary>
    long CountPendingWork();
}
