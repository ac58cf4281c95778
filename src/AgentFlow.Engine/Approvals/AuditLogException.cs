using AgentFlow.Core;

namespace AgentFlow.Engine.Approvals;

/// <summary>The audit log cannot be appended to or read because a line is damaged; run verification to locate it.</summary>
public sealed class AuditLogException : AgentFlowException
{
    /// <summary>Creates an exception with a message that names the line and what to do.</summary>
    public AuditLogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public AuditLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (prefer the other constructors).</summary>
    public AuditLogException()
    {
    }
}
