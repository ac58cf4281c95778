using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Activity nodes: render the node's templates, call its activity with retries and a timeout.</summary>
internal sealed partial class GraphInterpreter
{
    private const int MaxEffectResolutions = 10;

    /// <summary>First re-check of an effect in doubt without a resolution event; doubles up to <see cref="EffectRecheckMax"/>.</summary>
    private static readonly TimeSpan EffectRecheckFirst = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan EffectRecheckMax = TimeSpan.FromHours(1);

    private async Task<NodeOutcome> RunActivityAsync(WorkflowNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        // An llm prompt marks its untrusted parts (spotlighting) with markers derived from the run, node and visit, so
        // a replay renders the same prompt.
        var input = node is LlmNode llm
            ? await llm.RenderInputAsync(scope, Workflow, $"{runId}/{qualified}/{visit}").ConfigureAwait(true)
            : await node.RenderInputAsync(scope).ConfigureAwait(true);
        record.Input = input;
        var retries = node.Retry?.MaxRetries ?? 0;
        var backoff = node.Retry?.Backoff ?? TimeSpan.FromSeconds(1);
        var resolutions = 0;
        var rechecks = 0;
        var traceParent = Telemetry.TraceParent(qualified, visit);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                await BeforeModelRetryAsync(node, qualified, record).ConfigureAwait(true);
            }

            record.Attempts = attempt;
            var request = new NodeActivityRequest(index.Pinned.Pin, runId, qualified, node.Id, visit, attempt, input, TraceParent: traceParent, Replay: Replay is not null);
            string error;
            try
            {
                var output = await CallWithTimeoutAsync(node, request).ConfigureAwait(true);
                CountModelUsage(node, output);
                return NodeOutcome.Completed(output);
            }
            catch (TaskFailedException ex) when (IsEffectInDoubt(ex) && resolutions < MaxEffectResolutions)
            {
                // The tool may have acted without recording a result: never repeat it silently; wait for an operator.
                attempt--;
                if (await WaitForEffectResolutionAsync(qualified, record, ex.FailureDetails?.ErrorMessage ?? ex.Message, rechecks).ConfigureAwait(true))
                {
                    resolutions++;
                }
                else
                {
                    rechecks++;
                }

                continue;
            }
            catch (TaskFailedException ex)
            {
                error = ex.FailureDetails?.ErrorMessage ?? ex.Message;
            }
            catch (NodeTimeoutException ex)
            {
                error = ex.Message;
            }

            if (attempt > retries)
            {
                var tries = attempt == 1 ? string.Empty : $" after {attempt} attempts";
                throw Failure(node, qualified, $"node '{qualified}' ({NodeKinds.ToJson(node.Kind)}) failed{tries}: {WithoutNodePrefix(error, qualified)}");
            }

            await context.CreateTimer(backoff * Math.Pow(2, attempt - 1), CancellationToken.None).ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Executors name their node (<c>node 'x': ...</c>) so their messages stand alone in logs; the failure message
    /// names it already, so the prefix is dropped rather than printed twice.
    /// </summary>
    private static string WithoutNodePrefix(string error, string qualified)
    {
        var prefix = $"node '{qualified}': ";
        return error.StartsWith(prefix, StringComparison.Ordinal) ? error[prefix.Length..] : error;
    }

    /// <summary>
    /// Waits until an operator settles the effect: the resolution event, or (should the event have gone astray, e.g.
    /// raised before this wait was published) a periodic re-check of the ledger by retrying the activity.
    /// </summary>
    private async Task<bool> WaitForEffectResolutionAsync(string qualified, NodeRecord record, string reason, int recheck)
    {
        var wait = NewWait(WaitKind.Effect, qualified, RunNames.EffectPrefix + qualified);
        wait.Reason = reason;
        progress.Wait(record, wait);
        using var cancel = new CancellationTokenSource();
        var resolved = context.WaitForExternalEvent<EffectResolution>(wait.Event!, cancel.Token);
        using var timerCancel = new CancellationTokenSource();
        var delay = TimeSpan.FromTicks(Math.Min(EffectRecheckMax.Ticks, EffectRecheckFirst.Ticks << Math.Min(recheck, 16)));
        var timer = context.CreateTimer(context.CurrentUtcDateTime + delay, timerCancel.Token);
        var byEvent = await Task.WhenAny(resolved, timer).ConfigureAwait(true) == resolved;
        CancelNow(byEvent ? timerCancel : cancel);
        progress.StopWaiting(record, wait);
        return byEvent;
    }

    /// <summary>The activity failed because its effect is in doubt (the SDK matches the failure's exact exception type).</summary>
    private static bool IsEffectInDoubt(TaskFailedException ex) =>
        ex.FailureDetails?.IsCausedBy<Ledger.EffectInDoubtException>() == true;

    /// <summary>
    /// Calls the node's activity; with a <c>timeout</c>, races it against a durable timer so the retry/onError path goes
    /// on at the deadline whatever the executor does. Replay-safe: the deadline comes from the context's clock, and the
    /// history records whether the timer fired or the activity reported first, so a replay takes the same branch; a
    /// result that arrives after the timer won completes a task no one awaits any more, and is dropped.
    /// </summary>
    private async Task<JsonNode?> CallWithTimeoutAsync(WorkflowNode node, NodeActivityRequest request)
    {
        if (node.Timeout is not { } timeout)
        {
            return await context.CallActivityAsync<JsonNode?>(RunNames.NodeActivity(node.Kind), request).ConfigureAwait(true);
        }

        var deadline = context.CurrentUtcDateTime + timeout;
        var call = context.CallActivityAsync<JsonNode?>(RunNames.NodeActivity(node.Kind), request with { Deadline = deadline });
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, cancel.Token);
        if (await Task.WhenAny(call, timer).ConfigureAwait(true) == call)
        {
            // A pending timer would keep the orchestration open until it fires.
            CancelNow(cancel);
            return await call.ConfigureAwait(true);
        }

        throw new NodeTimeoutException(timeout);
    }
}
