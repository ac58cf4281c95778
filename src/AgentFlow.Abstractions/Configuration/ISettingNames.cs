namespace AgentFlow.Abstractions.Configuration;

/// <summary>
/// Implemented by a configuration provider whose settings users spell differently from agentflow.json (for example
/// command-line options), so that a bad value is reported under the name the user typed.
/// </summary>
public interface ISettingNames
{
    /// <summary>The name <paramref name="setting"/> (dotted, as in agentflow.json) has in this layer, or null to keep it.</summary>
    string? NameOf(string setting);
}
