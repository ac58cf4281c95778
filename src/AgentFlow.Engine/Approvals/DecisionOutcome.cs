namespace AgentFlow.Engine.Approvals;

/// <summary>What happened to an operator's decision.</summary>
public enum DecisionOutcome
{
    /// <summary>Counted: audited and delivered to the run.</summary>
    Accepted,

    /// <summary>This operator already decided on this node; counted once, nothing changed.</summary>
    Duplicate,

    /// <summary>Refused (and audited): not an approver, not waiting, already decided or timed out.</summary>
    Refused,
}
