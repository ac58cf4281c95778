using AgentFlow.Core.Loading;

namespace AgentFlow.Core.Model.Nodes;

/// <summary>
/// What the loader knows about one node kind, declared by the kind's own record (its static <c>Spec</c>) so that the
/// record, its field table, its defaults, its reader and its rendered input sit in one file.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Fields">Fields beside <see cref="WorkflowNode.CommonFields"/>, in the order messages list them.</param>
/// <param name="Read">Builds the node from its fields (already checked against <paramref name="Fields"/>).</param>
/// <param name="IsActivity">Whether the kind runs as an activity (side effects live only there).</param>
internal sealed record NodeKindSpec(
    NodeKind Kind,
    IReadOnlyList<FieldSpec> Fields,
    Func<NodeReadContext, ObjectReader, WorkflowNode> Read,
    bool IsActivity = false);
