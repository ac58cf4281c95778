using AgentFlow.Abstractions.Configuration;
using AgentFlow.Engine.Backends;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// Checks <see cref="AgentFlowEngineOptions"/> once, when a host starts (before any store is opened), so a malformed
/// setting is one message naming it instead of a failure deep inside a backend. Only the chosen backend's settings
/// are checked: a half-filled <c>azureStorage</c> section does not stop the embedded default.
/// </summary>
public sealed class AgentFlowEngineOptionsValidator : IValidateOptions<AgentFlowEngineOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AgentFlowEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options).Select(p => $"{p.Setting}: {p.Message}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws for the first invalid setting.</summary>
    /// <exception cref="ConfigurationException">A setting is missing or invalid; the exception names it.</exception>
    public static void ThrowIfInvalid(AgentFlowEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (setting, message) in Problems(options))
        {
            throw new ConfigurationException(setting, message);
        }
    }

    /// <summary>The invalid settings of <paramref name="options"/>, each with what to do.</summary>
    internal static IEnumerable<(string Setting, string Message)> Problems(AgentFlowEngineOptions options)
    {
        if (options.MaxConcurrentActivities < 1)
        {
            yield return ("maxConcurrentActivities", "must be at least 1");
        }

        if (options.MaxConcurrentOrchestrations < 1)
        {
            yield return ("maxConcurrentOrchestrations", "must be at least 1");
        }

        switch (options.Backend)
        {
            case BackendKind.Sqlite:
                if (string.IsNullOrWhiteSpace(options.DataDirectory))
                {
                    yield return ("dataDirectory", "is empty; give a folder for the embedded database (default .agentflow).");
                }

                if (options.SqlitePollInterval <= TimeSpan.Zero)
                {
                    yield return ("sqlitePollInterval", "must be greater than zero");
                }

                break;
            case BackendKind.AzureStorage:
                foreach (var problem in AzureStorageBackendOptionsValidator.Problems(options.AzureStorage))
                {
                    yield return problem;
                }

                break;
            default:
                yield return ("backend", $"unknown backend '{(int)options.Backend}'; use one of: {string.Join(", ", BackendNames.All)}.");
                break;
        }
    }
}
