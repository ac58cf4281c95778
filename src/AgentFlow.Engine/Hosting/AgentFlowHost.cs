using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Telemetry;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// A running engine: a backend, a worker that executes the registered orchestrators and activities, and a client.
/// Create one with <see cref="CreateAsync"/>; a host that only needs the client can skip <see cref="StartWorkerAsync"/>.
/// </summary>
public sealed class AgentFlowHost : IAsyncDisposable
{
    private readonly TaskHubWorker _worker;
    private readonly CancellationTokenSource _stopping;
    private readonly string _backendName;
    private bool _workerStarted;
    private IDisposable? _backlogGauge;

    private AgentFlowHost(IDurableBackend backend, string backendName, TaskHubWorker worker, TaskHubClient client, CancellationTokenSource stopping)
    {
        Backend = backend;
        _backendName = backendName;
        _worker = worker;
        Client = client;
        _stopping = stopping;
    }

    /// <summary>The backend in use.</summary>
    public IDurableBackend Backend { get; }

    /// <summary>The client: start orchestrations, raise events, query, terminate.</summary>
    public TaskHubClient Client { get; }

    /// <summary>Opens the backend (creating its store if needed) and prepares worker and client.</summary>
    /// <exception cref="ConfigurationException">A setting is invalid or the store cannot be opened.</exception>
    public static async Task<AgentFlowHost> CreateAsync(AgentFlowHostBuilder builder, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        loggerFactory ??= NullLoggerFactory.Instance;
        var backend = builder.BackendFactory is { } create
            ? create(builder.Options, loggerFactory)
            : DurableBackendFactory.Create(builder.Options, loggerFactory);
        try
        {
            await backend.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Orchestrators, activities and the client share one JSON format (camelCase, as the Web defaults).
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = new JsonDataConverter(SystemTextJsonDataConverter.Options) }, loggerFactory);
        var worker = new TaskHubWorker(backend.Service, loggerFactory)
        {
            // Failures carry type and message (not serialized exceptions), which is what the shims read.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };

        // Keep each activity's input in the history (Core drops it by default): a replay fork reads which node visit an
        // activity result belongs to, and an approval's shown values, from there. The dispatcher exists only once the
        // worker started, and reads the flag when it records a work item's decisions, after this middleware ran.
        worker.AddOrchestrationDispatcherMiddleware((_, next) =>
        {
            worker.TaskOrchestrationDispatcher.IncludeParameters = true;
            return next();
        });
        worker.AddTaskOrchestrations([.. builder.Orchestrators.Select(o =>
            new ShimCreator<TaskOrchestration>(o.Key, () => shims.CreateOrchestration(new TaskName(o.Key), o.Value(), parent: null)))]);

        // Activities get this token for the work they run; it is cancelled when the worker stops without draining.
        var stopping = new CancellationTokenSource();
        worker.AddTaskActivities([.. builder.Activities.Select(a =>
            new ShimCreator<TaskActivity>(a.Key, () => shims.CreateActivity(new TaskName(a.Key), a.Value(stopping.Token))))]);
        var client = new TaskHubClient(backend.Client, SystemTextJsonDataConverter.Instance, loggerFactory);
        return new AgentFlowHost(backend, builder.BackendFactory is null ? builder.Options.Backend.Name() : backend.Name, worker, client, stopping);
    }

    /// <summary>Starts executing work items in this process.</summary>
    public async Task StartWorkerAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _worker.StartAsync().ConfigureAwait(false);
        _workerStarted = true;

        // The backlog is the worker's concern: a host that only reads runs reports none.
        _backlogGauge ??= Backend is IRunBacklog backlog ? BacklogGauge.Track(backlog, _backendName) : null;
    }

    /// <summary>
    /// Stops taking work; with <paramref name="drain"/>, first lets the work items in flight finish (what a worker does
    /// on SIGTERM), else cancels the node executors in flight and abandons their work items to be redelivered.
    /// Disposing stops without draining.
    /// </summary>
    public async Task StopWorkerAsync(bool drain, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_workerStarted)
        {
            _workerStarted = false;
            if (!drain)
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
            }

            await _worker.StopAsync(isForced: !drain).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _backlogGauge?.Dispose();
        if (_workerStarted)
        {
            _workerStarted = false;
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _worker.StopAsync(isForced: true).ConfigureAwait(false);
        }

        await Backend.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
