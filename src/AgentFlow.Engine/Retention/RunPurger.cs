using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Retention;

/// <summary>
/// Removes finished runs for good, on any backend: their orchestration history (with their sub-runs and map chunks),
/// their side-effect ledger entries, and then the pinned workflow definitions no remaining run refers to. Runs that
/// are pending, running or waiting are never touched. The audit log is never purged (it is the record), and agent
/// memory is not either: a memory is the agent's knowledge, and its provenance (source run and node) stays as text.
/// Used by <c>agentflow purge</c> and by the host's retention (<see cref="RetentionService"/>).
/// </summary>
public sealed partial class RunPurger
{
    // The backend stamps creation times with its machine's clock; runs created this long before a purge began are
    // checked again after definitions were removed, in case one started meanwhile with a pin that was removed.
    private static readonly TimeSpan RaceMargin = TimeSpan.FromMinutes(5);

    private readonly AgentFlowHost _host;
    private readonly IDefinitionStore _definitions;
    private readonly IEffectLedger _ledger;
    private readonly TimeProvider _time;

    /// <summary>Creates a purger over <paramref name="client"/>'s backend and definition store, and <paramref name="ledger"/>.</summary>
    /// <param name="client">The run client of an open host (a worker need not run).</param>
    /// <param name="ledger">The side-effect ledger the runs recorded their effects in.</param>
    /// <param name="time">The clock <see cref="PurgeRequest.OlderThan"/> is measured by (the system clock by default).</param>
    public RunPurger(RunClient client, IEffectLedger ledger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ledger);
        _host = client.Host;
        _definitions = client.Runtime.Store;
        _ledger = ledger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Purges the finished runs <paramref name="request"/> selects and reports what went.</summary>
    /// <exception cref="RunNotPurgeableException"><see cref="PurgeRequest.RunId"/> names no run, a sub-run, or a run that has not finished.</exception>
    /// <exception cref="ArgumentException"><see cref="PurgeRequest.Statuses"/> names a status that is not finished.</exception>
    /// <exception cref="NotSupportedException">The backend cannot query or purge instances.</exception>
    public async Task<PurgeReport> PurgeAsync(PurgeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var status in request.Statuses.Where(s => !PurgeRequest.FinishedStatuses.Contains(s)))
        {
            throw new ArgumentException($"only finished runs can be purged; '{status.Name()}' is not a finished status", nameof(request));
        }

        if (_host.Backend.Client is not IOrchestrationServiceQueryClient queries || _host.Backend.Client is not IOrchestrationServicePurgeClient purge)
        {
            throw new NotSupportedException($"the {_host.Backend.Name} backend cannot purge runs");
        }

        var began = DateTime.UtcNow;
        var runs = request.RunId is { } id ? [await OneAsync(id).ConfigureAwait(false)] : await SelectAsync(queries, request, cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            return PurgeReport.Empty(request.DryRun);
        }

        var purged = runs.Select(r => r.OrchestrationInstance.InstanceId).ToHashSet(StringComparer.Ordinal);
        var instances = new List<string>();
        foreach (var run in runs)
        {
            // Sub-runs and chunks first, the run last: a purge cut short leaves the run listed, so the next one finishes it.
            instances.AddRange(await FinishedChildrenAsync(queries, run.OrchestrationInstance.InstanceId, cancellationToken).ConfigureAwait(false));
            instances.Add(run.OrchestrationInstance.InstanceId);
        }

        var loaded = new Dictionary<string, PinnedDefinition>(StringComparer.Ordinal);
        var theirs = await ClosureAsync(runs.Select(PinOf).OfType<string>(), loaded, cancellationToken).ConfigureAwait(false);
        var kept = await ClosureAsync(await PinsAsync(queries, purged, null, cancellationToken).ConfigureAwait(false), loaded, cancellationToken).ConfigureAwait(false);
        var unreferenced = theirs.Except(kept).Order(StringComparer.Ordinal).ToList();
        var runIds = runs.Select(r => r.OrchestrationInstance.InstanceId).ToList();
        if (request.DryRun)
        {
            var entries = (await _ledger.ListAsync(null, cancellationToken).ConfigureAwait(false)).Count(e => instances.Contains(e.RunId, StringComparer.Ordinal));
            return new PurgeReport(runIds, instances.Count, entries, unreferenced, DryRun: true);
        }

