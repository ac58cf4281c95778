using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.InMemory;

/// <summary>
/// A task hub held in this process's memory: the same orchestrators and activities as on every backend, with no
/// store under them, so what it reaches is the engine's own limit (Durable Task's dispatchers, the shims, the
/// orchestrators). Nothing survives the process; it is for benchmarks and tests, never a product backend.
/// </summary>
public sealed class InMemoryBackend : IDurableBackend, IRunBacklog, IInstanceChangeFeed
{
    private readonly InMemoryOrchestrationService _service;

    /// <summary>Creates an empty hub that runs at most the given number of work items at once.</summary>
    public InMemoryBackend(int maxConcurrentOrchestrations, int maxConcurrentActivities)
    {
        _service = new InMemoryOrchestrationService(maxConcurrentOrchestrations, maxConcurrentActivities);
    }

    /// <inheritdoc />
    public string Name => "inmemory";

    /// <inheritdoc />
    public IOrchestrationService Service => _service;

    /// <inheritdoc />
    public IOrchestrationServiceClient Client => _service;

    /// <summary>
    /// Makes the hub from engine settings (their concurrency limits); the shape
    /// <see cref="AgentFlowHostBuilder.UseBackend"/> takes.
    /// </summary>
    public static IDurableBackend Create(AgentFlowEngineOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InMemoryBackend(options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public event Action<string>? InstanceChanged
    {
        add => _service.InstanceChanged += value;
        remove => _service.InstanceChanged -= value;
    }

    /// <inheritdoc />
    public Task<bool> HasPendingMessagesAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_service.HasPendingMessages(instanceId));

    /// <inheritdoc />
    public long CountPendingWork() => _service.CountPendingWork();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
