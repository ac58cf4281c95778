using System.Globalization;
using System.Text;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Graph;

/// <summary>Draws a workflow in Graphviz DOT (<c>dot -Tsvg</c>).</summary>
public static class DotExporter
{
    /// <summary>The DOT source for <paramref name="definition"/>.</summary>
    public static string Export(WorkflowDefinition definition)
    {
        var layout = GraphLayout.Create(definition);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"digraph {Quote(definition.Name)} {{");
        text.AppendLine("  rankdir=TB;");
        text.AppendLine("  node [shape=box, style=rounded, fontname=\"Helvetica\"];");
        text.AppendLine("  \"__start\" [label=\"start\", shape=circle];");
        text.AppendLine(CultureInfo.InvariantCulture, $"  \"__start\" -> {Quote(definition.Start)};");
        foreach (var node in layout.Nodes)
        {
            AppendNode(text, node, "  ");
        }

        foreach (var edge in layout.Edges)
        {
            var attributes = new List<string>();
            if (edge.Label.Length > 0)
            {
                attributes.Add($"label={Quote(edge.Label)}");
            }

            if (edge.Dashed)
            {
                attributes.Add("style=dashed");
            }

            var suffix = attributes.Count == 0 ? string.Empty : $" [{string.Join(", ", attributes)}]";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Quote(edge.From)} -> {Quote(edge.To)}{suffix};");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static void AppendNode(StringBuilder text, WorkflowNode node, string indent)
    {
        var shape = node.Kind switch
        {
            NodeKind.Switch => "diamond",
            NodeKind.Approval => "parallelogram",
            NodeKind.End or NodeKind.Fail => "doublecircle",
            _ => "box",
        };
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{Quote(node.Id)} [label={Quote(GraphLayout.Caption(node))}, shape={shape}];");
        if (node is MapNode map)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}subgraph {Quote("cluster_" + map.Id)} {{");
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}  label={Quote($"{map.Id}: per {map.As}")};");
            foreach (var inner in map.Body.Nodes.Values)
            {
                AppendNode(text, inner, indent + "  ");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}}}");
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
