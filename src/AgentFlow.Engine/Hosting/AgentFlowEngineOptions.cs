using AgentFlow.Engine.Backends;

namespace AgentFlow.Engine.Hosting;

/// <summary>Engine settings: which backend, where data lives, how much runs at once.</summary>
public sealed class AgentFlowEngineOptions
{
    /// <summary>The backend: <c>sqlite</c> (embedded default) or <c>azure-storage</c>.</summary>
    public BackendKind Backend { get; set; } = BackendKind.Sqlite;

    /// <summary>Data directory of the embedded backend. Default <c>.agentflow</c> in the working directory.</summary>
    public string DataDirectory { get; set; } = ".agentflow";

    /// <summary>Durability of the embedded backend. Default <see cref="SqliteDurability.Process"/>.</summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Process;

    /// <summary>How often a process looks for work written by another process sharing the data directory. Default 50 ms.</summary>
    public TimeSpan SqlitePollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long the embedded backend keeps an orchestration in memory between steps (see
    /// <see cref="Backends.Sqlite.SqliteBackendSettings.SessionIdleTimeout"/>); null for its default. Tests set zero so
    /// that every step replays the run's history.
    /// </summary>
    internal TimeSpan? SqliteSessionIdleTimeout { get; set; }

    /// <summary>Settings of the <c>azure-storage</c> backend.</summary>
    public AzureStorageBackendOptions AzureStorage { get; set; } = new();

    /// <summary>Activities run at once per worker. Default 100.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Orchestration steps run at once per worker. Default 100.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;
}
