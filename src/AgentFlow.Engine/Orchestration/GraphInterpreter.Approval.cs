using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

// DURABLE0010 cannot see that the logger used here is the context's replay-safe logger (ProgressTracker creates it
// with CreateReplaySafeLogger and hands it on), so it is a false positive in this file.
#pragma warning disable DURABLE0010

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Approval nodes: wait for <c>approval:NODE</c> decisions until <c>quorum</c> distinct approvers approved (one
/// rejection rejects), escalate once when <c>onTimeout</c> is <c>escalate</c>, and report waiting, escalation and
/// timeout to the approval event sink (audit, notifications).
/// </summary>
internal sealed partial class GraphInterpreter
{
    private const int MaxApprovalRounds = 1000;

    private async Task<NodeOutcome> ApproveAsync(ApprovalNode node, string qualified, RunScope scope, NodeRecord record)
    {
        // Rendered once and kept: operators decide on exactly what later nodes will use.
        var show = await RenderAsync(node.Show, scope).ConfigureAwait(true) as JsonObject ?? [];
        record.Input = show.DeepClone();
        var wait = NewWait(WaitKind.Approval, qualified, RunNames.ApprovalPrefix + qualified);
        wait.Until = node.Timeout is { } timeout ? context.CurrentUtcDateTime + timeout : null;
        wait.Approvers = [.. node.Approvers];
        wait.Show = show.DeepClone();
        wait.Untrusted = index.UntrustedShow(node) is { Count: > 0 } untrusted ? [.. untrusted] : null;
        wait.Quorum = node.Quorum;
        wait.Votes = [];
        // Notify first: the run only counts as waiting (and a CLI only exits) once the approvers have been told.
        await ReportAsync(ApprovalEventKind.Waiting, wait, show, outcome: null).ConfigureAwait(true);
        progress.Wait(record, wait);
        var values = (JsonObject)show.DeepClone();
        using var cancel = new CancellationTokenSource();
        Task<ApprovalDecision>? pending = null;
        // Bounded: every round consumes one decision or one timer; ignored decisions (refused or repeated) count too.
        for (var round = 0; round < MaxApprovalRounds; round++)
        {
            pending ??= context.WaitForExternalEvent<ApprovalDecision>(wait.Event!, cancel.Token);
            using var timerCancel = new CancellationTokenSource();
            Task[] waits = wait.Until is { } until ? [pending, context.CreateTimer(until, timerCancel.Token)] : [pending];
            if (await Task.WhenAny(waits).ConfigureAwait(true) == pending)
            {
                CancelNow(timerCancel);
                var decision = await pending.ConfigureAwait(true);
                pending = null;
                if (!Count(decision, wait, values))
                {
                    continue;
                }

                var approvals = wait.Votes!.Count(v => v.Approved);
                if (!decision.Approved || approvals >= node.Quorum)
                {
                    CancelNow(cancel);
                    progress.StopWaiting(record, wait);
                    var deciders = decision.Approved ? wait.Votes!.Where(v => v.Approved).ToList() : [wait.Votes![^1]];
                    var output = ApprovalOutput(decision.Approved, decision.Approved ? "approved" : "rejected", deciders, values, wait.Votes!);
                    await LearnAsync(node, qualified, wait.Node, record, show, output).ConfigureAwait(true);
                    return NodeOutcome.Completed(output);
                }

                progress.Publish();
                continue;
            }

            if (node.OnTimeout == ApprovalTimeoutAction.Escalate && node.Escalate is { } escalation && !wait.Escalated)
            {
                progress.StopWaiting(record, wait);
                wait.Escalated = true;
                wait.Approvers = [.. wait.Approvers!.Union(escalation.To)];
                wait.Until = context.CurrentUtcDateTime + escalation.After;
                await ReportAsync(ApprovalEventKind.Escalation, wait, show, outcome: null).ConfigureAwait(true);
                progress.Wait(record, wait);
                continue;
            }

            CancelNow(cancel);
            progress.StopWaiting(record, wait);
            var outcome = node.OnTimeout switch { ApprovalTimeoutAction.Approve => "approved", ApprovalTimeoutAction.Fail => "failed", _ => "rejected" };
            await ReportAsync(ApprovalEventKind.Timeout, wait, show, outcome).ConfigureAwait(true);
            return outcome == "failed"
                ? throw Failure(node, qualified, $"node '{qualified}': no decision within {IsoDuration.Format(node.Timeout!.Value)}")
                : NodeOutcome.Completed(ApprovalOutput(outcome == "approved", "timeout", [], show, wait.Votes!));
        }

        throw Failure(node, qualified, $"node '{qualified}': more than {MaxApprovalRounds} decisions arrived without reaching a result");
    }

    /// <summary>Counts a decision unless its operator may not decide here or already did (duplicates count once).</summary>
    private bool Count(ApprovalDecision decision, WaitInfo wait, JsonObject values, DateTime? at = null)
    {
        if (!Approver.AnyAdmits(wait.Approvers!, decision.By, decision.Roles) || wait.Votes!.Any(v => v.By == decision.By))
        {
            return false;
        }

        wait.Votes!.Add(new ApprovalVote(decision.By, decision.Approved, decision.Comment, at ?? context.CurrentUtcDateTime));
        foreach (var (name, value) in decision.Values ?? [])
        {
            if (values.ContainsKey(name))
            {
                values[name] = value?.DeepClone();
            }
        }

        return true;
    }

    private async Task ReportAsync(ApprovalEventKind kind, WaitInfo wait, JsonObject show, string? outcome)
    {
        var report = new ApprovalEvent(kind, RootRunId, wait.Node, [.. wait.Approvers!], (JsonObject)show.DeepClone(), wait.Until, outcome);
        try
        {
            await context.CallActivityAsync(RunNames.ApprovalEventActivity, report, TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(3, TimeSpan.FromSeconds(1)))).ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            // Notification and audit trouble must not decide an approval, but it must not disappear either.
            Log.ApprovalReportFailed(progress.Logger, context.InstanceId, kind.Name(), wait.Node, ex.FailureDetails?.ErrorMessage ?? ex.Message);
        }
    }

    private static JsonObject ApprovalOutput(bool approved, string decision, List<ApprovalVote> deciders, JsonObject values, IReadOnlyList<ApprovalVote> votes) => new()
    {
        ["approved"] = approved,
        ["decision"] = decision,
        ["by"] = deciders.Count == 0 ? null : string.Join(", ", deciders.Select(v => v.By)),
        ["comment"] = deciders.Select(v => v.Comment).OfType<string>().FirstOrDefault() is null ? null : string.Join(" | ", deciders.Select(v => v.Comment).OfType<string>()),
        ["values"] = values.DeepClone(),
        ["votes"] = new JsonArray([.. votes.Select(v => (JsonNode)new JsonObject { ["by"] = v.By, ["approved"] = v.Approved, ["comment"] = v.Comment, ["at"] = v.At })]),
        ["feedback"] = null,
    };

    /// <summary>Orchestrator code cancels synchronously: callbacks must run on the orchestration's own thread.</summary>
    private static void CancelNow(CancellationTokenSource source)
    {
#pragma warning disable CA1849
        source.Cancel();
#pragma warning restore CA1849
    }
}
