using System.Globalization;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Running;

/// <summary>
/// Follows a run until it finishes or has to wait for someone, printing one line per finished node (and, on a
/// terminal, a live spinner line for the nodes running now). Progress goes to stderr; the output goes to stdout.
/// </summary>
internal sealed class RunWatcher(RunClient client, TextWriter progress, bool interactive, TimeSpan maxTimerWait)
{
    // Polls 20 ms apart for the first second, then 100 ms apart (the spinner turns every 100 ms either way).
    private const int FastPolls = 50;
    private static readonly string[] Spinner = ["|", "/", "-", "\\"];
    private readonly HashSet<(string Node, int Iteration)> _printed = [];
    private int _polls;
    private int _tick;
    private bool _spinnerShown;

    /// <summary>Polls the run; returns it once it is finished, waits for an approval, or waits on a timer due later than allowed.</summary>
    /// <remarks><paramref name="settled"/> holds once the run has taken in what this command sent (e.g. a decision); until then a waiting run is not yet a reason to stop.</remarks>
    public async Task<RunInfo> FollowAsync(string runId, CancellationToken cancellationToken, Func<RunInfo, bool>? settled = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var run = await client.GetAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new Core.AgentFlowException($"run '{runId}' disappeared while it was followed");
            await PrintAsync(run).ConfigureAwait(false);
            var taken = settled is null || settled(run) || DateTime.UtcNow > deadline;
            if (run.IsFinished || (taken && StopsWaiting(run)))
            {
                await ClearSpinnerAsync().ConfigureAwait(false);
                return run;
            }

            // Short runs (hello: a few hundred ms) are seen finished soon after they end; longer ones are polled less often.
            await Task.Delay(TimeSpan.FromMilliseconds(++_polls <= FastPolls ? 20 : 100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Treats the nodes already finished in <paramref name="run"/> as printed (a decision shows only what follows it).</summary>
    public void SkipFinished(RunInfo run)
    {
        foreach (var record in run.Timeline.Where(r => r.Status is NodeStatus.Completed or NodeStatus.Failed))
        {
            _printed.Add((record.Node, record.Iteration));
        }
    }

    private bool StopsWaiting(RunInfo run) =>
        run.Status == RunStatus.Waiting && run.Progress!.Waiting.Any(w => w.Kind is WaitKind.Approval or WaitKind.Effect || w.Until - DateTime.UtcNow > maxTimerWait);

    private async Task PrintAsync(RunInfo run)
    {
        foreach (var record in run.Timeline.Where(r => r.Status is NodeStatus.Completed or NodeStatus.Failed))
        {
            if (_printed.Add((record.Node, record.Iteration)))
            {
                await ClearSpinnerAsync().ConfigureAwait(false);
                await progress.WriteLineAsync(Describe(record)).ConfigureAwait(false);
            }
        }

        if (interactive && !run.IsFinished && run.Progress is { Current.Count: > 0 } live)
        {
            var items = run.Timeline.LastOrDefault(r => r.Status == NodeStatus.Running && r.ItemsTotal is not null) is { } map ? $" ({map.ItemsDone}/{map.ItemsTotal} items)" : string.Empty;
            var what = run.Status == RunStatus.Waiting ? "waiting" : "running";
            await progress.WriteAsync($"\r{Spinner[_tick / 5 % Spinner.Length]} {what}: {string.Join(", ", live.Current)}{items}\u001b[K").ConfigureAwait(false);
            _spinnerShown = true;
            _tick += _polls < FastPolls ? 1 : 5;
        }
    }

    private async Task ClearSpinnerAsync()
    {
        if (_spinnerShown)
        {
            await progress.WriteAsync("\r\u001b[K").ConfigureAwait(false);
            _spinnerShown = false;
        }
    }

    /// <summary>The failed node whose error is <paramref name="run"/>'s and was printed by this watcher, if any.</summary>
    public NodeRecord? PrintedFailure(RunInfo run) =>
        run.Error is null ? null : run.Timeline.LastOrDefault(r => r.Status == NodeStatus.Failed && r.Error == run.Error && _printed.Contains((r.Node, r.Iteration)));

    /// <summary>One line per node execution: mark, node, kind, duration, and the error or item count.</summary>
    public static string Describe(NodeRecord record)
    {
        var mark = record.Status == NodeStatus.Failed ? "x" : "ok";
        var iteration = record.Iteration > 1 ? $" #{record.Iteration}" : string.Empty;
        var duration = record.Duration is { } d ? FormatDuration(d) : "-";
        var detail = Detail(record);
        return $"  {mark,-2} {record.Node}{iteration} ({record.Kind}) {duration}{(detail.Length > 0 ? "  " + detail : string.Empty)}";
    }

    /// <summary>What a node's line says after its duration: its error, its items or its attempts.</summary>
    public static string Detail(NodeRecord record) =>
        ErrorDetail(record) ?? (record.ItemsTotal is { } total ? $"{total} items" : record.Attempts > 1 ? $"{record.Attempts} attempts" : string.Empty);

    /// <summary>The node's error without the <c>node 'X' (kind)</c> its line shows already: <c>failed: ...</c>.</summary>
    private static string? ErrorDetail(NodeRecord record)
    {
        if (record.Error is not { } error || !error.StartsWith($"node '{record.Node}'", StringComparison.Ordinal))
        {
            return record.Error;
        }

        var rest = error[$"node '{record.Node}'".Length..];
        var kind = $" ({record.Kind})";
        rest = rest.StartsWith(kind, StringComparison.Ordinal) ? rest[kind.Length..] : rest;
        return rest.TrimStart(':', ' ');
    }

    /// <summary>A duration as people read it: <c>180 ms</c>, <c>2.5 s</c>.</summary>
    public static string FormatDuration(TimeSpan duration) => duration.TotalSeconds < 1
        ? $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
        : $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}
