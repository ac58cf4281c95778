using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Costs;

/// <summary>
/// Tokens, model calls and cost summed over runs, by workflow (from each run's totals) or by agent or model (from the
/// usage of each node in the runs' timelines). A currency never mixes with another: each row and total is of one
/// currency, and tokens without a price are rows of their own (currency null).
/// </summary>
public sealed class CostReport
{
    /// <summary>The key of the row holding what a run spent outside the nodes its timeline shows.</summary>
    public const string Unattributed = "(unattributed)";

    /// <summary>The key of the row holding node usage that names no agent (or model).</summary>
    public const string NoName = "(none)";

    /// <summary>What was summed.</summary>
    public required CostQuery Query { get; init; }

    /// <summary>Runs summed (every status).</summary>
    public int Runs { get; init; }

    /// <summary>Runs among them that had not finished: their sums are so far.</summary>
    public int UnfinishedRuns { get; init; }

    /// <summary>
    /// Runs part of whose usage is in the <see cref="Unattributed"/> row: spent inside sub-runs or map items whose
    /// outputs do not report it (their nodes are not in the run's timeline), or by records the live status of a run in
    /// progress left out.
    /// </summary>
    public int UnattributedRuns { get; init; }

    /// <summary>True when a by-agent or by-model sum could not name where every token went.</summary>
    public bool Partial => UnattributedRuns > 0;

    /// <summary>The rows, by key then currency.</summary>
    public IReadOnlyList<CostRow> Rows { get; init; } = [];

    /// <summary>The totals, one per currency (null currency: the tokens without a price).</summary>
    public IReadOnlyList<CostRow> Totals { get; init; } = [];

    /// <summary>
    /// Sums <paramref name="runs"/> as <paramref name="query"/> says (the runs are taken as given: filter them first).
    /// By agent or model, each run's timeline should be whole (a finished run's result), or the rest of its total
    /// lands in the <see cref="Unattributed"/> row.
    /// </summary>
    public static CostReport Build(CostQuery query, IEnumerable<RunInfo> runs)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(runs);
        var rows = new Dictionary<(string Key, string? Currency), (CostRow Row, HashSet<string> Runs)>();
        var totals = new Dictionary<(string Key, string? Currency), (CostRow Row, HashSet<string> Runs)>();
        int count = 0, unfinished = 0, unattributed = 0;
        foreach (var run in runs)
        {
            count++;
            unfinished += run.IsFinished ? 0 : 1;
            var parts = query.By == CostGrouping.Workflow ? [(run.Workflow, run.Usage ?? new TokenUsage())] : NodeParts(run, query.By);
            if (parts.Any(p => p.Key == Unattributed))
            {
                unattributed++;
            }

            foreach (var (key, usage) in parts)
            {
                var currency = usage.Cost is null ? null : usage.Currency;
                Add(rows, (key, currency), run.RunId, usage);
                Add(totals, ("total", currency), run.RunId, usage);
            }
        }

        return new CostReport
        {
            Query = query,
            Runs = count,
            UnfinishedRuns = unfinished,
            UnattributedRuns = unattributed,
            Rows = [.. rows.Values.Select(Counted).OrderBy(r => r.Key == Unattributed).ThenBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Currency is null).ThenBy(r => r.Currency, StringComparer.Ordinal)],
            Totals = [.. totals.Values.Select(Counted).OrderBy(r => r.Currency is null).ThenBy(r => r.Currency, StringComparer.Ordinal)],
        };
    }

    /// <summary>The run's node usages by agent or model, and what its total has beyond them (unattributed).</summary>
    private static List<(string Key, TokenUsage Usage)> NodeParts(RunInfo run, CostGrouping by)
    {
        var parts = new List<(string, TokenUsage)>();
        var attributed = new TokenUsage();
        foreach (var usage in run.Timeline.Select(r => r.Usage).OfType<TokenUsage>())
        {
            parts.Add((Key(usage, by), usage));
            attributed.Add(usage);
        }

        // A map's items are not in the timeline, but an item whose body is one llm node returns that node's output,
        // usage included. Counted only while they fit within the run's total: an item's output that merely copies
        // another value's usage must not make the sums exceed what the run spent.
        foreach (var items in run.Timeline.Where(r => r.Kind == "map").Select(r => r.Output?["items"]).OfType<JsonArray>())
        {
            var found = items.Select(TokenUsage.FromOutput).OfType<TokenUsage>().ToList();
            var sum = new TokenUsage();
            found.ForEach(sum.Add);
            if (found.Count > 0 && run.Usage is { } whole && Fits(attributed, sum, whole))
            {
                parts.AddRange(found.Select(u => (Key(u, by), u)));
                attributed.Add(sum);
            }
        }

        if (run.Usage is { } total)
        {
            var rest = new TokenUsage
            {
                InputTokens = Math.Max(0, total.InputTokens - attributed.InputTokens),
                OutputTokens = Math.Max(0, total.OutputTokens - attributed.OutputTokens),
                ModelCalls = Math.Max(0, total.ModelCalls - attributed.ModelCalls),
                Cost = total.Cost is { } c && c - (attributed.Cost ?? 0m) is > 0m and var left ? left : null,
                Currency = total.Currency,
            };
            if (rest.Tokens > 0 || rest.ModelCalls > 0 || rest.Cost is not null)
            {
                parts.Add((Unattributed, rest));
            }
        }

        return parts;
    }

    private static string Key(TokenUsage usage, CostGrouping by) =>
        (by == CostGrouping.Agent ? usage.Agent : usage.Model) is { Length: > 0 } name ? name : NoName;

    private static bool Fits(TokenUsage attributed, TokenUsage more, TokenUsage total) =>
        attributed.InputTokens + more.InputTokens <= total.InputTokens
        && attributed.OutputTokens + more.OutputTokens <= total.OutputTokens
        && attributed.ModelCalls + more.ModelCalls <= total.ModelCalls
        && (attributed.Cost ?? 0m) + (more.Cost ?? 0m) <= (total.Cost ?? 0m);

    private static void Add(Dictionary<(string Key, string? Currency), (CostRow Row, HashSet<string> Runs)> sums, (string Key, string? Currency) key, string runId, TokenUsage usage)
    {
        if (!sums.TryGetValue(key, out var sum))
        {
            sum = (new CostRow { Key = key.Key, Currency = key.Currency }, new HashSet<string>(StringComparer.Ordinal));
            sums[key] = sum;
        }

        sum.Row.Add(usage);
        sum.Runs.Add(runId);
    }

    private static CostRow Counted((CostRow Row, HashSet<string> Runs) sum)
    {
        sum.Row.Runs = sum.Runs.Count;
        return sum.Row;
    }
}
