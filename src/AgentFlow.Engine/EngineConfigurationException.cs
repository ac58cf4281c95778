using AgentFlow.Core;

namespace AgentFlow.Engine;

/// <summary>A setting that makes the engine unable to start; the message names the setting and what to do.</summary>
public sealed class EngineConfigurationException : AgentFlowException
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public EngineConfigurationException(string setting, string message, Exception? innerException = null)
        : base($"{setting}: {message}", innerException ?? new InvalidOperationException(message))
    {
        Setting = setting;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public EngineConfigurationException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public EngineConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    /// <summary>Creates an exception with no message.</summary>
    public EngineConfigurationException()
    {
        Setting = string.Empty;
    }

    /// <summary>The setting at fault, e.g. <c>backend</c> or <c>azureStorage.connectionString</c>.</summary>
    public string Setting { get; }
}
