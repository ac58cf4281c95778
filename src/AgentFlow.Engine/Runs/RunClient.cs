using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Runs;

/// <summary>Starts, inspects, lists, cancels and purges workflow runs, and raises their events.</summary>
public sealed class RunClient
{
    private readonly AgentFlowHost _host;
    private readonly WorkflowRuntime _runtime;

    /// <summary>Creates a client over a host (with or without a running worker).</summary>
    public RunClient(AgentFlowHost host, WorkflowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(runtime);
        _host = host;
        _runtime = runtime;
    }

    /// <summary>Validates and pins <paramref name="file"/> (and the workflows it calls), checks it can run here, and binds its inputs.</summary>
    /// <exception cref="WorkflowInvalidException">The workflow has validation errors.</exception>
    /// <exception cref="WorkflowNotRunnableException">A node cannot run in this host.</exception>
    /// <exception cref="RunInputException">The inputs do not match the declarations.</exception>
    public async Task<PreparedRun> PrepareAsync(string file, JsonObject? inputs, CancellationToken cancellationToken = default)
    {
        var pinned = await DefinitionPinner.PinAsync(file, _runtime.Store, _runtime.Paths, cancellationToken).ConfigureAwait(false);
        var workflow = pinned.Document.Definition!;
        var problems = _runtime.Executors.Check(workflow, pinned.Definition.SourceFile);
        if (problems.Count > 0)
        {
            throw new WorkflowNotRunnableException(file, problems);
        }

        return new PreparedRun(pinned.Definition, workflow, RunInputs.Bind(workflow, inputs));
    }

    /// <summary>Starts a prepared run and returns its id.</summary>
    public async Task<string> StartAsync(PreparedRun run, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        cancellationToken.ThrowIfCancellationRequested();
        runId ??= $"{run.Workflow.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await _host.Client.CreateOrchestrationInstanceAsync(
            GraphOrchestrator.Name, string.Empty, runId, new RunRequest(run.Definition.Pin, run.Inputs, Workflow: run.Workflow.Name)).ConfigureAwait(false);
        return runId;
    }

    /// <summary>The run's current state, or null when there is no such run.</summary>
    public async Task<RunInfo?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        cancellationToken.ThrowIfCancellationRequested();
        var state = await _host.Client.GetOrchestrationStateAsync(runId).ConfigureAwait(false);
        return state is null || state.Name != GraphOrchestrator.Name ? null : RunStates.ToRunInfo(state);
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
            RuntimeStatus = RunStates.Durable(query.Status),
            CreatedTimeFrom = query.CreatedFrom,
            PageSize = 500,
            FetchInputsAndOutputs = false,
        };
        var runs = new List<RunInfo>();
        do
        {
            var page = await queries.GetOrchestrationWithQueryAsync(filter, cancellationToken).ConfigureAwait(false);
            runs.AddRange(page.OrchestrationState
                .Where(s => s.Name == GraphOrchestrator.Name && !s.OrchestrationInstance.InstanceId.Contains(':', StringComparison.Ordinal))
                .Select(RunStates.ToRunInfo)
                .Where(r => (query.Status is null || r.Status == query.Status) && (query.Workflow is null || r.Workflow == query.Workflow)));
            filter.ContinuationToken = page.ContinuationToken;
        }
        while (filter.ContinuationToken is not null);
        return [.. runs.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.RunId, StringComparer.Ordinal).Take(query.Limit)];
    }

    /// <summary>Cancels a run that has not finished; its sub-runs stop with it.</summary>
    public async Task CancelAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        cancellationToken.ThrowIfCancellationRequested();
        await _host.Client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = runId }, reason).ConfigureAwait(false);
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
