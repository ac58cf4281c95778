using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Cli.Running;

namespace AgentFlow.Cli.Evaluation;

/// <summary>The terminal table (per case, then per variant), the side-by-side comparison, and the JSON document.</summary>
internal static class EvalReport
{
    public static async Task WriteTableAsync(TextWriter output, IReadOnlyList<CaseResult> results)
    {
        await Table.WriteAsync(output, ["CASE", "VARIANT", "RESULT", "TOKENS", "COST", "LATENCY", "FAILED ASSERTIONS"], [.. results.Select(r => new[]
        {
            r.Case.Id, r.Variant, r.Passed ? "pass" : "FAIL", r.Outcome.Tokens.ToString(CultureInfo.InvariantCulture), Cost(r.Outcome.Cost),
            RunWatcher.FormatDuration(r.Outcome.Latency), string.Join(" | ", r.Failures),
        })]).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await WriteSummaryAsync(output, EvalSummary.Of(results)).ConfigureAwait(false);
    }

    public static async Task WriteCompareAsync(TextWriter output, IReadOnlyList<CaseResult> results)
    {
        var summaries = EvalSummary.Of(results);
        var variants = summaries.Select(s => s.Variant).ToList();
        var cases = results.Select(r => r.Case.Id).Distinct().ToList();
        await Table.WriteAsync(output, ["CASE", .. variants], [.. cases.Select(c => new[] { c }.Concat(variants.Select(v =>
        {
            var r = results.First(x => x.Case.Id == c && x.Variant == v);
            return r.Passed ? "pass" : r.Outcome.HeldAt.Count > 0 ? "FAIL (held)" : $"FAIL ({r.Outcome.Status})";
        })).ToArray())]).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await Table.WriteAsync(output, ["", .. variants],
        [
            ["pass rate", .. summaries.Select(s => $"{s.Passed}/{s.Cases} ({Percent(s.PassRate)})")],
            ["tokens", .. summaries.Select(s => s.Tokens.ToString(CultureInfo.InvariantCulture))],
            ["cost", .. summaries.Select(s => Cost(s.Cost))],
            ["latency p50", .. summaries.Select(s => RunWatcher.FormatDuration(s.LatencyP50))],
        ]).ConfigureAwait(false);
    }

    public static Task WriteJsonAsync(TextWriter output, EvalSuite suite, IReadOnlyList<CaseResult> results)
    {
        var document = new JsonObject
        {
            ["workflow"] = suite.WorkflowFile,
            ["dataset"] = suite.DatasetFile,
            ["passed"] = results.All(r => r.Passed),
            ["variants"] = new JsonArray([.. EvalSummary.Of(results).Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Variant,
                ["patch"] = suite.Variants.First(v => v.Name == s.Variant).File,
                ["cases"] = s.Cases,
                ["passed"] = s.Passed,
                ["passRate"] = Math.Round(s.PassRate, 4),
                ["tokens"] = s.Tokens,
                ["cost"] = s.Cost,
                ["latencyP50Ms"] = Math.Round(s.LatencyP50.TotalMilliseconds),
            })]),
            ["cases"] = new JsonArray([.. results.Select(Case)]),
        };
        return output.WriteLineAsync(document.ToJsonString(CliJson.Indented));
    }

    private static JsonObject Case(CaseResult r) => new()
    {
        ["case"] = r.Case.Id,
        ["variant"] = r.Variant,
        ["passed"] = r.Passed,
        ["status"] = r.Outcome.Status,
        ["heldAt"] = new JsonArray([.. r.Outcome.HeldAt.Select(h => (JsonNode)h)]),
        ["error"] = r.Outcome.Error,
        ["tokens"] = r.Outcome.Tokens,
        ["cost"] = r.Outcome.Cost,
        ["latencyMs"] = Math.Round(r.Outcome.Latency.TotalMilliseconds),
        ["effects"] = new JsonArray([.. r.Outcome.Effects.Select(e => (JsonNode)new JsonObject
        {
            ["tool"] = e.Tool,
            ["risk"] = e.Risk.ToString().ToLowerInvariant(),
            ["node"] = e.Node,
            ["args"] = e.Args?.DeepClone(),
            ["approvedBefore"] = new JsonArray([.. e.ApprovedBy.Select(a => (JsonNode)a)]),
        })]),
        ["assertions"] = new JsonArray([.. r.Assertions.Select(a => (JsonNode)new JsonObject { ["kind"] = a.Kind, ["passed"] = a.Passed, ["message"] = a.Message })]),
    };

    private static async Task WriteSummaryAsync(TextWriter output, IReadOnlyList<EvalSummary> summaries) =>
        await Table.WriteAsync(output, ["VARIANT", "PASSED", "PASS RATE", "TOKENS", "COST", "LATENCY P50"], [.. summaries.Select(s => new[]
        {
            s.Variant, $"{s.Passed}/{s.Cases}", Percent(s.PassRate), s.Tokens.ToString(CultureInfo.InvariantCulture), Cost(s.Cost), RunWatcher.FormatDuration(s.LatencyP50),
        })]).ConfigureAwait(false);

    private static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Cost(decimal? cost) => cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "-";
}
