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
    /// <summary>Durable activity name for an activity node kind.</summary>
    public static string ActivityName(NodeKind kind) => "agentflow.node." + NodeKinds.ToJson(kind);

    /// <summary>Prefix of the event an operator raises to resolve a tool effect in doubt.</summary>
    public const string EffectEventPrefix = RunEvents.EffectPrefix;

    private const int MaxEffectResolutions = 10;

    private async Task<NodeOutcome> RunActivityAsync(WorkflowNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        var input = await RenderInputAsync(node, scope).ConfigureAwait(true);
        record.Input = input;
        var retries = node.Retry?.MaxRetries ?? 0;
        var backoff = node.Retry?.Backoff ?? TimeSpan.FromSeconds(1);
        var resolutions = 0;
        for (var attempt = 1; ; attempt++)
        {
            record.Attempts = attempt;
            var request = new NodeActivityRequest(index.Pinned.Pin, runId, qualified, node.Id, visit, attempt, input);
            string error;
            try
            {
                return NodeOutcome.Completed(await CallWithTimeoutAsync(node, request).ConfigureAwait(true));
            }
            catch (TaskFailedException ex) when (IsEffectInDoubt(ex) && resolutions < MaxEffectResolutions)
            {
                // The tool may have acted without recording a result: never repeat it silently; wait for an operator.
                resolutions++;
                attempt--;
                await WaitForEffectResolutionAsync(qualified, record, ex.FailureDetails?.ErrorMessage ?? ex.Message).ConfigureAwait(true);
                continue;
            }
            catch (TaskFailedException ex)
            {
                error = ex.FailureDetails?.ErrorMessage ?? ex.Message;
            }
            catch (TimeoutException ex)
            {
                error = ex.Message;
            }

            if (attempt > retries)
            {
                var tries = attempt == 1 ? string.Empty : $" after {attempt} attempts";
                throw Failure(node, qualified, $"node '{qualified}' ({NodeKinds.ToJson(node.Kind)}) failed{tries}: {error}");
            }

            await context.CreateTimer(backoff * Math.Pow(2, attempt - 1), CancellationToken.None).ConfigureAwait(true);
        }
    }

    private async Task WaitForEffectResolutionAsync(string qualified, NodeRecord record, string reason)
    {
        var wait = new WaitInfo { Kind = "effect", Node = qualified, Event = EffectEventPrefix + qualified, Reason = reason };
        progress.Wait(record, wait);
        await context.WaitForExternalEvent<EffectResolution>(wait.Event).ConfigureAwait(true);
        progress.StopWaiting(record, wait);
    }

    private static bool IsEffectInDoubt(TaskFailedException ex) =>
        ex.FailureDetails?.ErrorType?.EndsWith(".EffectInDoubtException", StringComparison.Ordinal) == true;

    private async Task<JsonNode?> CallWithTimeoutAsync(WorkflowNode node, NodeActivityRequest request)
    {
        var call = context.CallActivityAsync<JsonNode?>(ActivityName(node.Kind), request);
        if (node.Timeout is not { } timeout)
        {
            return await call.ConfigureAwait(true);
        }

        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(context.CurrentUtcDateTime + timeout, cancel.Token);
        if (await Task.WhenAny(call, timer).ConfigureAwait(true) == call)
        {
            CancelNow(cancel);
            return await call.ConfigureAwait(true);
        }

        throw new TimeoutException($"timed out after {IsoDuration.Format(timeout)} (the node's timeout)");
    }

    private static async Task<JsonObject> RenderInputAsync(WorkflowNode node, RunScope scope) => node switch
    {
        LlmNode llm => new JsonObject { ["prompt"] = await TemplateEngine.RenderAsync(llm.Prompt, scope).ConfigureAwait(true) },
        RetrieveNode retrieve => new JsonObject { ["query"] = await TemplateEngine.RenderAsync(retrieve.Query, scope).ConfigureAwait(true) },
        ToolNode tool => new JsonObject { ["args"] = await RenderAsync(tool.Args, scope).ConfigureAwait(true) ?? new JsonObject() },
        RecallNode recall => new JsonObject { ["query"] = await TemplateEngine.RenderAsync(recall.Query, scope).ConfigureAwait(true) },
        RememberNode remember => new JsonObject
        {
            ["text"] = await TemplateEngine.RenderAsync(remember.Text, scope).ConfigureAwait(true),
            ["metadata"] = await RenderAsync(remember.Metadata, scope).ConfigureAwait(true),
        },
        _ => throw new InvalidOperationException($"node kind {node.Kind} is not an activity"),
    };
}
