using AgentFlow.Core;

namespace AgentFlow.Abstractions.Configuration;

/// <summary>
/// A setting that makes AgentFlow unable to start or an executor unable to run (the backend, the data directory, a
/// memory store or embedder, a <c>models</c> entry); the message names the setting and what to do.
/// </summary>
public sealed class ConfigurationException : AgentFlowException
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public ConfigurationException(string setting, string message, Exception? innerException = null)
        : base($"{setting}: {message}", innerException ?? new InvalidOperationException(message))
    {
        Setting = setting;
    }

    /// <summary>Creates an exception whose message already names the setting.</summary>
    public ConfigurationException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public ConfigurationException()
        : base("AgentFlow is not configured correctly.")
    {
        Setting = string.Empty;
    }

    /// <summary>The setting at fault, e.g. <c>backend</c> or <c>azureStorage.connectionString</c>; empty when only the message names it.</summary>
    public string Setting { get; }
}
