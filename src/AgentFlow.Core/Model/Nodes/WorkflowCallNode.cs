using System.Text.Json;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Run another workflow file as a sub-orchestration; its output becomes this node's output.</summary>
public sealed record WorkflowCallNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Workflow;

    /// <summary>Path of the workflow file, relative to this file.</summary>
    public required string Path { get; init; }

    /// <summary>Inputs for the child run; every string inside is a Liquid template.</summary>
    public JsonElement? Inputs { get; init; }
}
