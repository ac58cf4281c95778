using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Feedback of approval decisions: a comment or edits of shown values become the output's <c>feedback</c> record,
/// listed on the run, and with <c>learn</c> a memory of each learning agent (through <see cref="FeedbackActivity"/>).
/// </summary>
internal sealed partial class GraphInterpreter
{
    /// <summary>Retried like a node with a short backoff: the memory ids make a repeated write harmless.</summary>
    private static readonly TaskOptions FeedbackRetries = TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    /// <summary>Adds the decision's feedback (or null) to <paramref name="output"/> and has the learning agents remember it.</summary>
    private async Task LearnAsync(ApprovalNode node, string qualified, string userNode, NodeRecord record, JsonObject shown, JsonObject output)
    {
        var feedback = ApprovalFeedback.Of(
            output["decision"]!.GetValue<string>(), output["by"]?.GetValue<string>(), output["comment"]?.GetValue<string>(), shown, (JsonObject)output["values"]!, userNode, RootRunId);
        output["feedback"] = feedback;
        if (feedback is null)
        {
            return;
        }

        progress.AddFeedback(ApprovalFeedback.Preview(feedback));
        var agents = index.LearningAgents(node);
        if (agents.Count == 0)
        {
            return;
        }

        try
        {
            await context.CallActivityAsync<int>(RunNames.FeedbackActivity, new FeedbackLearning(runId, qualified, record.Iteration, agents, (JsonObject)feedback.DeepClone()), FeedbackRetries).ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            throw Failure(node, qualified, $"node '{qualified}': the decision ({output["decision"]} by {output["by"]}) is in the audit log, but remembering its feedback for {string.Join(", ", agents)} failed: {ex.FailureDetails?.ErrorMessage ?? ex.Message}");
        }
    }
}
