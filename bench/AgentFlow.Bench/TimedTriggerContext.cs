using System.Collections.Concurrent;
using System.Diagnostics;
using AgentFlow.Triggers;

namespace AgentFlow.Bench;

/// <summary>
/// The host's real trigger context (<see cref="TriggerHostContext"/>: renders the trigger's input mapping, prepares the
/// workflow, starts the run once under the occasion's id, records it in triggers.db), timed: when each key's run was
/// created and how long the fires took.
/// </summary>
internal sealed class TimedTriggerContext(ITriggerContext inner) : ITriggerContext
{
    private readonly ConcurrentDictionary<string, long> _created = new();
    private long _fireTicks;
    private int _errors;

    public TimeProvider Time => inner.Time;

    /// <summary>When (Stopwatch timestamp) the run of each key was created.</summary>
    public IReadOnlyDictionary<string, long> Created => _created;

    public int Errors => _errors;

    /// <summary>Time spent in <see cref="FireAsync"/> (Stopwatch ticks).</summary>
    public long FireTicks => Interlocked.Read(ref _fireTicks);

    public async Task<TriggerFireResult> FireAsync(TriggerRegistration registration, TriggerFiring firing, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.FireAsync(registration, firing, cancellationToken);
            if (result.Started)
            {
                _created.TryAdd(firing.Key, Stopwatch.GetTimestamp());
            }

            return result;
        }
        finally
        {
            Interlocked.Add(ref _fireTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    public Task<bool> IsPausedAsync(TriggerRegistration registration, CancellationToken cancellationToken) => inner.IsPausedAsync(registration, cancellationToken);

    public Task ReportErrorAsync(TriggerRegistration registration, string problem, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _errors);
        Console.Error.WriteLine($"bench triggers: trigger problem: {problem}");
        return inner.ReportErrorAsync(registration, problem, cancellationToken);
    }

    public Task ReportHealthyAsync(TriggerRegistration registration, CancellationToken cancellationToken) => inner.ReportHealthyAsync(registration, cancellationToken);
}
