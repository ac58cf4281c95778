using System.Text.Json;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Core.Model;

/// <summary>An immutable, parsed workflow: what the engine runs and the validator checks.</summary>
public sealed record WorkflowDefinition
{
    /// <summary>Workflow name.</summary>
    public required string Name { get; init; }

    /// <summary>Author's version string.</summary>
    public string? Version { get; init; }

    /// <summary>What the workflow does.</summary>
    public string? Description { get; init; }

    /// <summary>Declared inputs by name, in file order.</summary>
    public IReadOnlyDictionary<string, InputDefinition> Inputs { get; init; } = new Dictionary<string, InputDefinition>();

    /// <summary>Declared models by name.</summary>
    public IReadOnlyDictionary<string, ModelDefinition> Models { get; init; } = new Dictionary<string, ModelDefinition>();

    /// <summary>Declared agents by name.</summary>
    public IReadOnlyDictionary<string, AgentDefinition> Agents { get; init; } = new Dictionary<string, AgentDefinition>();

    /// <summary>Declared retrieval sources by name.</summary>
    public IReadOnlyDictionary<string, SourceDefinition> Sources { get; init; } = new Dictionary<string, SourceDefinition>();

    /// <summary>Declared tools by name: the allow-list.</summary>
    public IReadOnlyDictionary<string, ToolDefinition> Tools { get; init; } = new Dictionary<string, ToolDefinition>();

    /// <summary>Triggers by name, in file order: what starts runs of this workflow by itself (in a long-lived host).</summary>
    public IReadOnlyDictionary<string, TriggerDefinition> Triggers { get; init; } = new Dictionary<string, TriggerDefinition>();

    /// <summary>Limits on what one run may spend (<c>budget</c>); null: none.</summary>
    public BudgetDefinition? Budget { get; init; }

    /// <summary>Run-time guardrails switches (<c>guardrails</c>); the defaults when the workflow leaves them out.</summary>
    public GuardrailsDefinition Guardrails { get; init; } = GuardrailsDefinition.Default;

    /// <summary>First node.</summary>
    public required string Start { get; init; }

    /// <summary>Top-level nodes by id, in file order.</summary>
    public required IReadOnlyDictionary<string, WorkflowNode> Nodes { get; init; }

    /// <summary>The run's output: a template object/string rendered when the run ends.</summary>
    public JsonElement? Output { get; init; }

    /// <summary>SHA-256 of the file bytes, lower-case hex: the identity a run pins.</summary>
    public required string ContentHash { get; init; }
}
