using System.Text.Json;
using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>
/// A named trigger of a workflow (an entry of the top-level <c>triggers</c> object): what starts a run by itself, and
/// how what it received becomes the run's inputs.
/// </summary>
public abstract record TriggerDefinition
{
    /// <summary>Fields every trigger accepts, whatever its kind (the schema's <c>triggerCommon</c>).</summary>
    public static IReadOnlyList<FieldSpec> CommonFields { get; } =
    [
        new("kind", FieldType.String, Required: true, Allowed: TriggerKinds.Names),
        new("enabled", FieldType.Boolean),
        new("description", FieldType.String),
        new("inputs", FieldType.TemplateObject),
    ];

    /// <summary>The trigger's name, unique within its workflow.</summary>
    public required string Name { get; init; }

    /// <summary>Where it is declared (<c>$.triggers.NAME</c>).</summary>
    public required string JsonPath { get; init; }

    /// <summary>The kind, fixed by the record type.</summary>
    public abstract TriggerKind Kind { get; }

    /// <summary>False when the author turned it off (<c>"enabled": false</c>); a host registers no disabled trigger.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>What the trigger is for (shown by <c>agentflow triggers list</c>).</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Input name to template value (<c>"{{ message.subject }}"</c>, or an object/array holding templates), rendered
    /// against what the trigger received; inputs it does not map take their defaults.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Inputs { get; init; } = new Dictionary<string, JsonElement>();
}
