using AgentFlow.Core;

namespace AgentFlow.Engine.Runs;

/// <summary>A valid workflow cannot run in this host (a node kind, provider or tool it needs is not available); no run was started.</summary>
public sealed class WorkflowNotRunnableException : AgentFlowException
{
    /// <summary>Creates the exception from one message per problem.</summary>
    public WorkflowNotRunnableException(string file, IReadOnlyList<string> problems)
        : base($"{file}: cannot run here: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>One message per problem, each naming the node.</summary>
    public IReadOnlyList<string> Problems { get; }
}
