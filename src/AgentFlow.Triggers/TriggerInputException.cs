using AgentFlow.Core;

namespace AgentFlow.Triggers;

/// <summary>A trigger's input mapping produced inputs its workflow refuses; no run was started.</summary>
public sealed class TriggerInputException : AgentFlowException
{
    /// <summary>Creates the exception for the trigger <paramref name="triggerId"/> (<c>WORKFLOW/TRIGGER</c>).</summary>
    public TriggerInputException(string triggerId, string message)
        : base($"trigger '{triggerId}': {message}")
    {
        TriggerId = triggerId;
    }

    /// <summary>The trigger, as <c>WORKFLOW/TRIGGER</c>.</summary>
    public string TriggerId { get; }
}
