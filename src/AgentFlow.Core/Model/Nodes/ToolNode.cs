using System.Text.Json;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Call a declared tool.</summary>
public sealed record ToolNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Tool;

    /// <summary>Name of a declared tool.</summary>
    public required string Tool { get; init; }

    /// <summary>Arguments; every string inside is a Liquid template.</summary>
    public JsonElement? Args { get; init; }
}
