namespace AgentFlow.Engine.Runs;

/// <summary>Receives approval events (from a durable activity): audits escalations and timeouts, notifies approvers.</summary>
public interface IApprovalEventSink
{
    /// <summary>Handles one event; must tolerate being called again for the same event (activities are at-least-once).</summary>
    Task HandleAsync(ApprovalEvent approvalEvent, CancellationToken cancellationToken);
}
