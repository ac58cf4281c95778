namespace AgentFlow.Engine.Runs;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Started, but no worker has picked it up yet.</summary>
    Pending,

    /// <summary>A node is executing.</summary>
    Running,

    /// <summary>Durably waiting for an approval decision or a timer; no worker needs to stay up.</summary>
    Waiting,

    /// <summary>Ended at an end of the graph; the output is available.</summary>
    Completed,

    /// <summary>A node failed without an <c>onError</c> route, a <c>fail</c> node ran, or the output could not be rendered.</summary>
    Failed,

    /// <summary>Cancelled by an operator (<c>agentflow cancel</c>).</summary>
    Canceled,
}
