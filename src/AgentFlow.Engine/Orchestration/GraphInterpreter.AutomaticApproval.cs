using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Automatic approvals (a budget pause, a guard hold): the run waits at <c>approval:NAME</c> for one decision that
/// counts, by any of the given approvers, on what it shows. Decided like any approval (<c>agentflow approve RUN NAME</c>).
/// </summary>
internal sealed partial class GraphInterpreter
{
    /// <summary>
    /// Publishes the wait <paramref name="name"/> on <paramref name="record"/> and returns the first decision that counts
    /// with the shown values as the operator left them (edited or not), or null after <see cref="MaxApprovalRounds"/>
    /// decisions that did not count.
    /// </summary>
    private async Task<(ApprovalDecision Decision, JsonObject Values, WaitInfo Wait)?> AwaitAutomaticApprovalAsync(
        string name, NodeRecord record, IReadOnlyList<Approver> approvers, JsonObject show)
    {
        var wait = NewWait(WaitKind.Approval, name, RunNames.ApprovalPrefix + name);
        wait.Approvers = [.. approvers];
        wait.Show = show.DeepClone();
        wait.Quorum = 1;
        wait.Votes = [];
        await ReportAsync(ApprovalEventKind.Waiting, wait, show, outcome: null).ConfigureAwait(true);
        progress.Wait(record, wait);
        var values = (JsonObject)show.DeepClone();
        for (var round = 0; round < MaxApprovalRounds; round++)
        {
            var decision = await context.WaitForExternalEvent<ApprovalDecision>(wait.Event!).ConfigureAwait(true);
            if (Count(decision, wait, values))
            {
                progress.StopWaiting(record, wait);
                return (decision, values, wait);
            }
        }

        return null;
    }
}
