using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>A run as seen by the client: status, progress, timeline, and output or error.</summary>
public sealed record RunInfo
{
    /// <summary>The run id (the orchestration instance id).</summary>
    public required string RunId { get; init; }

    /// <summary>The workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Where the run is.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>When the run was started.</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the run last changed.</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>The trigger and occasion (tick, mail, call) that started the run; null when it was started by hand.</summary>
    public RunOrigin? Origin { get; init; }

    /// <summary>For a replay fork: the run it forks, where, and with which changes; null for other runs.</summary>
    public Replay.RunFork? Fork { get; init; }

    /// <summary>Live progress (current nodes, what it waits for); null before the first step.</summary>
    public RunProgress? Progress { get; init; }

    /// <summary>The rendered output, once completed.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>Why the run failed or was cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Tokens, model calls and cost of the run (its map items and sub-runs included): the final sum once it completed,
    /// the sum so far otherwise; null before its first model or embedding call.
    /// </summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>
    /// Feedback records of the run's approval decisions (<c>{ by, decision, comment, edits: [{ field, before, after }],
    /// node, run }</c>): whole from the outputs once it completed, from the live status (long values cut) before.
    /// </summary>
    public IReadOnlyList<JsonObject> Feedback { get; init; } = [];

    /// <summary>Node executions so far (whole values once the run completed, shortened while it runs).</summary>
    public IReadOnlyList<NodeRecord> Timeline { get; init; } = [];

    /// <summary>True once the run can no longer change.</summary>
    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled;
}
