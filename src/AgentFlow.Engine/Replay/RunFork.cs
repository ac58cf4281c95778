namespace AgentFlow.Engine.Replay;

/// <summary>Where a replay fork came from: shown by <c>agentflow show</c>, the API and the console.</summary>
/// <param name="SourceRun">The finished run the fork replays.</param>
/// <param name="From">The fork point given with <c>--from</c>; null when it was chosen from what the patches changed.</param>
/// <param name="ForkAt">The node ids whose first visit is the fork point (empty: everything reuses the recording; see <paramref name="FromStart"/>).</param>
/// <param name="FromStart">True when the fork point is the start (only <c>--model</c>, or a change no node can be blamed for).</param>
/// <param name="Set">The <c>--set PATH=VALUE</c> assignments, in order.</param>
/// <param name="Model">The <c>--model</c> every agent uses in the fork; null when not given.</param>
public sealed record RunFork(string SourceRun, string? From, IReadOnlyList<string> ForkAt, bool FromStart, IReadOnlyList<string> Set, string? Model);
