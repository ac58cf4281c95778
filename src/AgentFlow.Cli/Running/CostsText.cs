using System.Globalization;
using AgentFlow.Engine.Costs;

namespace AgentFlow.Cli.Running;

/// <summary>The text of <c>agentflow costs</c>: a heading, one row per workflow, agent or model (and currency), the totals, and notes on what the sums leave out.</summary>
internal static class CostsText
{
    public static async Task WriteAsync(TextWriter output, CostReport report, string location)
    {
        var query = report.Query;
        var period = (query.Since, query.Until) switch
        {
            (null, null) => "at any time",
            ({ } s, null) => $"since {Time(s)}",
            (null, { } u) => $"before {Time(u)}",
            ({ } s, { } u) => $"from {Time(s)} to {Time(u)}",
        };
        var of = query.Workflow is { } w ? $" of workflow '{w}'" : string.Empty;
        if (report.Runs == 0)
        {
            await output.WriteLineAsync($"no runs{of} in {location} created {period}").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"{Runs(report.Runs)}{of} created {period}, by {query.By.Name()}:").ConfigureAwait(false);
        var rows = report.Rows.Select(r => Cells(r, r.Key)).ToList();
        rows.AddRange(report.Totals.Select(t => Cells(t, "TOTAL")));
        await Table.WriteAsync(output, [query.By.Name().ToUpperInvariant(), "RUNS", "TOKENS IN", "TOKENS OUT", "TOKENS", "MODEL CALLS", "COST"], rows).ConfigureAwait(false);

        if (report.Totals.Count(t => t.Currency is not null) > 1)
        {
            await output.WriteLineAsync("note: costs in different currencies are summed apart, one total each.").ConfigureAwait(false);
        }

        if (report.Totals.FirstOrDefault(t => t.Currency is null && t.Tokens > 0) is { } unpriced)
        {
            await output.WriteLineAsync($"note: {UsageText.Number(unpriced.Tokens)} tokens had no price (no 'pricing' entry for their model in agentflow.json); their cost is '-' and not in any total.").ConfigureAwait(false);
        }

        if (report.UnfinishedRuns > 0)
        {
            await output.WriteLineAsync($"note: {Runs(report.UnfinishedRuns)} had not finished; their sums are so far.").ConfigureAwait(false);
        }

        if (report.Partial)
        {
            await output.WriteLineAsync($"note: partial by {query.By.Name()}: {Runs(report.UnattributedRuns)} spent tokens outside the nodes their timelines show (inside map items or sub-runs, or in records a live timeline leaves out); those are in the {CostReport.Unattributed} row.").ConfigureAwait(false);
        }
    }

    private static string[] Cells(CostRow row, string key) =>
        [key, UsageText.Number(row.Runs), UsageText.Number(row.InputTokens), UsageText.Number(row.OutputTokens), UsageText.Number(row.Tokens), UsageText.Number(row.ModelCalls), UsageText.Cost(row.Cost, row.Currency)];

    private static string Runs(int count) => count == 1 ? "1 run" : $"{count.ToString(CultureInfo.InvariantCulture)} runs";

    private static string Time(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
