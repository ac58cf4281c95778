namespace AgentFlow.Engine.Runs;

/// <summary>Filters for listing runs.</summary>
public sealed record RunQuery
{
    /// <summary>Only runs in this status.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>Only runs of this workflow (by name).</summary>
    public string? Workflow { get; init; }

    /// <summary>Only runs that have not finished (running or waiting), whatever <see cref="Status"/> says.</summary>
    public bool Unfinished { get; init; }

    /// <summary>Only runs created at or after this time.</summary>
    public DateTime? CreatedFrom { get; init; }

    /// <summary>At most this many runs, newest first.</summary>
    public int Limit { get; init; } = 50;
}