        // The ledger first: entries whose run is gone could never be selected again, a run whose entries are gone can.
        var ledgerEntries = await _ledger.PurgeRunsAsync(instances, cancellationToken).ConfigureAwait(false);
        foreach (var instance in instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await purge.PurgeInstanceStateAsync(instance).ConfigureAwait(false);
        }

        var removed = await RemoveDefinitionsAsync(queries, unreferenced, loaded, purged, began - RaceMargin, cancellationToken).ConfigureAwait(false);
        return new PurgeReport(runIds, instances.Count, ledgerEntries, removed, DryRun: false);
    }

    private async Task<OrchestrationState> OneAsync(string runId)
    {
        var state = await _host.Client.GetOrchestrationStateAsync(runId).ConfigureAwait(false);
        if (state is null || state.Name != RunNames.RunOrchestration)
        {
            throw new RunNotPurgeableException(runId, $"no run '{runId}'; list the runs with agentflow runs");
        }

        if (RunIds.IsChild(runId))
        {
            throw new RunNotPurgeableException(runId, $"'{runId}' is part of run '{RunIds.Root(runId)}'; purge that run, which removes its sub-runs too");
        }

        var status = RunStates.ToRunInfo(state).Status;
        return PurgeRequest.FinishedStatuses.Contains(status)
            ? state
            : throw new RunNotPurgeableException(runId, $"run '{runId}' is {status.Name()}; only finished runs are purged: cancel it first (agentflow cancel {runId}), then purge it");
    }

    /// <summary>Top-level runs in the requested statuses that finished before the cutoff, oldest first.</summary>
    private async Task<List<OrchestrationState>> SelectAsync(IOrchestrationServiceQueryClient queries, PurgeRequest request, CancellationToken cancellationToken)
    {
        DateTime? cutoff = request.OlderThan is { } age ? _time.GetUtcNow().UtcDateTime - age : null;
        var filter = new OrchestrationQuery
        {
            RuntimeStatus = [.. request.Statuses.Distinct().SelectMany(s => RunStates.Durable(s) ?? [])],
            CreatedTimeTo = cutoff,
            PageSize = 500,
            FetchInputsAndOutputs = true,
        };
        var runs = new List<OrchestrationState>();
        await foreach (var state in PagesAsync(queries, filter, cancellationToken).ConfigureAwait(false))
        {
            if (state.Name == RunNames.RunOrchestration && !RunIds.IsChild(state.OrchestrationInstance.InstanceId) && (cutoff is null || FinishedAt(state) <= cutoff))
            {
                runs.Add(state);
            }
        }

        return [.. runs.OrderBy(FinishedAt).ThenBy(r => r.OrchestrationInstance.InstanceId, StringComparer.Ordinal)];
    }

    /// <summary>The finished sub-runs and map chunks of <paramref name="runId"/>, at any depth (their ids start with <c>RUN:</c>).</summary>
    private static async Task<List<string>> FinishedChildrenAsync(IOrchestrationServiceQueryClient queries, string runId, CancellationToken cancellationToken)
    {
        var filter = new OrchestrationQuery
        {
            InstanceIdPrefix = runId + RunIds.ChildSeparator,
            RuntimeStatus = [.. PurgeRequest.FinishedStatuses.SelectMany(s => RunStates.Durable(s) ?? [])],
            PageSize = 500,
        };
        var children = new List<string>();
        await foreach (var state in PagesAsync(queries, filter, cancellationToken).ConfigureAwait(false))
        {
            children.Add(state.OrchestrationInstance.InstanceId);
        }

        // Deepest first, so no sub-run outlives its parent's purge.
        return [.. children.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal)];
    }

    private static DateTime FinishedAt(OrchestrationState state) =>
        state.CompletedTime > state.CreatedTime ? state.CompletedTime : state.LastUpdatedTime;

    private static string? PinOf(OrchestrationState state) => RunStates.Parse<RunRequest>(state.Input)?.Pin;

    private static async IAsyncEnumerable<OrchestrationState> PagesAsync(
        IOrchestrationServiceQueryClient queries, OrchestrationQuery filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var page = await queries.GetOrchestrationWithQueryAsync(filter, cancellationToken).ConfigureAwait(false);
            foreach (var state in page.OrchestrationState)
            {
                yield return state;
            }

            filter.ContinuationToken = page.ContinuationToken;
        }
        while (filter.ContinuationToken is not null);
    }
}
