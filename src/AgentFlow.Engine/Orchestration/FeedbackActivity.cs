using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Memory;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Remembers an approval's feedback in each learning agent's memory (metadata <c>kind: feedback</c>, run, node,
/// decision, by). Each memory's id comes from run, node, visit and agent, so a retried activity stores it once. Like
/// <see cref="Activities.NodeActivity"/>, it abandons its work item when the worker stops.
/// </summary>
internal sealed class FeedbackActivity(IAgentMemoryWriter? memory, CancellationToken stopping) : TaskActivity<FeedbackLearning, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, FeedbackLearning input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (memory is null)
        {
            throw new InvalidOperationException($"node '{input.Node}' learns from feedback, but this worker has no agent memory; run it on a host with memory (agentflow run, serve and worker have it)");
        }

        var feedback = input.Feedback;
        var text = ApprovalFeedback.Text(feedback);
        try
        {
            foreach (var agent in input.Agents)
            {
                await memory.RememberAsync(
                    new AgentMemoryNote
                    {
                        Id = ApprovalFeedback.MemoryId(input.RunId, input.Node, input.Visit, agent),
                        Agent = agent,
                        Text = text,
                        Metadata = new JsonObject
                        {
                            ["kind"] = "feedback",
                            ["run"] = feedback["run"]?.DeepClone(),
                            ["node"] = feedback["node"]?.DeepClone(),
                            ["decision"] = feedback["decision"]?.DeepClone(),
                            ["by"] = feedback["by"]?.DeepClone(),
                        },
                        RunId = feedback["run"]?.GetValue<string>(),
                        NodeId = feedback["node"]?.GetValue<string>(),
                    },
                    stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (stopping.IsCancellationRequested)
        {
            throw new SessionAbortedException($"node '{input.Node}': the worker stopped before the feedback was remembered; it is remembered on redelivery", ex);
        }

        return input.Agents.Count;
    }
}
