using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Engine.Definitions;

/// <summary>The agents whose memory a workflow reads: those of its <c>recall</c> nodes and of its <c>llm</c> nodes whose agent has <c>memory.recall</c>.</summary>
internal static class MemoryAgents
{
    public static IReadOnlyCollection<string> Of(WorkflowDefinition definition)
    {
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in NodeGraph.Walk(definition.Nodes))
        {
            switch (node)
            {
                case RecallNode recall:
                    agents.Add(recall.Agent);
                    break;
                case LlmNode { Agent: { } name } when definition.Agents.TryGetValue(name, out var agent) && agent.RecallCount > 0:
                    agents.Add(name);
                    break;
            }
        }

        return agents;
    }
}
