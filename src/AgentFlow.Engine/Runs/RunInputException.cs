using AgentFlow.Core;

namespace AgentFlow.Engine.Runs;

/// <summary>The inputs given for a run do not match the workflow's <c>inputs</c> declarations; no run was started.</summary>
public sealed class RunInputException : AgentFlowException
{
    /// <summary>Creates the exception from one message per problem.</summary>
    public RunInputException(string workflow, IReadOnlyList<string> problems)
        : base($"workflow '{workflow}': {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>One message per problem, each naming the input.</summary>
    public IReadOnlyList<string> Problems { get; }
}
