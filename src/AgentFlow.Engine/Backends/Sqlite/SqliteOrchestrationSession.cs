using DurableTask.Core;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// An extended session: after a step commits, the work item keeps its instance and waits a short while for the next
/// messages, so the dispatcher continues the orchestration in memory instead of replaying its whole history. A long
/// chain of activities then costs linear, not quadratic, time.
/// </summary>
internal sealed class SqliteOrchestrationSession(SqliteOrchestrationService service, string instanceId) : IOrchestrationSession
{
    public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) =>
        service.FetchSessionMessagesAsync(workItem, instanceId);

    /// <summary>Nothing to do: the dispatcher releases the work item, which unlocks the instance.</summary>
    public Task EndSessionAsync() => Task.CompletedTask;
}
