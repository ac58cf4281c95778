using System.Collections.Concurrent;
using AgentFlow.Abstractions.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentFlow.Memory;

/// <summary>
/// The host's <see cref="IAgentMemoryPreloader"/>: warms each agent once per process with
/// <see cref="SqliteMemoryStore.PreloadAsync"/> on a pool thread (a store of another kind keeps its own index and is
/// left alone). The store is resolved on the first preload, in the background too. A failure is logged, not thrown,
/// and the agent may be warmed again later; disposing (the host shutting down) cancels what is still running.
/// </summary>
public sealed partial class AgentMemoryPreloader : IAgentMemoryPreloader, IDisposable
{
    private readonly Func<IMemoryStore?>? _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _agents = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates a preloader over the store <paramref name="store"/> resolves on the first preload (null, or resolving
    /// null: preloading is off and <see cref="Preload"/> does nothing); failures go to <paramref name="logger"/>.
    /// </summary>
    public AgentMemoryPreloader(Func<IMemoryStore?>? store, ILogger<AgentMemoryPreloader>? logger = null)
    {
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public void Preload(IReadOnlyCollection<string> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (_store is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var agent in agents)
        {
            if (string.IsNullOrEmpty(agent) || _agents.ContainsKey(agent))
            {
                continue;
            }

            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_agents.TryAdd(agent, started.Task))
            {
                _ = Task.Run(() => WarmAsync(agent, started), CancellationToken.None);
            }
        }
    }

    /// <summary>Completes when every preload started so far has ended (warmed, failed or cancelled); never faults.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_agents.Values);

    /// <summary>Cancels the preloads still running (the host is shutting down).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task WarmAsync(string agent, TaskCompletionSource done)
    {
        try
        {
            var token = _stopping.Token;
            if (_store!() is SqliteMemoryStore sqlite)
            {
                await sqlite.PreloadAsync(agent, token).ConfigureAwait(false);
                LogPreloaded(agent);
            }
        }
        catch (Exception e) when (IsStopping(e))
        {
            // the host is shutting down: nothing to report
        }
#pragma warning disable CA1031 // a preload is best effort: any failure is logged and the agent's first recall opens its memory itself
        catch (Exception e)
#pragma warning restore CA1031
        {
            _agents.TryRemove(new KeyValuePair<string, Task>(agent, done.Task));
            LogFailed(e, agent);
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private bool IsStopping(Exception e)
    {
        bool stopping;
        try
        {
            stopping = _stopping.IsCancellationRequested;
        }
        catch (ObjectDisposedException)
        {
            stopping = true;
        }

        return stopping && e is OperationCanceledException or ObjectDisposedException;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Preloaded the memory of agent {Agent}")]
    private partial void LogPreloaded(string agent);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Could not preload the memory of agent {Agent}; its first recall opens it")]
    private partial void LogFailed(Exception exception, string agent);
}
