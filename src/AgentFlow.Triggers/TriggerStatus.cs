using AgentFlow.Engine.Runs;

namespace AgentFlow.Triggers;

/// <summary>A trigger as <c>agentflow triggers list</c> and <c>GET /api/triggers</c> show it.</summary>
public sealed record TriggerStatus
{
    /// <summary><c>WORKFLOW/TRIGGER</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>The trigger's name.</summary>
    public required string Trigger { get; init; }

    /// <summary><c>schedule</c>, <c>imap</c> or <c>webhook</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>False when the file says <c>"enabled": false</c> (not run).</summary>
    public required bool Enabled { get; init; }

    /// <summary>Whether an operator paused it.</summary>
    public bool Paused { get; init; }

    /// <summary>Who paused (or last resumed) it.</summary>
    public string? PausedBy { get; init; }

    /// <summary>When it was paused (or last resumed).</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>A schedule's next tick (with its time zone's offset), when enabled and not paused.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    /// <summary>When it last started (or found) a run.</summary>
    public DateTimeOffset? LastFireAt { get; init; }

    /// <summary>The last occasion's key.</summary>
    public string? LastFireKey { get; init; }

    /// <summary>The last occasion, for people.</summary>
    public string? LastSummary { get; init; }

    /// <summary>The last occasion's run.</summary>
    public string? LastRunId { get; init; }

    /// <summary>Where that run is (null when unknown or purged).</summary>
    public RunStatus? LastRunStatus { get; init; }

    /// <summary>The problem reported last, until a good fire.</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> was reported.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The occasion last skipped (paused, overlap) and why, as <c>KEY (REASON)</c>.</summary>
    public string? LastSkipped { get; init; }

    /// <summary>What the trigger is for.</summary>
    public string? Description { get; init; }

    /// <summary>The workflow file.</summary>
    public required string File { get; init; }
}
