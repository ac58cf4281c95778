namespace AgentFlow.Core;

/// <summary>The root of every exception AgentFlow raises on purpose; catch this to report a user-facing failure.</summary>
public class AgentFlowException : Exception
{
    /// <summary>Creates an exception with a message that names what failed and what to do.</summary>
    public AgentFlowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public AgentFlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (prefer the other constructors).</summary>
    public AgentFlowException()
    {
    }
}
