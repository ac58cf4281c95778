using System.Collections.Concurrent;
using System.Threading.Channels;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Events;

/// <summary>
/// The one run watcher of a server, feeding every event stream. While at least one client listens it reads, once per
/// <see cref="ServerOptions.EventPollInterval"/>, the runs in flight (one list query; runs the API started or a client
/// follows, and runs that were in flight last time, are read by id until they finish), compares each with what it saw
/// last (<see cref="RunSnapshot"/>) and publishes the differences to every subscriber's bounded channel. So the database
/// is read once per interval whatever the number of clients, and not at all when nobody listens. A slow client loses
/// its oldest events rather than holding up the others.
/// </summary>
public sealed partial class RunEventHub(AgentFlowWorkerService worker, IOptions<ServerOptions> options, ILogger<RunEventHub> logger, TimeProvider? time = null) : BackgroundService
{
    private const int ChannelCapacity = 1024;

    private readonly ConcurrentDictionary<int, Subscriber> _subscribers = new();
    private readonly ConcurrentDictionary<string, int> _watched = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _wake = new(0);
    private int _nextSubscriber;
    private long _sequence;

    /// <summary>Listens to the events of <paramref name="runId"/> (null: of every run) until the subscription is disposed.</summary>
    public RunEventSubscription Subscribe(string? runId)
    {
        var channel = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(ChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Interlocked.Increment(ref _nextSubscriber);
        _subscribers[id] = new Subscriber(runId, channel);
        if (runId is not null)
        {
            _watched.AddOrUpdate(runId, 1, (_, n) => n + 1);
        }

        Log.SubscriberJoined(logger, id, _subscribers.Count);
        _wake.Release();
        return new RunEventSubscription(channel.Reader, () => Unsubscribe(id, runId));
    }

    /// <summary>Follows <paramref name="runId"/> (e.g. just started) until it finishes, even before it shows as in flight.</summary>
    public void Track(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        _tracked.TryAdd(runId, 0);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_subscribers.IsEmpty)
            {
                // Nobody listens: forget what was seen, so the next listener starts from a fresh baseline.
                _known.Clear();
                _warm = false;
                await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await PollAsync(worker.Client, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.WatcherFailed(logger, ex);
            }

            await Task.Delay(options.Value.EventPollInterval, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void Publish(RunEvent evt)
    {
        var numbered = evt with { Sequence = Interlocked.Increment(ref _sequence) };
        foreach (var (id, subscriber) in _subscribers)
        {
            if (subscriber.RunId is not null && subscriber.RunId != numbered.RunId)
            {
                continue;
            }

            if (subscriber.Channel.Reader.Count >= ChannelCapacity)
            {
                Log.SubscriberLagging(logger, id);
            }

            subscriber.Channel.Writer.TryWrite(numbered);
        }
    }

    private void Unsubscribe(int id, string? runId)
    {
        if (_subscribers.TryRemove(id, out var subscriber))
        {
            subscriber.Channel.Writer.TryComplete();
        }

        if (runId is not null && _watched.AddOrUpdate(runId, 0, (_, n) => n - 1) <= 0)
        {
            _watched.TryRemove(new KeyValuePair<string, int>(runId, 0));
        }
    }

    private sealed record Subscriber(string? RunId, Channel<RunEvent> Channel);
}
