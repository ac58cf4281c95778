namespace AgentFlow.Cli.Evaluation;

/// <summary>A case run in one variant: its outcome and the verdict of each assertion.</summary>
/// <param name="Case">The case.</param>
/// <param name="Variant">The variant name (<c>base</c>: the workflow as is).</param>
/// <param name="Outcome">What the run did.</param>
/// <param name="Assertions">The verdicts, in the case's order.</param>
internal sealed record CaseResult(EvalCase Case, string Variant, CaseOutcome Outcome, IReadOnlyList<AssertionResult> Assertions)
{
    /// <summary>True when every assertion holds.</summary>
    public bool Passed => Assertions.All(a => a.Passed);

    /// <summary>The messages of the failed assertions.</summary>
    public IEnumerable<string> Failures => Assertions.Where(a => !a.Passed).Select(a => a.Message);
}
