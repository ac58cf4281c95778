using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Hosting;

namespace AgentFlow.Engine.Composition;

/// <summary>
/// The worker of a long-lived host (<c>agentflow worker</c>, the server): on start it opens the configured backend with
/// the composed <see cref="WorkflowRuntime"/> and runs work; on stop it finishes the work items in flight first, so none
/// waits for a lease to expire elsewhere. Register it with <see cref="ServiceCollectionExtensions.AddWorkerService"/>.
/// </summary>
public sealed class AgentFlowWorkerService(AgentFlowHostFactory factory, WorkflowRuntime runtime) : IHostedService, IAsyncDisposable
{
    private AgentFlowHost? _host;

    /// <summary>The client of the running host, to start, read and signal runs.</summary>
    /// <exception cref="InvalidOperationException">The service has not started.</exception>
    public RunClient Client => _host is { } host ? new RunClient(host, runtime) : throw new InvalidOperationException("The AgentFlow worker has not started.");

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = await factory.CreateAsync(runtime, cancellationToken).ConfigureAwait(false);
        try
        {
            await host.StartWorkerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _host = host;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) =>
        _host?.StopWorkerAsync(drain: true, cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
