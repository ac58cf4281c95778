using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Runs;

/// <summary>Starts, inspects, lists, cancels and purges workflow runs, and raises their events.</summary>
public sealed partial class RunClient
{
    private readonly AgentFlowHost _host;
    private readonly WorkflowRuntime _runtime;
    private readonly RunTree _tree;

    /// <summary>Creates a client over a host (with or without a running worker).</summary>
    public RunClient(AgentFlowHost host, WorkflowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(runtime);
        _host = host;
        _runtime = runtime;
        _tree = new RunTree(host.Client, host.Backend as IRunBacklog);
    }

    /// <summary>The host this client works on (for the purge, which reaches the backend's query and purge clients).</summary>
    internal AgentFlowHost Host => _host;

    /// <summary>The workflow runtime runs start with (its definition store).</summary>
    internal WorkflowRuntime Runtime => _runtime;

    /// <summary>The backend's in-process change notices (null when it has none and must be polled).</summary>
    public IInstanceChangeFeed? Changes => _host.Backend as IInstanceChangeFeed;

    /// <summary>Validates and pins <paramref name="file"/> (and the workflows it calls), checks it can run here, and binds its inputs.</summary>
    /// <exception cref="WorkflowInvalidException">The workflow has validation errors.</exception>
    /// <exception cref="WorkflowNotRunnableException">A node cannot run in this host.</exception>
    /// <exception cref="RunInputException">The inputs do not match the declarations.</exception>
    public Task<PreparedRun> PrepareAsync(string file, JsonObject? inputs, CancellationToken cancellationToken = default) =>
        PrepareAsync(file, [], inputs, cancellationToken);

    /// <summary>
    /// <see cref="PrepareAsync(string, JsonObject?, CancellationToken)"/> of <paramref name="file"/> with
    /// <paramref name="patches"/> (JSON merge patches of the workflow, e.g. an eval variant) applied first.
    /// </summary>
    /// <exception cref="WorkflowInvalidException">The patched workflow has validation errors.</exception>
    /// <exception cref="WorkflowNotRunnableException">A node cannot run in this host.</exception>
    /// <exception cref="RunInputException">The inputs do not match the declarations.</exception>
    public async Task<PreparedRun> PrepareAsync(string file, IReadOnlyList<JsonNode> patches, JsonObject? inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var pinned = patches.Count == 0
            ? await DefinitionPinner.PinAsync(file, _runtime.Store, _runtime.Paths, cancellationToken).ConfigureAwait(false)
            : await DefinitionPinner.PinAsync(file, patches, _runtime.Store, _runtime.Paths, cancellationToken).ConfigureAwait(false);
        var workflow = pinned.Document.Definition!;
        var problems = (await _runtime.Executors.CheckAsync(workflow, pinned.Definition.SourceFile, cancellationToken).ConfigureAwait(false)).ToList();
        if (_runtime.Memory is null)
        {
            problems.AddRange(NodeGraph.Walk(workflow.Nodes).OfType<ApprovalNode>().Where(a => a.Learn is not null).Select(a =>
                $"node '{a.Id}' ({a.JsonPath}): learns from feedback (learn), but this host has no agent memory; run it where memory is configured (agentflow run, serve and worker have it), or remove 'learn'"));
        }

        if (problems.Count > 0)
        {
            throw new WorkflowNotRunnableException(file, problems);
        }

        _runtime.Definitions.Prime(pinned.Definition, workflow);
        return new PreparedRun(pinned.Definition, workflow, RunInputs.Bind(workflow, inputs));
    }

