using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Costs;

/// <summary>
/// Names the agent of node usage that does not name one itself, from the definition the run is pinned to: the
/// node's <c>agent</c>, and for a map whose body is one inline node, that node's agent on each item's usage.
/// </summary>
internal static class NodeAgents
{
    public static void Fill(RunInfo run, DefinitionIndex index)
    {
        var nodes = index.Definition.Nodes;
        foreach (var record in run.Timeline)
        {
            if (!nodes.TryGetValue(record.Node, out var node))
            {
                continue;
            }

            if (record.Usage is { Agent: null } usage)
            {
                usage.Agent = AgentOf(node);
            }

            if (node is MapNode { Body: { IsInline: true, Nodes.Count: 1 } body } && AgentOf(body.Nodes.Values.Single()) is { } agent
                && record.Output?["items"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    if (item["usage"] is JsonObject itemUsage && itemUsage["agent"] is null)
                    {
                        itemUsage["agent"] = agent;
                    }
                }
            }
        }
    }

    private static string? AgentOf(WorkflowNode node) => node switch
    {
        LlmNode llm => llm.Agent,
        RecallNode recall => recall.Agent,
        RememberNode remember => remember.Agent,
        _ => null,
    };
}
