namespace AgentFlow.Cli.Evaluation;

/// <summary>One assertion's verdict and what it found.</summary>
/// <param name="Kind">The assertion kind.</param>
/// <param name="Passed">Whether it holds.</param>
/// <param name="Message">What was checked and found.</param>
internal sealed record AssertionResult(string Kind, bool Passed, string Message);