    /// <summary>Starts a prepared run and returns its id.</summary>
    public async Task<string> StartAsync(PreparedRun run, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        cancellationToken.ThrowIfCancellationRequested();
        if (runId is not null && RunIds.Problem(runId) is { } problem)
        {
            throw new RunInputException(run.Workflow.Name, [$"run id '{runId}': {problem}"]);
        }

        runId ??= $"{run.Workflow.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await _host.Client.CreateOrchestrationInstanceAsync(
            RunNames.RunOrchestration, string.Empty, runId, new RunRequest(run.Definition.Pin, run.Inputs, Workflow: run.Workflow.Name, Trace: RunTraces.NewRun())).ConfigureAwait(false);
        return runId;
    }

    /// <summary>
    /// Starts a prepared run under <paramref name="runId"/> unless a run with that id exists in any state (pending,
    /// running, finished, cancelled or purged-and-recreated aside): the start of an occasion (a trigger's tick, a
    /// mail) that two hosts, or a host restarted between start and bookkeeping, may both try. Returns the run id and
    /// whether this call started it. The backend decides atomically (its <c>dedupeStatuses</c>), so of two racing
    /// callers exactly one starts the run.
    /// </summary>
    /// <exception cref="RunInputException"><paramref name="runId"/> is not a valid run id.</exception>
    public async Task<(string RunId, bool Started)> StartOnceAsync(PreparedRun run, string runId, RunOrigin? origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        cancellationToken.ThrowIfCancellationRequested();
        if (RunIds.Problem(runId) is { } problem)
        {
            throw new RunInputException(run.Workflow.Name, [$"run id '{runId}': {problem}"]);
        }

        try
        {
            await _host.Client.CreateOrchestrationInstanceAsync(
                RunNames.RunOrchestration,
                string.Empty,
                runId,
                new RunRequest(run.Definition.Pin, run.Inputs, Workflow: run.Workflow.Name, Origin: origin, Trace: RunTraces.NewRun()),
                tags: null,
                dedupeStatuses: Enum.GetValues<OrchestrationStatus>()).ConfigureAwait(false);
            return (runId, true);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return (runId, false);
        }
    }

    /// <summary>
    /// The run's current state, or null when there is no such run. What it waits for and whether it is waiting
    /// include its sub-runs and map chunks at any depth, and messages it has not taken in yet.
    /// </summary>
    public async Task<RunInfo?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        cancellationToken.ThrowIfCancellationRequested();
        var state = await _host.Client.GetOrchestrationStateAsync(runId).ConfigureAwait(false);
        return state is null || state.Name != RunNames.RunOrchestration ? null : await _tree.ExpandAsync(RunStates.ToRunInfo(state), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds what a run waits for at <paramref name="node"/>, the path a user sees (<c>each[3].ok</c>, <c>call.review</c>),
    /// wherever the waiting orchestration is. <paramref name="runId"/> may also be a sub-run's or chunk's own id with its
    /// local node id. Returns the run (null when there is none) and the wait (null when it does not wait there).
    /// </summary>
    public async Task<(RunInfo? Run, WaitInfo? Wait)> FindWaitAsync(string runId, string node, WaitKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(node);
        var run = await GetAsync(RunIds.Root(runId), cancellationToken).ConfigureAwait(false);
        var waits = run is { IsFinished: false } ? run.Progress?.Waiting ?? [] : [];
        var wait = RunIds.IsChild(runId)
            ? waits.FirstOrDefault(w => w.Kind == kind && w.Instance == runId && w.Event == (kind == WaitKind.Effect ? RunNames.EffectPrefix : RunNames.ApprovalPrefix) + node)
            : waits.FirstOrDefault(w => w.Kind == kind && w.Node == node);
        return (run, wait);
    }

    /// <summary>
    /// Tells the orchestration that waits on the effect in doubt of <paramref name="node"/> (as the ledger names it:
    /// the run or sub-run of its idempotency key, and its qualified node id) that an operator settled it. Returns the
    /// top-level run, or null when nothing waits on that effect now (the run then reads the settled ledger entry when
    /// it retries the effect).
    /// </summary>
    public async Task<string?> DeliverEffectResolutionAsync(string runId, string node, EffectResolution resolution, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentNullException.ThrowIfNull(resolution);
        var root = RunIds.Root(runId);
        var run = await GetAsync(root, cancellationToken).ConfigureAwait(false);
        var wait = run?.Progress?.Waiting.FirstOrDefault(w => WaitsOnEffect(w, runId, node));
        if (wait is null)
        {
            return null;
        }

        await RaiseEventAsync(wait.Instance ?? root, wait.Event!, resolution, cancellationToken).ConfigureAwait(false);
        return root;
    }

    /// <summary>
    /// True when <paramref name="wait"/> is the wait on the effect in doubt of <paramref name="node"/> of
    /// <paramref name="runId"/> (the run or sub-run of the ledger entry's idempotency key, and its qualified node id).
    /// </summary>
    public static bool WaitsOnEffect(WaitInfo wait, string runId, string node)
    {
        ArgumentNullException.ThrowIfNull(wait);
        return wait.Kind == WaitKind.Effect && wait.Event == RunNames.EffectPrefix + node && (wait.Run ?? wait.Instance ?? RunIds.Root(runId)) == runId;
    }

    /// <summary>Top-level runs (not sub-runs), newest first.</summary>
    public async Task<IReadOnlyList<RunInfo>> ListAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_host.Backend.Client is not IOrchestrationServiceQueryClient queries)
        {
            throw new NotSupportedException($"the {_host.Backend.Name} backend cannot list runs");
        }

        var filter = new OrchestrationQuery
        {
            RuntimeStatus = RunStates.Durable(query.Unfinished ? RunStatus.Running : query.Status),
            CreatedTimeFrom = query.CreatedFrom,
            PageSize = 500,
            FetchInputsAndOutputs = false,
        };
        var runs = new List<RunInfo>();
        do
        {
            var page = await queries.GetOrchestrationWithQueryAsync(filter, cancellationToken).ConfigureAwait(false);
            foreach (var state in page.OrchestrationState.Where(s => s.Name == RunNames.RunOrchestration && !RunIds.IsChild(s.OrchestrationInstance.InstanceId)))
            {
                // A run that has not taken its first step has no progress yet: its workflow and origin are only in its
                // input, which the list query leaves out; read that run whole (there are few such runs at a time).
                var info = RunStates.ToRunInfo(state);
                if (info.Progress is null && await _host.Client.GetOrchestrationStateAsync(state.OrchestrationInstance.InstanceId).ConfigureAwait(false) is { } whole)
                {
                    info = RunStates.ToRunInfo(whole);
                }

                var run = await _tree.ExpandAsync(info, cancellationToken).ConfigureAwait(false);
                if ((query.Status is null || run.Status == query.Status) && (query.Workflow is null || run.Workflow == query.Workflow))
                {
                    runs.Add(run);
                }
            }

            filter.ContinuationToken = page.ContinuationToken;
        }
        while (filter.ContinuationToken is not null);
        return [.. runs.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.RunId, StringComparer.Ordinal).Take(query.Limit)];
    }

    /// <summary>Cancels a run that has not finished; its sub-runs and map chunks in flight stop with it, at any depth.</summary>
    public async Task CancelAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        cancellationToken.ThrowIfCancellationRequested();
        var state = await _host.Client.GetOrchestrationStateAsync(runId).ConfigureAwait(false);
        List<string> instances = state is null ? [runId] : await _tree.InstancesAsync(RunStates.ToRunInfo(state), cancellationToken).ConfigureAwait(false);

        // The run first, so it starts no new sub-run; then what was in flight, and whatever else carries its id.
        foreach (var instance in instances)
        {
            await _host.Client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instance }, reason).ConfigureAwait(false);
        }

        if (_host.Backend.Client is IOrchestrationServiceQueryClient queries)
        {
            var filter = new OrchestrationQuery
            {
                InstanceIdPrefix = runId + RunIds.ChildSeparator,
                RuntimeStatus = [OrchestrationStatus.Pending, OrchestrationStatus.Running],
                PageSize = 500,
            };
            do
            {
                var page = await queries.GetOrchestrationWithQueryAsync(filter, cancellationToken).ConfigureAwait(false);
                foreach (var child in page.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId).Except(instances, StringComparer.Ordinal))
                {
                    await _host.Client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = child }, reason).ConfigureAwait(false);
                }

                filter.ContinuationToken = page.ContinuationToken;
            }
            while (filter.ContinuationToken is not null);
        }
    }

    /// <summary>Deletes a finished run's history and state.</summary>
    public async Task PurgeAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (_host.Backend.Client is not IOrchestrationServicePurgeClient purge)
        {
            throw new NotSupportedException($"the {_host.Backend.Name} backend cannot purge runs");
        }

        cancellationToken.ThrowIfCancellationRequested();
        await purge.PurgeInstanceStateAsync(runId).ConfigureAwait(false);
    }

    /// <summary>Raises an event on a run, e.g. <c>approval:NODE</c> with an <see cref="ApprovalDecision"/>.</summary>
    public async Task RaiseEventAsync(string runId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(payload);
        cancellationToken.ThrowIfCancellationRequested();
        await _host.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = runId }, eventName, payload).ConfigureAwait(false);
    }
}
