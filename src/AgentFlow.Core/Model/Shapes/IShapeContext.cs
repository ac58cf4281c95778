using System.Text.Json;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Model.Shapes;

/// <summary>
/// What a node kind needs to know about the rest of the workflow to declare its output shape: the shapes of
/// templates, declared tools, map bodies and sub-workflows.
/// </summary>
internal interface IShapeContext
{
    /// <summary>The shape a JSON value of templates renders to (a single <c>{{ expr }}</c> keeps the expression's shape).</summary>
    ValueShape OfTemplates(JsonElement value);

    /// <summary>The declared output of tool <paramref name="tool"/>; untyped when it declares none.</summary>
    ValueShape ToolOutput(string tool);

    /// <summary>The output one item of <paramref name="map"/> contributes to its <c>items</c>.</summary>
    ValueShape MapItem(MapNode map);

    /// <summary>The <c>output</c> of the file <paramref name="call"/> runs, when it can be read; else untyped.</summary>
    ValueShape WorkflowOutput(WorkflowCallNode call);

    /// <summary>Whether agent <paramref name="agent"/> has <c>guards</c> (its llm nodes' outputs may then carry <c>guards</c>).</summary>
    bool HasGuards(string agent);
}
