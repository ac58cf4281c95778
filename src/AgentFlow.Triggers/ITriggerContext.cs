namespace AgentFlow.Triggers;

/// <summary>What a host gives a running trigger: starting runs exactly once, its clock, and where to report trouble.</summary>
public interface ITriggerContext
{
    /// <summary>The host's clock (a fake one in tests).</summary>
    TimeProvider Time { get; }

    /// <summary>
    /// Maps <paramref name="firing"/> to the workflow's inputs and starts its run, unless the run of this occasion
    /// exists already. Records the fire (shown by <c>agentflow triggers list</c>) and clears a reported error.
    /// </summary>
    /// <exception cref="TriggerInputException">The mapping produced inputs the workflow refuses (nothing started).</exception>
    Task<TriggerFireResult> FireAsync(TriggerRegistration registration, TriggerFiring firing, CancellationToken cancellationToken);

    /// <summary>Whether an operator paused the trigger (<c>agentflow triggers pause</c>): a paused trigger starts nothing.</summary>
    Task<bool> IsPausedAsync(TriggerRegistration registration, CancellationToken cancellationToken);

    /// <summary>Records a problem (a failed IMAP login, an unreachable server) to show until the next good fire or <see cref="ReportHealthyAsync"/>.</summary>
    Task ReportErrorAsync(TriggerRegistration registration, string problem, CancellationToken cancellationToken);

    /// <summary>Clears a reported problem (e.g. the IMAP server answers again).</summary>
    Task ReportHealthyAsync(TriggerRegistration registration, CancellationToken cancellationToken);
}
