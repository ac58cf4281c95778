using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Triggers;

/// <summary>
/// Runs triggers of one kind that act by themselves (schedules, IMAP). A host calls <see cref="RunAsync"/> once per
/// registered trigger and cancels it when the workflow file changes or the host stops. Webhooks have no runner: the
/// server fires them when called.
/// </summary>
public interface ITriggerRunner
{
    /// <summary>The kind this runner handles.</summary>
    TriggerKind Kind { get; }

    /// <summary>
    /// Watches for occasions and fires them through <paramref name="context"/> until <paramref name="cancellationToken"/>
    /// is canceled. Never throws for an outside problem (a server down, a bad password): reports it and retries with
    /// backoff.
    /// </summary>
    Task RunAsync(TriggerRegistration registration, ITriggerContext context, CancellationToken cancellationToken);
}
