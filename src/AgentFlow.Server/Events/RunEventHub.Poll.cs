using System.Collections.Concurrent;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Server.Events;

/// <content>One poll (read the runs that can change) or one read of the runs the backend said changed: diff them with what was seen, publish.</content>
public sealed partial class RunEventHub
{
    private readonly ConcurrentDictionary<string, byte> _tracked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunSnapshot> _known = new(StringComparer.Ordinal);
    private bool _warm;

    private async Task PollAsync(RunClient client, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, RunInfo>(StringComparer.Ordinal);
        foreach (var run in await client.ListAsync(new RunQuery { Unfinished = true, Limit = 1000 }, cancellationToken).ConfigureAwait(false))
        {
            seen[run.RunId] = run;
        }

        // Runs that may have finished since (or not yet show as in flight): read one by one, until they are finished.
        var others = _known.Where(k => k.Value.Status is not { } s || !IsFinished(s)).Select(k => k.Key)
            .Concat(_watched.Keys).Concat(_tracked.Keys)
            .Where(id => !seen.ContainsKey(id) && !(_known.TryGetValue(id, out var k) && k.Status is { } s && IsFinished(s)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var id in others)
        {
            if (await client.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } run)
            {
                seen[id] = run;
            }
        }

        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var run in seen.Values.OrderBy(r => r.CreatedAt))
        {
            Advance(run, now);
        }

        // Finished runs nobody follows any more need no baseline.
        foreach (var id in _known.Where(k => k.Value.Status is { } s && IsFinished(s) && !_watched.ContainsKey(k.Key)).Select(k => k.Key).ToList())
        {
            _known.Remove(id);
        }

        _warm = true;
    }

    /// <summary>Reads the runs the backend said changed since the last read, and publishes what is new.</summary>
    private async Task ReadChangedAsync(RunClient client, CancellationToken cancellationToken)
    {
        foreach (var id in _changed.Keys.ToList())
        {
            _changed.TryRemove(id, out _);
            if (await client.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } run)
            {
                Advance(run, _time.GetUtcNow().UtcDateTime);
            }
        }
    }

    private void Advance(RunInfo run, DateTime now)
    {
        var isNew = !_known.TryGetValue(run.RunId, out var snapshot);
        snapshot ??= _known[run.RunId] = new RunSnapshot();
        var events = snapshot.Advance(run, now);

        // The first poll after someone started listening only sets the baseline (a per-run stream sends its own
        // snapshot on connect); after that, a run seen for the first time is new and all it did so far is news.
        if (!isNew || _warm || _tracked.ContainsKey(run.RunId))
        {
            events.ForEach(Publish);
        }

        if (run.IsFinished)
        {
            _tracked.TryRemove(run.RunId, out _);
        }
    }

    private static bool IsFinished(RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled;
}
