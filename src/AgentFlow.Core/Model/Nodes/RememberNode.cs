using System.Text.Json;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Store a memory for an agent.</summary>
public sealed record RememberNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Remember;

    /// <summary>Name of a declared agent (its memory namespace).</summary>
    public required string Agent { get; init; }

    /// <summary>Liquid template of the memory text.</summary>
    public required string Text { get; init; }

    /// <summary>Metadata; every string inside is a Liquid template.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>How long the memory lives; forever when null.</summary>
    public TimeSpan? Ttl { get; init; }
}
