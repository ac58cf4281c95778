namespace AgentFlow.Engine.Replay;

/// <summary>A started replay fork.</summary>
/// <param name="RunId">The fork's run id.</param>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Fork">Where it came from and where it forks.</param>
/// <param name="Recorded">How many recorded node visits of the source run it can reuse.</param>
public sealed record ReplayStart(string RunId, string Workflow, RunFork Fork, int Recorded);
