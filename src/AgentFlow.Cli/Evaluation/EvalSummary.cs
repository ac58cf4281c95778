namespace AgentFlow.Cli.Evaluation;

/// <summary>A variant's totals: cases passed, pass rate, tokens, cost and the median latency.</summary>
internal sealed record EvalSummary(string Variant, int Cases, int Passed, long Tokens, decimal? Cost, TimeSpan LatencyP50)
{
    /// <summary>Passed cases over all cases (0..1).</summary>
    public double PassRate => Cases == 0 ? 0 : (double)Passed / Cases;

    /// <summary>One summary per variant, in the variants' order.</summary>
    public static IReadOnlyList<EvalSummary> Of(IReadOnlyList<CaseResult> results) =>
        [.. results.GroupBy(r => r.Variant).Select(g =>
        {
            var latencies = g.Select(r => r.Outcome.Latency).Order().ToList();
            var costs = g.Select(r => r.Outcome.Cost).Where(c => c is not null).ToList();
            return new EvalSummary(
                g.Key,
                g.Count(),
                g.Count(r => r.Passed),
                g.Sum(r => r.Outcome.Tokens),
                costs.Count == 0 ? null : costs.Sum(),
                latencies.Count == 0 ? TimeSpan.Zero : latencies[(latencies.Count - 1) / 2]);
        })];
}
