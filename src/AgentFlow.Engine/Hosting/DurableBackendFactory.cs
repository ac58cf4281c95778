using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Backends.AzureStorage;
using AgentFlow.Engine.Backends.Sqlite;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Engine.Hosting;

/// <summary>Creates the backend named by <see cref="AgentFlowEngineOptions.Backend"/>.</summary>
public static class DurableBackendFactory
{
    /// <summary>Creates (but does not open) the configured backend.</summary>
    /// <exception cref="ConfigurationException">Unknown backend or invalid settings.</exception>
    public static IDurableBackend Create(AgentFlowEngineOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        // Every host opens its backend here: the one place the settings are checked before anything starts.
        AgentFlowEngineOptionsValidator.ThrowIfInvalid(options);
        switch (options.Backend)
        {
            case BackendKind.Sqlite:
                return new SqliteBackend(
                    new SqliteBackendSettings
                    {
                        DatabasePath = Path.Combine(options.DataDirectory, "agentflow.db"),
                        Durability = options.Durability,
                        PollInterval = options.SqlitePollInterval,
                        MaxConcurrentActivities = options.MaxConcurrentActivities,
                        MaxConcurrentOrchestrations = options.MaxConcurrentOrchestrations,
                        SessionIdleTimeout = options.SqliteSessionIdleTimeout ?? SqliteBackendSettings.DefaultSessionIdleTimeout,
                    },
                    loggerFactory);
            case BackendKind.AzureStorage:
                return new AzureStorageBackend(options.AzureStorage, options.MaxConcurrentActivities, options.MaxConcurrentOrchestrations, loggerFactory);
            default:
                // ThrowIfInvalid above already refused any other value with the message naming the setting.
                throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "not a backend");
        }
    }
}
