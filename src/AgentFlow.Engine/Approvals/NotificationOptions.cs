namespace AgentFlow.Engine.Approvals;

/// <summary>How approval notifications are sent: <c>notifications.from</c> in agentflow.json (<c>AGENTFLOW__NOTIFICATIONS__FROM</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>The From address, optionally with a display name (<c>AgentFlow &lt;approvals@example.com&gt;</c>). Default <c>AgentFlow &lt;agentflow@localhost&gt;</c>.</summary>
    public string From { get; set; } = "AgentFlow <agentflow@localhost>";
}
