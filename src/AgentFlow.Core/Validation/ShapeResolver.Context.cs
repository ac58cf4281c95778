using System.Text.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Shapes;

namespace AgentFlow.Core.Validation;

/// <summary>What a node kind asks while it declares its output: tools, map bodies, sub-workflows.</summary>
internal sealed partial class ShapeResolver
{
    private bool HasGuards(string agent) => _definition.Agents.TryGetValue(agent, out var a) && a.Guards is not null;

    private ValueShape ToolOutput(string name)
    {
        if (!_definition.Tools.TryGetValue(name, out var tool))
        {
            return ValueShape.Untyped;
        }

        if (tool.Output is { } schema)
        {
            return ValueShape.FromSchema(schema);
        }

        return tool.Kind == "code" && tool.Settings.TryGetProperty("name", out var registered) && registered.ValueKind == JsonValueKind.String
            && _codeTools.TryGetValue(registered.GetString()!, out var declared)
            ? declared
            : ValueShape.Untyped;
    }

    /// <summary>
    /// An item is the output of the node where the item's path ended (or, at an <c>end</c> node, of the last node
    /// that produced one — not known statically). Several possible ends give what they have in common.
    /// </summary>
    private ValueShape MapItem(MapNode map)
    {
        var ends = map.Body.Nodes.Values
            .Where(n => n.Kind != NodeKind.Fail && (n.Next.Count == 0 || n.Next.All(t => t.When is not null)))
            .Select(n => NodeShape(n.Id))
            .ToList();
        return ends.Count == 0 || ends.Any(s => s.Kind == ShapeKind.None) ? ValueShape.Untyped : ValueShape.Common(ends);
    }

    private ValueShape WorkflowOutput(WorkflowCallNode call)
    {
        if (call.Path.Length == 0 || _callers.Count >= MaxCallDepth)
        {
            return ValueShape.Untyped;
        }

        string full;
        try
        {
            full = Path.GetFullPath(call.Path, _baseDirectory);
            if (_paths.Check(call.Path, full, _baseDirectory) is not null || _callers.Contains(full) || !File.Exists(full)
                || new FileInfo(full).Length > WorkflowLoader.MaxFileBytes)
            {
                return ValueShape.Untyped;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ValueShape.Untyped;
        }

        WorkflowDocument document;
        try
        {
            document = WorkflowLoader.Parse(File.ReadAllBytes(full), full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValueShape.Untyped;
        }

        if (document.Definition is not { Output: { } output } child)
        {
            return ValueShape.Untyped;
        }

        var callers = new HashSet<string>(_callers, StringComparer.Ordinal) { full };
        return new ShapeResolver(child, document.BaseDirectory, _paths, _codeTools, callers).OfTemplates(output, reader: null);
    }

    /// <summary>The context one node declares its output in: templates resolve names as that node reads them.</summary>
    private sealed class NodeContext(ShapeResolver resolver, WorkflowNode node) : IShapeContext
    {
        public ValueShape OfTemplates(JsonElement value) => resolver.OfTemplates(value, node.Id);

        public ValueShape ToolOutput(string tool) => resolver.ToolOutput(tool);

        public ValueShape MapItem(MapNode map) => resolver.MapItem(map);

        public ValueShape WorkflowOutput(WorkflowCallNode call) => resolver.WorkflowOutput(call);

        public bool HasGuards(string agent) => resolver.HasGuards(agent);
    }
}
