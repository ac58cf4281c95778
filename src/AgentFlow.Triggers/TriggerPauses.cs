using AgentFlow.Engine.Approvals;
using AgentFlow.Triggers.State;

namespace AgentFlow.Triggers;

/// <summary>Pausing and resuming triggers: written to <c>triggers.db</c> (a running host reads it before every fire) and audited.</summary>
public static class TriggerPauses
{
    /// <summary>Pauses (or resumes) <paramref name="id"/> as <paramref name="operatorName"/>; false when it already was (nothing written or audited).</summary>
    public static async Task<bool> SetAsync(TriggerStateStore store, AuditLog audit, string id, bool paused, string operatorName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(operatorName);
        if (!await store.SetPausedAsync(id, paused, operatorName, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await audit.AppendAsync(
            new AuditEntry(AuditKinds.Trigger, RunId: null, Node: null, Operator: operatorName, Decision: paused ? "paused" : "resumed", Subject: id),
            cancellationToken).ConfigureAwait(false);
        return true;
    }
}
