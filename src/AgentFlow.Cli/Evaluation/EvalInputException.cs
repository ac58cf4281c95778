namespace AgentFlow.Cli.Evaluation;

/// <summary>A dataset or variant file cannot be used; each problem names its file, line and what to change.</summary>
internal sealed class EvalInputException(IReadOnlyList<string> problems)
    : Exception(string.Join("; ", problems))
{
    /// <summary>One message per problem.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
