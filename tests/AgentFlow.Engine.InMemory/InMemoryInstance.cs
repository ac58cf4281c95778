using DurableTask.Core;
using DurableTask.Core.History;

namespace AgentFlow.Engine.InMemory;

/// <summary>One orchestration instance of the in-memory hub; every member is guarded by the service's lock.</summary>
internal sealed class InMemoryInstance
{
    /// <summary>What clients read; null until the instance was created or started.</summary>
    public OrchestrationState? State { get; set; }

    /// <summary>The current execution's history, as the last committed step left it.</summary>
    public List<HistoryEvent> History { get; set; } = [];

    /// <summary>Messages delivered and not yet taken by a work item, in arrival order.</summary>
    public List<TaskMessage> Inbox { get; set; } = [];

    /// <summary>The work item holding the instance, with the messages it took (given back if it is abandoned).</summary>
    public TaskOrchestrationWorkItem? Holder { get; set; }

    /// <summary>The messages <see cref="Holder"/> took.</summary>
    public List<TaskMessage> Taken { get; set; } = [];

    /// <summary>True while the instance id sits in the ready queue.</summary>
    public bool Queued { get; set; }

    /// <summary>Completed when the instance reaches a final status.</summary>
    public TaskCompletionSource Finished { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsFinished => InMemoryOrchestrationService.IsFinished(State?.OrchestrationStatus);
}
