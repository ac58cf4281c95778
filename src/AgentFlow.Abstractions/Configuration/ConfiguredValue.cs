namespace AgentFlow.Abstractions.Configuration;

/// <summary>A setting's value and its name as the configuration layer it came from spells it (for messages).</summary>
/// <param name="Value">The value, never empty.</param>
/// <param name="Setting">
/// The name to report it by: <c>azureStorage.partitionCount</c> from agentflow.json,
/// <c>AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT</c> from the environment, <c>--backend</c> from the command line.
/// </param>
public readonly record struct ConfiguredValue(string Value, string Setting);
