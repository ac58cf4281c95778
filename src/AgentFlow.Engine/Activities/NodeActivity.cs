using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Definitions;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Activities;

/// <summary>
/// The durable activity behind every activity node: finds the node's executor and runs it. The executor's token is
/// the host's worker-stopping token (activity contexts carry none): when the worker stops without draining, the
/// executor is cancelled and the work item is handed back to be redelivered, rather than failing the node. With a
/// <see cref="NodeActivityRequest.Deadline"/>, the token is also cancelled at the deadline, and the activity reports
/// the timeout then even if the executor ignores its token (it is left to finish in the background, its result
/// dropped), because Durable Task would otherwise hold the whole orchestration open until the executor returns.
/// </summary>
internal sealed class NodeActivity(DefinitionCache definitions, NodeExecutorRegistry executors, CancellationToken stopping, TimeProvider? clock = null)
    : TaskActivity<NodeActivityRequest, JsonNode?>
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public override async Task<JsonNode?> RunAsync(TaskActivityContext context, NodeActivityRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = definitions.Get(input.Pin);
        var node = index.Node(input.DefinitionNodeId);
        var executor = executors.Get(node.Kind, input.NodeId);
        var timeout = node.Timeout ?? TimeSpan.Zero;
        var left = input.Deadline is { } deadline ? deadline - _clock.GetUtcNow().UtcDateTime : System.Threading.Timeout.InfiniteTimeSpan;
        if (input.Deadline is not null && left <= TimeSpan.Zero)
        {
            // Delivered after the orchestration stopped waiting for it (a busy or restarted worker): do not act late.
            throw new NodeTimeoutException(timeout);
        }

        using var expiry = new CancellationTokenSource(left, _clock);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping, expiry.Token);

        var work = executor.ExecuteAsync(
            new NodeExecutionContext
            {
                RunId = input.RunId,
                NodeId = input.NodeId,
                Iteration = input.Iteration,
                Attempt = input.Attempt,
                Workflow = index.Definition,
                WorkflowFile = index.Pinned.SourceFile,
                Node = node,
                Input = input.Input,
                TraceParent = SpanIds.Parse(input.TraceParent),
                Replay = input.Replay,
            },
            attempt.Token);
        try
        {
            if (input.Deadline is not null)
            {
                var cancelled = Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, _clock, attempt.Token);
                if (await Task.WhenAny(work, cancelled).ConfigureAwait(false) != work)
                {
                    Abandon(work);
                    attempt.Token.ThrowIfCancellationRequested();
                }
            }

            return await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stopping.IsCancellationRequested)
        {
            // The Durable Task dispatcher abandons (not fails) a work item whose activity throws this.
            throw new SessionAbortedException($"node '{input.NodeId}': the worker stopped before the node finished; it runs again on redelivery", ex);
        }
        catch (OperationCanceledException ex) when (attempt.IsCancellationRequested)
        {
            throw new NodeTimeoutException(NodeTimeoutException.Describe(timeout), ex);
        }
    }

    /// <summary>Leaves an executor that ignored its token to finish on its own; its failure is observed, not raised.</summary>
    private static void Abandon(Task<JsonNode?> work) =>
        _ = work.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
