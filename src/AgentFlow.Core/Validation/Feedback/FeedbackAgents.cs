using System.Text.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation.Feedback;

/// <summary>
/// Which agents learn from an approval's feedback: those it names, or with <c>learn: true</c> the agents of the
/// <c>llm</c> nodes whose outputs its <c>show</c> templates read, followed through <c>set</c> values, <c>map</c> items
/// (the body's <c>llm</c> nodes) and other approvals' <c>values</c>. Pure: a function of the definition.
/// </summary>
public static class FeedbackAgents
{
    /// <summary>The agents that remember <paramref name="node"/>'s feedback, in first-seen order; empty without <c>learn</c>.</summary>
    public static IReadOnlyList<string> Of(WorkflowDefinition workflow, ApprovalNode node)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(node);
        return node.Learn switch
        {
            null => [],
            { FromShow: false } named => named.Agents,
            _ => Shown(workflow, node),
        };
    }

    /// <summary>The agents of the <c>llm</c> nodes whose outputs <paramref name="node"/>'s <c>show</c> reads.</summary>
    public static IReadOnlyList<string> Shown(WorkflowDefinition workflow, ApprovalNode node)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(node);
        var nodes = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        Index(workflow.Nodes, nodes);
        var agents = new List<string>();
        Follow(Roots(node.Show), nodes, new HashSet<string>(StringComparer.Ordinal) { node.Id }, agents);
        return agents;
    }

    /// <summary>Depth first, so the agents come in the order <c>show</c> reads them.</summary>
    private static void Follow(IEnumerable<string> roots, Dictionary<string, WorkflowNode> nodes, HashSet<string> seen, List<string> agents)
    {
        foreach (var root in roots)
        {
            if (!seen.Add(root) || !nodes.TryGetValue(root, out var source))
            {
                continue;
            }

            switch (source)
            {
                case LlmNode llm:
                    Add(agents, llm.Agent);
                    break;
                case MapNode map:
                    foreach (var inner in NodeGraph.Walk(map.Body.Nodes).OfType<LlmNode>())
                    {
                        Add(agents, inner.Agent);
                    }

                    break;
                case SetNode set:
                    Follow(Roots(set.Values), nodes, seen, agents);
                    break;
                case ApprovalNode approval:
                    Follow(Roots(approval.Show), nodes, seen, agents);
                    break;
            }
        }
    }

    private static void Add(List<string> agents, string agent)
    {
        if (agent.Length > 0 && !agents.Contains(agent, StringComparer.Ordinal))
        {
            agents.Add(agent);
        }
    }

    private static void Index(IReadOnlyDictionary<string, WorkflowNode> graph, Dictionary<string, WorkflowNode> into)
    {
        foreach (var node in NodeGraph.Walk(graph))
        {
            into.TryAdd(node.Id, node);
        }
    }

    /// <summary>The root names (node ids, <c>inputs</c>, ...) the string leaves of <paramref name="value"/> read.</summary>
    private static IEnumerable<string> Roots(JsonElement? value)
    {
        if (value is not { } element)
        {
            yield break;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (TemplateSyntax.TryValidateTemplate(element.GetString() ?? string.Empty, out _, out var references))
                {
                    foreach (var reference in references)
                    {
                        yield return reference.Root;
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var root in Roots(property.Value))
                    {
                        yield return root;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var root in Roots(item))
                    {
                        yield return root;
                    }
                }

                break;
        }
    }
}
