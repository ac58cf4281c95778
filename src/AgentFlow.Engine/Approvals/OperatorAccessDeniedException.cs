using AgentFlow.Core;

namespace AgentFlow.Engine.Approvals;

/// <summary>Adding or removing an operator was refused: no admin's token, an invalid one, or not an admin's (the refusal is audited).</summary>
public sealed class OperatorAccessDeniedException : AgentFlowException
{
    /// <summary>Creates an exception naming what was refused and why.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="actor">The authenticated operator who asked, when the token was valid.</param>
    public OperatorAccessDeniedException(string message, string? actor)
        : base(message)
    {
        Actor = actor;
    }

    /// <summary>Creates an exception with a message.</summary>
    public OperatorAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public OperatorAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (prefer the other constructors).</summary>
    public OperatorAccessDeniedException()
    {
    }

    /// <summary>The authenticated operator who asked, when the token was valid.</summary>
    public string? Actor { get; }
}
