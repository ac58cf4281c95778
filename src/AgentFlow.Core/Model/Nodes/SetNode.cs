using System.Text.Json;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Compute values; the node's output is the rendered object.</summary>
public sealed record SetNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Set;

    /// <summary>Object whose strings are Liquid templates.</summary>
    public required JsonElement Values { get; init; }
}
