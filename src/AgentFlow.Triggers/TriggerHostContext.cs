using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using AgentFlow.Triggers.State;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Triggers;

/// <summary>
/// The <see cref="ITriggerContext"/> of a host (and of <c>agentflow triggers fire</c>): renders the input mapping,
/// prepares the workflow file as a run, starts it once under the occasion's run id, and records it in <c>triggers.db</c>.
/// </summary>
public sealed class TriggerHostContext(TriggerStateStore store, TriggerRuns runs, TimeProvider time, ILogger logger) : ITriggerContext
{
    /// <inheritdoc />
    public TimeProvider Time => time;

    /// <inheritdoc />
    public async Task<TriggerFireResult> FireAsync(TriggerRegistration registration, TriggerFiring firing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(firing);
        var client = runs.Client;
        PreparedRun prepared;
        try
        {
            var inputs = await TriggerInputRenderer.RenderAsync(registration, firing.Scope, cancellationToken).ConfigureAwait(false);
            prepared = await client.PrepareAsync(registration.WorkflowFile, inputs, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TriggerInputException or RunInputException or WorkflowInvalidException or WorkflowNotRunnableException)
        {
            var error = ex as TriggerInputException ?? new TriggerInputException(registration.Id, $"{firing.Summary}: no run started: {ex.Message}");
            await ReportErrorAsync(registration, error.Message, cancellationToken).ConfigureAwait(false);
            throw error;
        }

        var runId = TriggerRunIds.For(registration.Workflow.Name, registration.Trigger.Name, registration.Trigger.Kind, firing.Key);
        var origin = new RunOrigin(registration.Id, TriggerKinds.ToJson(registration.Trigger.Kind), firing.Key, firing.Summary);
        var (id, started) = await client.StartOnceAsync(prepared, runId, origin, cancellationToken).ConfigureAwait(false);
        await store.RecordFireAsync(registration.Id, time.GetUtcNow(), firing.Key, id, firing.Summary, cancellationToken).ConfigureAwait(false);
        if (started)
        {
            Log.Fired(logger, registration.Id, id, firing.Summary);
        }
        else
        {
            Log.AlreadyStarted(logger, registration.Id, id, firing.Summary);
        }

        return new TriggerFireResult(id, started);
    }

    /// <inheritdoc />
    public async Task<bool> IsPausedAsync(TriggerRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return (await store.GetAsync(registration.Id, cancellationToken).ConfigureAwait(false)).Paused;
    }

    /// <inheritdoc />
    public async Task ReportErrorAsync(TriggerRegistration registration, string problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrEmpty(problem);
        Log.Problem(logger, registration.Id, problem);
        await store.RecordErrorAsync(registration.Id, problem, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ReportHealthyAsync(TriggerRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return store.ClearErrorAsync(registration.Id, cancellationToken);
    }
}
