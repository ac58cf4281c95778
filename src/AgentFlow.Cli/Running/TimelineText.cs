using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Running;

/// <summary>
/// The timeline of <c>agentflow show</c>: one row per node execution with its duration, and its tokens (in/out) and
/// cost when any node of the run spent some; then the run's total usage.
/// </summary>
internal static class TimelineText
{
    public static async Task WriteAsync(TextWriter output, RunInfo run)
    {
        var records = run.Timeline;
        var tokens = records.Any(r => r.Usage is not null) || run.Usage is not null;
        var costs = records.Any(r => r.Usage?.Cost is not null);
        var header = new List<string> { "  ", "NODE", "KIND", "TIME" };
        if (tokens)
        {
            header.Add("TOKENS IN/OUT");
        }

        if (costs)
        {
            header.Add("COST");
        }

        header.Add("DETAIL");
        var rows = records.Select(r => Row(r, tokens, costs)).ToList();
        if (run.Progress?.TimelineOmitted is > 0 and var omitted && !run.IsFinished)
        {
            await output.WriteLineAsync($"  ({omitted} earlier node executions not shown while the run is in progress)").ConfigureAwait(false);
        }

        if (records.Count == 0)
        {
            await output.WriteLineAsync("  (no node has run yet)").ConfigureAwait(false);
        }
        else
        {
            await WriteTableAsync(output, header, rows).ConfigureAwait(false);
        }

        if (run.Usage is { } usage)
        {
            await output.WriteLineAsync(UsageText.Total(usage, run.IsFinished)).ConfigureAwait(false);
        }
    }

    private static async Task WriteTableAsync(TextWriter output, List<string> header, List<string[]> rows)
    {
        using var table = new StringWriter();
        await Table.WriteAsync(table, header, rows).ConfigureAwait(false);
        foreach (var line in table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await output.WriteLineAsync("  " + line.TrimEnd('\r')).ConfigureAwait(false);
        }
    }

    private static string[] Row(NodeRecord record, bool tokens, bool costs)
    {
        var ended = record.Status is NodeStatus.Completed or NodeStatus.Failed;
        var cells = new List<string>
        {
            record.Status switch { NodeStatus.Completed => "ok", NodeStatus.Failed => "x", _ => ".." },
            record.Iteration > 1 ? $"{record.Node} #{record.Iteration}" : record.Node,
            record.Kind,
            ended && record.Duration is { } d ? RunWatcher.FormatDuration(d) : "-",
        };
        if (tokens)
        {
            cells.Add(UsageText.Tokens(record.Usage));
        }

        if (costs)
        {
            cells.Add(UsageText.Cost(record.Usage));
        }

        var replay = record.Replay switch { Engine.Replay.ReplayMode.Reused => "(reused) ", Engine.Replay.ReplayMode.Skipped => "(skipped) ", _ => string.Empty };
        cells.Add(replay + (ended ? RunWatcher.Detail(record) : record.Status.Name()));
        return [.. cells];
    }
}
