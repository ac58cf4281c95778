using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli;

/// <summary>A host on the configured backend with the workflow runtime of a command's <see cref="CliServices"/>; with a worker for commands that move runs.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly AgentFlowHost _host;

    private CliSession(AgentFlowHost host, RunClient client)
    {
        _host = host;
        Client = client;
    }

    public RunClient Client { get; }

    /// <summary>The decisions recorded in the backend's run histories (runs, sub-runs and map chunks it lists).</summary>
    public IRecordedDecisionSource RecordedDecisions => new RunHistoryDecisionSource(_host);

    /// <summary>
    /// Opens the backend with the composed workflow runtime (every executor, the ledger, approvals);
    /// <paramref name="worker"/> also executes work.
    /// </summary>
    public static Task<CliSession> OpenAsync(CliServices services, bool worker, CancellationToken cancellationToken) =>
        OpenHostAsync(services, services.Get<WorkflowRuntime>(), worker, cancellationToken);

    /// <summary>
    /// Opens the backend only to read runs, their histories and waits (<c>runs</c>, <c>show</c>, <c>approvals</c>,
    /// <c>audit verify</c>): no worker, no executors, and so no ledger, memory, retrieval or audit files are created.
    /// </summary>
    public static Task<CliSession> OpenReadOnlyAsync(CliServices services, CancellationToken cancellationToken) =>
        OpenHostAsync(services, new WorkflowRuntime(services.Get<IDefinitionStore>(), new NodeExecutorRegistry([])), worker: false, cancellationToken);

    private static async Task<CliSession> OpenHostAsync(CliServices services, WorkflowRuntime runtime, bool worker, CancellationToken cancellationToken)
    {
        var host = await services.Get<AgentFlowHostFactory>().CreateAsync(runtime, cancellationToken).ConfigureAwait(false);
        if (worker)
        {
            await host.StartWorkerAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CliSession(host, new RunClient(host, runtime));
    }

    /// <summary>Stops the worker after the work items in flight have finished (a worker's orderly shutdown).</summary>
    public Task DrainAsync(CancellationToken cancellationToken = default) => _host.StopWorkerAsync(drain: true, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
