using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>Wait on a durable timer, for a duration or until a time.</summary>
public sealed record WaitNode : WorkflowNode
{
    /// <summary>Fields of a <c>wait</c> node, beside <see cref="WorkflowNode.CommonFields"/>; exactly one is required.</summary>
    public static IReadOnlyList<FieldSpec> Fields { get; } = [new("for", FieldType.Duration), new("until", FieldType.Template)];

    internal static NodeKindSpec Spec { get; } = new(NodeKind.Wait, Fields, Read);

    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Wait;

    /// <summary>How long to wait, if given as a duration.</summary>
    public TimeSpan? For { get; init; }

    /// <summary>Liquid template yielding an ISO-8601 timestamp, if given as a time.</summary>
    public string? Until { get; init; }

    /// <summary>Output shape: none: a durable timer.</summary>
    internal override ValueShape OutputShape(IShapeContext context) => ValueShape.None;

    private static WaitNode Read(NodeReadContext node, ObjectReader r)
    {
        if (r.Has("for") == r.Has("until"))
        {
            node.Sink.Error(DiagnosticCodes.MissingProperty, node.Path, $"{node.What} needs exactly one of 'for' (a duration) or 'until' (a timestamp template)", "Write \"for\": \"PT10M\" or \"until\": \"{{ inputs.sendAt }}\".");
        }

        return new WaitNode { Id = node.Id, JsonPath = node.Path, For = r.Duration("for"), Until = r.String("until") };
    }
}
