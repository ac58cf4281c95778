using System.Collections.Concurrent;

namespace AgentFlow.Triggers.Tests.Imap;

/// <summary>
/// A host stand-in that records firings and problems. Like the real host it starts one run per key: a key fired
/// again gets the run from before (Started false). It can be paused, refuse inputs and "crash" after a fire.
/// </summary>
public sealed class RecordingTriggerContext(TimeProvider time) : ITriggerContext
{
    private readonly ConcurrentDictionary<string, string> _runs = new();
    private readonly ConcurrentQueue<TriggerFiring> _firings = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _healthy;

    public TimeProvider Time { get; } = time;

    public bool Paused { get; set; }

    /// <summary>Throws a <see cref="TriggerInputException"/> for a firing when this says so (nothing recorded).</summary>
    public Func<TriggerFiring, bool>? RefuseInputs { get; set; }

    /// <summary>Runs after a firing was recorded and its run "started" (e.g. to cancel the runner: a crash).</summary>
    public Action<TriggerFiring>? AfterFire { get; set; }

    public IReadOnlyList<TriggerFiring> Firings => [.. _firings];

    public IReadOnlyList<string> Errors => [.. _errors];

    public int RunsStarted => _runs.Count;

    public int Healthy => Volatile.Read(ref _healthy);

    public Task<TriggerFireResult> FireAsync(TriggerRegistration registration, TriggerFiring firing, CancellationToken cancellationToken)
    {
        if (RefuseInputs?.Invoke(firing) == true)
        {
            throw new TriggerInputException(registration.Id, "input 'subject' must not be empty");
        }

        var runId = $"{registration.Id}/{firing.Key}";
        var started = _runs.TryAdd(firing.Key, runId);
        _firings.Enqueue(firing);
        Signal();
        AfterFire?.Invoke(firing);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new TriggerFireResult(runId, started));
    }

    public Task<bool> IsPausedAsync(TriggerRegistration registration, CancellationToken cancellationToken) => Task.FromResult(Paused);

    public Task ReportErrorAsync(TriggerRegistration registration, string problem, CancellationToken cancellationToken)
    {
        _errors.Enqueue(problem);
        Signal();
        return Task.CompletedTask;
    }

    public Task ReportHealthyAsync(TriggerRegistration registration, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _healthy);
        Signal();
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails after a generous minute (only when broken).</summary>
    public async Task WaitUntilAsync(Func<RecordingTriggerContext, bool> condition, string what, Action? nudge = null)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition(this))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; firings {_firings.Count}, errors: {string.Join(" / ", _errors)}");
            }

            var changed = Volatile.Read(ref _changed).Task;
            nudge?.Invoke();
            // A change wakes us at once; the short timeout only lets `nudge` (e.g. advancing a fake clock) run again.
            await Task.WhenAny(changed, Task.Delay(nudge is null ? 1000 : 100)).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes <see cref="WaitUntilAsync"/> (also called by <see cref="RecordingLogger"/>).</summary>
    public void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
