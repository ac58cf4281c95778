namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>Settings of the embedded SQLite task hub.</summary>
public sealed class SqliteBackendSettings
{
    /// <summary>The database file, e.g. <c>.agentflow/agentflow.db</c>.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Commit durability. Default <see cref="SqliteDurability.Process"/>.</summary>
    public SqliteDurability Durability { get; init; } = SqliteDurability.Process;

    /// <summary>How often the owner looks for messages written by other processes. Default 50 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the hub lease lasts without renewal (a crashed owner on another host is replaced after this). Default 5 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Orchestration work items processed at once. Default 100.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 100;

    /// <summary>
    /// How long an orchestration stays in memory after a step, waiting for its next messages (an extended session),
    /// before its work item is released; within it the next step continues without replaying the history. Zero turns
    /// extended sessions off. Default 2 s.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; init; } = DefaultSessionIdleTimeout;

    /// <summary>The default of <see cref="SessionIdleTimeout"/>.</summary>
    internal static readonly TimeSpan DefaultSessionIdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Activity work items processed at once. Default 100.</summary>
    public int MaxConcurrentActivities { get; init; } = 100;
}
