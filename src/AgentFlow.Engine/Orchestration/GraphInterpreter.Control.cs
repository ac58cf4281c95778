using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Nodes the orchestrator runs itself: wait, approval and workflow (sub-run).</summary>
internal sealed partial class GraphInterpreter
{
    /// <summary>Prefix of the external event that decides an approval node.</summary>
    public const string ApprovalEventPrefix = "approval:";

    private async Task<NodeOutcome> WaitAsync(WaitNode node, string qualified, RunScope scope, NodeRecord record)
    {
        DateTime until;
        if (node.For is { } duration)
        {
            until = context.CurrentUtcDateTime + duration;
        }
        else
        {
            var text = await RenderTextAsync(node.Until ?? string.Empty, scope).ConfigureAwait(true);
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                throw Failure(node, qualified, $"node '{qualified}': 'until' gave '{text}', which is not a timestamp (use ISO-8601, e.g. 2026-12-01T09:00:00Z)");
            }

            until = when.UtcDateTime;
        }

        record.Input = new JsonObject { ["until"] = until.ToString("O", CultureInfo.InvariantCulture) };
        if (until > context.CurrentUtcDateTime)
        {
            var wait = new WaitInfo { Kind = "timer", Node = qualified, Until = until };
            progress.Wait(record, wait);
            await context.CreateTimer(until, CancellationToken.None).ConfigureAwait(true);
            progress.StopWaiting(record, wait);
        }

        return NodeOutcome.NoOutput;
    }

    private async Task<NodeOutcome> ApproveAsync(ApprovalNode node, string qualified, RunScope scope, NodeRecord record)
    {
        // Rendered once and kept: operators decide on exactly what later nodes will use.
        var show = await RenderAsync(node.Show, scope).ConfigureAwait(true) as JsonObject ?? [];
        record.Input = show.DeepClone();
        DateTime? deadline = node.Timeout is { } timeout ? context.CurrentUtcDateTime + timeout : null;
        var wait = new WaitInfo
        {
            Kind = "approval",
            Node = qualified,
            Event = ApprovalEventPrefix + qualified,
            Until = deadline,
            Approvers = node.Approvers,
            Show = show.DeepClone(),
        };
        progress.Wait(record, wait);
        using var cancel = new CancellationTokenSource();
        var decision = context.WaitForExternalEvent<ApprovalDecision>(wait.Event, cancel.Token);
        if (node.Escalate is { } escalation && node.OnTimeout == "escalate")
        {
            var escalated = context.CreateTimer(context.CurrentUtcDateTime + escalation.After, cancel.Token);
            if (await Task.WhenAny(decision, escalated).ConfigureAwait(true) == escalated)
            {
                wait.Approvers = [.. node.Approvers, .. escalation.To.Except(node.Approvers, StringComparer.Ordinal)];
                progress.Publish();
            }
        }

        var expired = deadline is { } d ? context.CreateTimer(d, cancel.Token) : null;
        Task[] waits = expired is null ? [decision] : [decision, expired];
        var first = await Task.WhenAny(waits).ConfigureAwait(true);
        progress.StopWaiting(record, wait);
        if (first == decision)
        {
            var result = await decision.ConfigureAwait(true);

            // Orchestrator code cancels synchronously: callbacks must run on the orchestration's own thread.
#pragma warning disable CA1849
            cancel.Cancel();
#pragma warning restore CA1849
            var values = show.DeepClone().AsObject();
            foreach (var (name, value) in result.Values ?? [])
            {
                values[name] = value?.DeepClone();
            }

            return NodeOutcome.Completed(ApprovalOutput(result.Approved, result.Approved ? "approved" : "rejected", result.By, result.Comment, values));
        }

        return node.OnTimeout switch
        {
            "approve" => NodeOutcome.Completed(ApprovalOutput(true, "timeout", null, null, show)),
            "fail" => throw Failure(node, qualified, $"node '{qualified}': no decision within {IsoDuration.Format(node.Timeout!.Value)}"),
            _ => NodeOutcome.Completed(ApprovalOutput(false, "timeout", null, null, show)),
        };
    }

    private static JsonObject ApprovalOutput(bool approved, string decision, string? by, string? comment, JsonObject values) => new()
    {
        ["approved"] = approved,
        ["decision"] = decision,
        ["by"] = by,
        ["comment"] = comment,
        ["values"] = values,
    };

    private async Task<NodeOutcome> CallWorkflowAsync(WorkflowCallNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        var inputs = await RenderAsync(node.Inputs, scope).ConfigureAwait(true) as JsonObject ?? [];
        record.Input = inputs.DeepClone();
        var pin = index.Pinned.Links.TryGetValue(node.Id, out var linked)
            ? linked
            : throw Failure(node, qualified, $"node '{qualified}': the pinned definition has no sub-workflow for this node");
        var child = ChildInstanceId(qualified, visit);
        record.ChildRunId = child;
        try
        {
            var result = await context.CallSubOrchestratorAsync<RunResult>(
                GraphOrchestrator.Name,
                new RunRequest(pin, inputs, context.InstanceId),
                new TaskOptions(retry: null).WithInstanceId(child)).ConfigureAwait(true);
            return NodeOutcome.Completed(result?.Output);
        }
        catch (TaskFailedException ex)
        {
            throw Failure(node, qualified, $"node '{qualified}': sub-workflow '{node.Path}' (run {child}) failed: {ex.FailureDetails?.ErrorMessage ?? ex.Message}");
        }
    }
}
