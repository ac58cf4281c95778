namespace AgentFlow.Core.Model;

/// <summary>A named agent: a model, standing instructions and its own long-term memory namespace.</summary>
/// <param name="Name">Agent name; also its memory namespace.</param>
/// <param name="Model">Name of a declared model.</param>
/// <param name="Instructions">System instructions.</param>
/// <param name="RecallCount">How many memories to add to each prompt automatically (0 = none).</param>
/// <param name="JsonPath">Where it is declared.</param>
/// <param name="Budget">Limits on this agent's model calls in one run (<c>agents.NAME.budget</c>); null: none.</param>
/// <param name="Guards">Checks on this agent's prompts and answers (<c>agents.NAME.guards</c>); null: none.</param>
public sealed record AgentDefinition(string Name, string Model, string? Instructions, int RecallCount, string JsonPath, BudgetDefinition? Budget = null, AgentGuards? Guards = null);
