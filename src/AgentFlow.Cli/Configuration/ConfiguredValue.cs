namespace AgentFlow.Cli.Configuration;

/// <summary>A setting's value and its name as the layer it came from spells it (for messages).</summary>
internal readonly record struct ConfiguredValue(string Value, string Setting);
