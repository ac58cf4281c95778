using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Activities;

/// <summary>A node attempt ran past the node's <c>timeout</c>; the orchestrator and the activity report it alike.</summary>
public sealed class NodeTimeoutException : Exception
{
    /// <summary>An attempt that exceeded <paramref name="timeout"/>.</summary>
    public NodeTimeoutException(TimeSpan timeout)
        : base(Describe(timeout))
    {
        Timeout = timeout;
    }

    /// <inheritdoc />
    public NodeTimeoutException()
        : base("timed out (the node's timeout)")
    {
    }

    /// <inheritdoc />
    public NodeTimeoutException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public NodeTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The node's timeout, when known.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>The one wording of a timed-out attempt, whichever side noticed it first.</summary>
    public static string Describe(TimeSpan timeout) => $"timed out after {IsoDuration.Format(timeout)} (the node's timeout)";
}
