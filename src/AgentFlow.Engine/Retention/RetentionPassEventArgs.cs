namespace AgentFlow.Engine.Retention;

/// <summary>One pass of <see cref="RetentionService"/>: what it purged, or why it could not.</summary>
public sealed class RetentionPassEventArgs(PurgeReport report, Exception? error) : EventArgs
{
    /// <summary>What the pass purged (empty when it failed before purging anything).</summary>
    public PurgeReport Report { get; } = report;

    /// <summary>Why the pass failed, or null; the next pass tries again.</summary>
    public Exception? Error { get; } = error;
}
