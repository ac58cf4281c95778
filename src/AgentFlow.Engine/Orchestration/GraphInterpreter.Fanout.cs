using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Fan-out nodes: parallel branches and map items (inline, or in chunk sub-orchestrations for long lists).</summary>
internal sealed partial class GraphInterpreter
{
    /// <summary>Lists longer than this run in chunk sub-orchestrations, so no history grows with the list.</summary>
    internal const int ChunkSize = 100;

    private async Task<NodeOutcome> ForkAsync(ParallelNode node, IReadOnlyDictionary<string, WorkflowNode> graph, RunScope scope)
    {
        await Task.WhenAll(node.Branches.Select(branch => RunPathAsync(graph, branch, node.Join, scope))).ConfigureAwait(true);
        return NodeOutcome.Jump(node.Join);
    }

    private async Task<NodeOutcome> MapAsync(MapNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        var items = await TemplateEngine.EvaluateExpressionAsync(node.Items, scope).ConfigureAwait(true) switch
        {
            JsonArray list => list,
            null => throw Failure(node, qualified, $"node '{qualified}': items '{node.Items}' is empty (nil); it must give a list"),
            var other => throw Failure(node, qualified, $"node '{qualified}': items '{node.Items}' gave {other.GetValueKind().ToString().ToLowerInvariant()}, not a list"),
        };
        record.ItemsTotal = items.Count;
        Telemetry.MapStarted(qualified, visit);
        record.ItemsDone = 0;
        var results = items.Count <= ChunkSize
            ? await RunItemsAsync(node, qualified, items, 0, node.Concurrency, scope, () => ItemDone(record)).ConfigureAwait(true)
            : await RunChunksAsync(node, qualified, visit, items, scope, record).ConfigureAwait(true);
        PassForkPoint(node, scope);
        return NodeOutcome.Completed(new JsonObject { ["items"] = new JsonArray([.. results]) });
    }

    /// <summary>Runs items with at most <c>concurrency</c> in flight; results are in item order.</summary>
    public async Task<JsonNode?[]> RunItemsAsync(MapNode node, string qualified, JsonArray items, int firstIndex, int concurrency, RunScope scope, Action? itemDone)
    {
        var results = new JsonNode?[items.Count];
        var next = 0;
        async Task LaneAsync()
        {
            while (next < items.Count)
            {
                var i = next++;
                var itemScope = scope.Item(qualified, firstIndex + i, node.As, items[i], node.Body.IsInline ? node.Body.Start : null);
                try
                {
                    var last = await RunPathAsync(node.Body.Nodes, node.Body.Start, null, itemScope).ConfigureAwait(true);
                    results[i] = last?.DeepClone();
                }
                catch (NodeFailedException ex)
                {
                    // A failure inside the item names its node by item path already (each[3].ok); say the item only otherwise.
                    throw Failure(node, qualified, ex.Message.StartsWith($"node '{qualified}[{firstIndex + i}]", StringComparison.Ordinal) ? ex.Message : $"node '{qualified}' item {firstIndex + i}: {ex.Message}");
                }

                itemDone?.Invoke();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, items.Count))).Select(_ => LaneAsync())).ConfigureAwait(true);
        return results;
    }

    private async Task<JsonNode?[]> RunChunksAsync(MapNode node, string qualified, int visit, JsonArray items, RunScope scope, NodeRecord record)
    {
        var chunks = (items.Count + ChunkSize - 1) / ChunkSize;

        // Each chunk runs its share of `concurrency` itself; run as many chunks at once as that share allows.
        var lanes = Math.Clamp((node.Concurrency + ChunkSize - 1) / ChunkSize, 1, chunks);
        var perChunk = (node.Concurrency + lanes - 1) / lanes;
        var results = new JsonNode?[items.Count];
        var state = scope.Snapshot();
        var next = 0;
        async Task LaneAsync()
        {
            while (next < chunks)
            {
                var c = next++;
                var first = c * ChunkSize;
                var slice = new JsonArray([.. items.Skip(first).Take(ChunkSize).Select(i => i?.DeepClone())]);
                var chunk = ChildInstanceId(qualified, visit, $".part{c}");
                var request = new MapChunkRequest(index.Pinned.Pin, runId, node.Id, qualified, state, slice, first, perChunk, path, Telemetry.TraceParent(qualified, visit), _budget.IsEmpty ? null : _budget.Export(), Replay?.ForChunk(runId, chunk, qualified, first, slice.Count, scope.Forked));
                MapChunkResult result;
                progress.ChildStarted(chunk);
                try
                {
                    result = MapChunkResult.Read(await context.CallSubOrchestratorAsync<JsonNode?>(
                        RunNames.MapOrchestration,
                        request,
                        new TaskOptions(retry: null).WithInstanceId(chunk)).ConfigureAwait(true));
                }
                catch (TaskFailedException ex)
                {
                    throw Failure(node, qualified, ex.FailureDetails?.ErrorMessage ?? ex.Message);
                }
                finally
                {
                    progress.ChildEnded(chunk);
                }

                CountChunk(result.Spent);
                for (var i = 0; i < slice.Count; i++)
                {
                    results[first + i] = i < result.Items.Count ? result.Items[i]?.DeepClone() : null;
                }

                record.ItemsDone += slice.Count;
                progress.Publish();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, lanes).Select(_ => LaneAsync())).ConfigureAwait(true);
        return results;
    }

    private void ItemDone(NodeRecord record)
    {
        record.ItemsDone++;
        progress.Publish();
    }
}
