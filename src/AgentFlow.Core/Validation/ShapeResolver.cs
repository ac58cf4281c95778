using System.Text.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Paths;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation;

/// <summary>
/// Computes the output shape of every node of one workflow (each kind declares its own, see
/// <see cref="WorkflowNode.OutputShape"/>) and of the names templates read: loop variables, <c>error</c>.
/// Shapes that depend on each other in a cycle, and sub-workflows nested too deep, are untyped.
/// </summary>
internal sealed partial class ShapeResolver
{
    private const int MaxCallDepth = 8;

    /// <summary><c>error.*</c> on an <c>onError</c> route, as the engine sets it.</summary>
    public static readonly ValueShape ErrorShape = ValueShape.Record(("node", ValueShape.Text), ("kind", ValueShape.Text), ("message", ValueShape.Text));

    private readonly WorkflowDefinition _definition;
    private readonly string _baseDirectory;
    private readonly PathConfinement _paths;
    private readonly IReadOnlyDictionary<string, ValueShape> _codeTools;
    private readonly IReadOnlySet<string> _callers;
    private readonly Dictionary<string, WorkflowNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MapNode> _ownerOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValueShape> _shapes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _computing = new(StringComparer.Ordinal);

    /// <param name="definition">The workflow.</param>
    /// <param name="baseDirectory">Its folder (sub-workflow paths are relative to it).</param>
    /// <param name="paths">Folders sub-workflow files may come from.</param>
    /// <param name="codeTools">Declared outputs of the host's code tools, by registered name.</param>
    /// <param name="callers">Full paths of the workflow files on the call stack (to stop recursion).</param>
    public ShapeResolver(WorkflowDefinition definition, string baseDirectory, PathConfinement paths, IReadOnlyDictionary<string, ValueShape> codeTools, IReadOnlySet<string>? callers = null)
    {
        _definition = definition;
        _baseDirectory = baseDirectory;
        _paths = paths;
        _codeTools = codeTools;
        _callers = callers ?? new HashSet<string>(StringComparer.Ordinal);
        Add(definition.Nodes.Values, owner: null);
    }

    /// <summary>The output shape of node <paramref name="id"/>; untyped for an unknown id.</summary>
    public ValueShape NodeShape(string id)
    {
        if (_shapes.TryGetValue(id, out var shape))
        {
            return shape;
        }

        if (!_nodes.TryGetValue(id, out var node) || !_computing.Add(id))
        {
            return ValueShape.Untyped;
        }

        try
        {
            shape = node.OutputShape(new NodeContext(this, node));
        }
        finally
        {
            _computing.Remove(id);
        }

        _shapes[id] = shape;
        return shape;
    }

    /// <summary>The map whose loop variable <paramref name="name"/> is, seen from node <paramref name="reader"/>; null if none.</summary>
    public MapNode? LoopOwner(string name, string? reader)
    {
        for (var id = reader; id is not null && _ownerOf.TryGetValue(id, out var map); id = map.Id)
        {
            if (map.As == name)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The shape of one item of <paramref name="map"/>'s list: its loop variable.</summary>
    public ValueShape LoopItem(MapNode map)
    {
        var parsed = TemplateSyntax.ParseTemplate(TemplateSyntax.ExpressionTemplate(map.Items));
        var list = parsed.Template is { } t && TemplateSyntax.SingleExpression(t) is { } e ? ExpressionShape(e, map.Id) : ValueShape.Untyped;
        return list.Kind == ShapeKind.Array ? list.Item ?? ValueShape.Untyped : ValueShape.Untyped;
    }

    /// <summary>The shape of the value name <paramref name="name"/> holds, read in node <paramref name="reader"/>.</summary>
    public ValueShape Root(string name, string? reader)
    {
        if (LoopOwner(name, reader) is { } map)
        {
            return LoopItem(map);
        }

        if (_nodes.ContainsKey(name))
        {
            return NodeShape(name);
        }

        return name == "error" ? ErrorShape : ValueShape.Untyped;
    }

    /// <summary>The shape a JSON value of templates renders to, read in node <paramref name="reader"/>.</summary>
    public ValueShape OfTemplates(JsonElement value, string? reader)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return ValueShape.Record(value.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => OfTemplates(g.Last().Value, reader), StringComparer.Ordinal));
            case JsonValueKind.Array:
                return ValueShape.Array(value.GetArrayLength() == 0 ? ValueShape.Untyped : ValueShape.Common([.. value.EnumerateArray().Select(v => OfTemplates(v, reader))]));
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (!TemplateSyntax.HasMarkup(text))
                {
                    return ValueShape.Text;
                }

                var parsed = TemplateSyntax.ParseTemplate(text);
                return parsed.Template is not { } template
                    ? ValueShape.Untyped
                    : TemplateSyntax.SingleExpression(template) is { } expression ? ExpressionShape(expression, reader) : ValueShape.Text;
            default:
                return ValueShape.OfLiteral(value);
        }
    }

    private ValueShape ExpressionShape(Fluid.Ast.Expression expression, string? reader) =>
        ExpressionShapes.Of(expression, name => Root(name, reader));

    private void Add(IEnumerable<WorkflowNode> nodes, MapNode? owner)
    {
        foreach (var node in nodes)
        {
            _nodes.TryAdd(node.Id, node);
            if (owner is not null)
            {
                _ownerOf.TryAdd(node.Id, owner);
            }

            if (node is MapNode map)
            {
                Add(map.Body.Nodes.Values, map);
            }
        }
    }
}
