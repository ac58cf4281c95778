using AgentFlow.Engine.Runs;

namespace AgentFlow.Server.Contracts;

/// <summary>A run in a list: what <c>agentflow runs --format json</c> shows (with its usage), plus what it waits for.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Status">Where the run is.</param>
/// <param name="CreatedAt">When it started (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
/// <param name="Current">Nodes running now.</param>
/// <param name="Waiting">Nodes waiting, as <c>node (kind)</c>.</param>
/// <param name="Origin">The trigger and occasion that started the run (null when started by hand).</param>
public sealed record RunSummary(string RunId, string Workflow, RunStatus Status, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<string> Current, IReadOnlyList<string> Waiting, RunOrigin? Origin = null)
{
    /// <summary>Tokens, model calls and cost of the run (so far, while it runs); null before its first model call.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The summary of <paramref name="run"/>.</summary>
    public static RunSummary From(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var waiting = run.IsFinished ? [] : run.Progress?.Waiting.Select(w => $"{w.Node} ({w.Kind.Name()})").ToList() ?? [];
        return new(run.RunId, run.Workflow, run.Status, run.CreatedAt, run.UpdatedAt, run.Progress?.Current ?? [], waiting, run.Origin) { Usage = run.Usage };
    }
}
