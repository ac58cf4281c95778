using AgentFlow.Core;

namespace AgentFlow.Abstractions.Execution;

/// <summary>
/// A node failed for a reason its author can act on (bad arguments, a tool that refused, a provider error). The
/// message is shown to the user as is and is available to <c>onError</c> routes as <c>error.message</c>.
/// </summary>
public sealed class NodeExecutionException : AgentFlowException
{
    /// <summary>Creates the exception.</summary>
    public NodeExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NodeExecutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public NodeExecutionException()
        : base("The node failed.")
    {
    }
}
