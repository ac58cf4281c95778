using AgentFlow.Core;

namespace AgentFlow.Engine.Runs;

/// <summary>Thrown by the orchestrator when a run fails; its message (naming the node) becomes the run's error.</summary>
public sealed class WorkflowRunFailedException : AgentFlowException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowRunFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkflowRunFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public WorkflowRunFailedException()
        : base("The run failed.")
    {
    }
}
