namespace AgentFlow.Cli.Evaluation;

/// <summary>Runs every case of every variant, one at a time, and checks its assertions; a line per case on stderr.</summary>
internal sealed class EvalRunner(EvalSuite suite, AssertionChecker checker, TimeSpan caseTimeout, TextWriter progress)
{
    public async Task<IReadOnlyList<CaseResult>> RunAsync(CancellationToken cancellationToken)
    {
        var runner = new CaseRunner(suite.WorkflowFile, caseTimeout);
        var results = new List<CaseResult>();
        foreach (var variant in suite.Variants)
        {
            foreach (var evalCase in suite.Cases)
            {
                var outcome = await runner.RunAsync(evalCase, variant, cancellationToken).ConfigureAwait(false);
                var result = new CaseResult(evalCase, variant.Name, outcome, await checker.CheckAllAsync(evalCase, outcome, cancellationToken).ConfigureAwait(false));
                results.Add(result);
                var held = outcome.HeldAt.Count > 0 ? $", held at {string.Join(", ", outcome.HeldAt)}" : string.Empty;
                await progress.WriteLineAsync($"  {(result.Passed ? "ok  " : "FAIL")} {variant.Name} {evalCase.Id} ({outcome.Status}{held}, {Running.RunWatcher.FormatDuration(outcome.Latency)})").ConfigureAwait(false);
                foreach (var failure in result.Failures)
                {
                    await progress.WriteLineAsync($"         {failure}").ConfigureAwait(false);
                }
            }
        }

        return results;
    }
}
