using AgentFlow.Core;

namespace AgentFlow.Triggers;

/// <summary>No trigger has the name given (or a bare trigger name matches several workflows).</summary>
public sealed class TriggerNotFoundException(string message) : AgentFlowException(message)
{
}
