namespace AgentFlow.Core.Model;

/// <summary>How much harm a tool call can do; <see cref="High"/> must sit behind an approval (AF401).</summary>
public enum ToolRisk
{
    /// <summary>Read-only or freely repeatable.</summary>
    Low,

    /// <summary>Has effects; recorded in the side-effect ledger.</summary>
    Medium,

    /// <summary>Has effects a human must approve first (payments, outbound mail, deletions).</summary>
    High,
}
