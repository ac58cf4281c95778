namespace AgentFlow.Core.Model.Nodes;

/// <summary>Fail the run with a message.</summary>
public sealed record FailNode : WorkflowNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Fail;

    /// <summary>Liquid template of the failure message.</summary>
    public string Message { get; init; } = "The workflow failed.";
}
