namespace AgentFlow.Triggers.State;

/// <summary>What <see cref="TriggerStateStore"/> keeps about one trigger (all null/false for a trigger never seen).</summary>
public sealed record TriggerState
{
    /// <summary>The trigger, as <c>WORKFLOW/TRIGGER</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Whether an operator paused it.</summary>
    public bool Paused { get; init; }

    /// <summary>Who paused or last resumed it.</summary>
    public string? PausedBy { get; init; }

    /// <summary>When it was paused or last resumed.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>When it last started (or found) a run.</summary>
    public DateTimeOffset? LastFireAt { get; init; }

    /// <summary>The key of the last occasion fired.</summary>
    public string? LastFireKey { get; init; }

    /// <summary>The run of the last occasion fired.</summary>
    public string? LastRunId { get; init; }

    /// <summary>The last occasion fired, for people.</summary>
    public string? LastSummary { get; init; }

    /// <summary>The problem last reported (cleared by a good fire or a healthy report).</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> was reported.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Problems reported in a row since the last good fire.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>A schedule's last tick handled (fired, skipped or buffered), as its key.</summary>
    public string? Cursor { get; init; }

    /// <summary>A schedule's tick kept by <c>overlap: bufferOne</c>, to start when the previous run finishes.</summary>
    public string? Buffered { get; init; }

    /// <summary>When an occasion was last skipped.</summary>
    public DateTimeOffset? LastSkipAt { get; init; }

    /// <summary>The key of the occasion last skipped.</summary>
    public string? LastSkipKey { get; init; }

    /// <summary>Why it was skipped (<c>paused</c>, <c>overlap</c>).</summary>
    public string? LastSkipReason { get; init; }
}
