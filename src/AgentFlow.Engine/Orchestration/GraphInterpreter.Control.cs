using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Nodes the orchestrator runs itself: wait and workflow (sub-run).</summary>
internal sealed partial class GraphInterpreter
{
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
            var wait = NewWait(WaitKind.Timer, qualified, eventName: null);
            wait.Until = until;
            progress.Wait(record, wait);
            await context.CreateTimer(until, CancellationToken.None).ConfigureAwait(true);
            progress.StopWaiting(record, wait);
        }

        return NodeOutcome.NoOutput;
    }

    private async Task<NodeOutcome> CallWorkflowAsync(WorkflowCallNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        var inputs = await RenderAsync(node.Inputs, scope).ConfigureAwait(true) as JsonObject ?? [];
        record.Input = inputs.DeepClone();
        var pin = index.Pinned.Links.TryGetValue(node.Id, out var linked)
            ? linked
            : throw Failure(node, qualified, $"node '{qualified}': the pinned definition has no sub-workflow for this node");
        var child = ChildInstanceId(qualified, visit);
        record.ChildRunId = child;
        progress.ChildStarted(child);
        try
        {
            var result = await context.CallSubOrchestratorAsync<RunResult>(
                RunNames.RunOrchestration,
                new RunRequest(pin, inputs, context.InstanceId, Path: UserPath(qualified) + ".", Trace: Telemetry.ChildRun(child, qualified, visit), Replay: Replay?.ForSubRun(child, scope.Forked)),
                new TaskOptions(retry: null).WithInstanceId(child)).ConfigureAwait(true);

            // The child's spend counts against this run's budget from here on (a sub-run has its own while it runs).
            if (result?.Usage is { } usage)
            {
                progress.AddUsage(usage);
            }

            return NodeOutcome.Completed(result?.Output);
        }
        catch (TaskFailedException ex)
        {
            throw Failure(node, qualified, $"node '{qualified}': sub-workflow '{node.Path}' (run {child}) failed: {ex.FailureDetails?.ErrorMessage ?? ex.Message}");
        }
        finally
        {
            progress.ChildEnded(child);
        }
    }
}
