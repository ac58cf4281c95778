using AgentFlow.Core;

namespace AgentFlow.Engine.Approvals;

/// <summary>An operator could not be added or changed (invalid name or role, duplicate name, unreadable operators file).</summary>
public sealed class OperatorException : AgentFlowException
{
    /// <summary>Creates an exception with a message that names the operator and what to do.</summary>
    public OperatorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public OperatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (prefer the other constructors).</summary>
    public OperatorException()
    {
    }
}
