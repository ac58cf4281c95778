namespace AgentFlow.Core.Paths;

/// <summary>Why a path a workflow names is refused by <see cref="PathConfinement"/>, and what to do about it.</summary>
/// <param name="Reason">What the path is and where it leads, e.g. <c>'../x/*.md' resolves outside the workflow's folder /a/b (to /a/x)</c>.</param>
/// <param name="Remedy">What to do, e.g. <c>add /a/x (or a folder above it) to allowPaths in agentflow.json to allow it</c>.</param>
public sealed record PathRefusal(string Reason, string Remedy)
{
    /// <summary>The reason and the remedy in one line, for error messages.</summary>
    public override string ToString() => $"{Reason}; {Remedy}";
}
