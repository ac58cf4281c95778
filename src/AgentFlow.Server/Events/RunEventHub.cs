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
/// last (<see cref="RunSnapshot"/>) and publishes the differences to every subscriber's bounded channel. Between polls,
/// a backend with in-process change notices (<see cref="Engine.Backends.IInstanceChangeFeed"/>: the embedded SQLite
/// backend) names each run whose state it just committed, and the watcher reads that run at once, so an event reaches
/// clients milliseconds after the engine's commit. The database is read by one watcher whatever the number of clients,
/// and not at all when nobody listens. A slow client loses its oldest events rather than holding up the others.
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
        // With a backend that reports commits, a changed run is read at once; the poll still finds everything else.
        var changes = worker.Client.Changes;
        if (changes is not null)
        {
            changes.InstanceChanged += OnInstanceChanged;
        }

        try
        {
            await WatchAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            if (changes is not null)
            {
                changes.InstanceChanged -= OnInstanceChanged;
            }
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var nextPoll = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_subscribers.IsEmpty)
            {
                // Nobody listens: forget what was seen, so the next listener starts from a fresh baseline.
                _known.Clear();
                _changed.Clear();
                _warm = false;
                await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                nextPoll = DateTimeOffset.MinValue;
                continue;
            }

            try
            {
                if (_time.GetUtcNow() >= nextPoll || !_warm)
                {
                    nextPoll = _time.GetUtcNow() + options.Value.EventPollInterval;
                    _changed.Clear();
                    await PollAsync(worker.Client, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await ReadChangedAsync(worker.Client, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.WatcherFailed(logger, ex);
            }

            // Until the next poll is due, or a run changed, or someone subscribed.
            var wait = nextPoll - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var until = new CancellationTokenSource(wait, _time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(until.Token, stoppingToken);
                try
                {
                    await _wake.WaitAsync(either.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
    }

    private void OnInstanceChanged(string instanceId)
    {
        if (!_subscribers.IsEmpty && _changed.TryAdd(RunIds.Root(instanceId), 0))
        {
            _wake.Release();
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
