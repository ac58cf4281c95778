using AgentFlow.Core;

namespace AgentFlow.Engine.Retention;

/// <summary>A run asked to be purged by id does not exist or has not finished; the message says what to do.</summary>
public sealed class RunNotPurgeableException(string runId, string message) : AgentFlowException(message)
{
    /// <summary>The run that cannot be purged.</summary>
    public string RunId { get; } = runId;
}
