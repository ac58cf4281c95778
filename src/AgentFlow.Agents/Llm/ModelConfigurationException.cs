using AgentFlow.Core;

namespace AgentFlow.Agents.Llm;

/// <summary>A <c>models</c> entry cannot be used here: unknown provider, a missing setting or an unset key variable.</summary>
public sealed class ModelConfigurationException : AgentFlowException
{
    /// <summary>Creates the exception.</summary>
    public ModelConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelConfigurationException()
        : base("The model is not configured correctly.")
    {
    }
}
