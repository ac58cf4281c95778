using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Remote;

/// <summary>A run as <c>agentflow runs</c> lists it: from the server's list (<c>GET /api/runs</c>) or the data directory.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Status">Where the run is.</param>
/// <param name="CreatedAt">When it started (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
/// <param name="Current">Nodes running now.</param>
/// <param name="Waiting">Nodes waiting, as <c>node (kind)</c>.</param>
internal sealed record RemoteRun(string RunId, string Workflow, RunStatus Status, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<string>? Current, IReadOnlyList<string>? Waiting)
{
    /// <summary>Why it failed or was canceled, when known (a local run; the server's list leaves it out).</summary>
    public string? Error { get; init; }

    /// <summary>The trigger and occasion that started it (null when started by hand).</summary>
    public RunOrigin? Origin { get; init; }

    /// <summary>Tokens, model calls and cost of the run (so far, while it runs); null before its first model call.</summary>
    public TokenUsage? Usage { get; init; }
}
