using System.Threading.Channels;

namespace AgentFlow.Server.Events;

/// <summary>A listener's events from the <see cref="RunEventHub"/>; dispose it to stop listening.</summary>
public sealed class RunEventSubscription : IDisposable
{
    private readonly Action _unsubscribe;
    private int _disposed;

    internal RunEventSubscription(ChannelReader<RunEvent> events, Action unsubscribe)
    {
        Events = events;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The events, in the order the watcher saw them.</summary>
    public ChannelReader<RunEvent> Events { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
        }
    }
}
