namespace AgentFlow.Engine.Approvals;

/// <summary>An audit log's record lines in order, as read by <see cref="IAuditStorage.ReadLinesAsync"/>.</summary>
public sealed record AuditLines
{
    /// <summary>The record lines (without line breaks), oldest first; empty when there are none.</summary>
    public required IReadOnlyList<string> Lines { get; init; }

    /// <summary>False when the last line was cut off (a file whose last line has no line break).</summary>
    public bool Complete { get; init; } = true;

    /// <summary>The recorded head and its MAC, read before the lines; null when none is recorded.</summary>
    public (AuditHead Head, string Mac)? Head { get; init; }

    /// <summary>
    /// When there are no lines, how the storage is ("does not exist", "is empty (0 bytes)") and what that means if a
    /// head says otherwise ("the log file was deleted"); null when there are lines.
    /// </summary>
    public (string State, string Meaning)? Absence { get; init; }
}
