using System.Globalization;
using System.Text;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Graph;

/// <summary>Draws a workflow as a Mermaid flowchart (renders on GitHub and in most Markdown viewers).</summary>
public static class MermaidExporter
{
    /// <summary>The Mermaid source for <paramref name="definition"/>.</summary>
    public static string Export(WorkflowDefinition definition)
    {
        var layout = GraphLayout.Create(definition);
        var text = new StringBuilder();
        text.AppendLine("flowchart TD");
        text.AppendLine(CultureInfo.InvariantCulture, $"  __start((start)) --> {Id(definition.Start)}");
        foreach (var node in layout.Nodes)
        {
            AppendNode(text, node, "  ");
        }

        foreach (var edge in layout.Edges)
        {
            var arrow = edge.Dashed ? "-.->" : "-->";
            var label = edge.Label.Length == 0 ? string.Empty : $"|\"{Escape(edge.Label)}\"|";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Id(edge.From)} {arrow}{label} {Id(edge.To)}");
        }

        return text.ToString();
    }

    private static void AppendNode(StringBuilder text, WorkflowNode node, string indent)
    {
        var caption = Escape(GraphLayout.Caption(node));
        var shape = node.Kind switch
        {
            NodeKind.Switch => $"{{\"{caption}\"}}",
            NodeKind.Approval => $"[/\"{caption}\"/]",
            NodeKind.End or NodeKind.Fail => $"([\"{caption}\"])",
            NodeKind.Parallel => $"[[\"{caption}\"]]",
            _ => $"[\"{caption}\"]",
        };
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{Id(node.Id)}{shape}");
        if (node is MapNode map && !map.Body.IsInline)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}subgraph {Id(map.Id)}_body [\"{Escape(map.Id)}: per {Escape(map.As)}\"]");
            foreach (var inner in map.Body.Nodes.Values)
            {
                AppendNode(text, inner, indent + "  ");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}end");
        }
        else if (node is MapNode inlineMap)
        {
            foreach (var inner in inlineMap.Body.Nodes.Values)
            {
                AppendNode(text, inner, indent);
            }
        }
    }

    private static string Id(string id) => "n_" + id.Replace(".", "__", StringComparison.Ordinal);

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
}
