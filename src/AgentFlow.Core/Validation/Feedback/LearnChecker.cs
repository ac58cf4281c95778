using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Validation.Feedback;

/// <summary>An approval's <c>learn</c> names declared agents (AF431), and <c>learn: true</c> finds one behind <c>show</c> (AF432).</summary>
internal sealed class LearnChecker(WorkflowDefinition definition, DiagnosticSink sink)
{
    public void CheckNode(WorkflowNode node)
    {
        if (node is not ApprovalNode { Learn: { } learn } approval)
        {
            return;
        }

        var path = JsonPaths.Property(approval.JsonPath, "learn");
        if (learn.FromShow)
        {
            if (FeedbackAgents.Shown(definition, approval).Count == 0)
            {
                var declared = definition.Agents.Keys.Order(StringComparer.Ordinal).ToList();
                sink.Error(
                    DiagnosticCodes.NothingToLearn,
                    path,
                    $"node '{approval.Id}' has \"learn\": true, but its 'show' reads no llm node's output, so no agent wrote what the operators judge",
                    declared.Count == 0
                        ? "Remove \"learn\", or show an llm node's output (e.g. \"{{ draft.text }}\")."
                        : $"Name the agent that should learn, e.g. \"learn\": \"{declared[0]}\", or show an llm node's output; or remove \"learn\".");
            }

            return;
        }

        for (var i = 0; i < learn.Agents.Count; i++)
        {
            var agent = learn.Agents[i];
            if (definition.Agents.ContainsKey(agent))
            {
                continue;
            }

            var known = definition.Agents.Keys.Order(StringComparer.Ordinal).ToList();
            sink.Error(
                DiagnosticCodes.UnknownLearningAgent,
                learn.IsList ? JsonPaths.Index(path, i) : path,
                $"node '{approval.Id}' learns for agent '{agent}', which is not declared under 'agents'",
                $"{Suggestions.Hint(agent, known, "agents")} Name a declared agent, or write \"learn\": true (the agents whose llm output the approval shows).");
        }
    }
}
