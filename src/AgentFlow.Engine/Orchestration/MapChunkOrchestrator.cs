using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

// DURABLE0010 cannot see that the logger used here is the context's replay-safe logger (ProgressTracker creates it
// with CreateReplaySafeLogger and hands it on), so it is a false positive in this file.
#pragma warning disable DURABLE0010

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// The <c>agentflow.map</c> orchestration: runs one chunk of a long map's items, so the parent run's history grows
/// with the number of chunks, not items. Returns the items' results in order, and what the chunk spent (usage, steps)
/// so the run counts it; it checks the run's budget with what the run had spent when the chunk started.
/// </summary>
internal sealed class MapChunkOrchestrator(DefinitionCache definitions) : TaskOrchestrator<MapChunkRequest, MapChunkResult>
{
    public override async Task<MapChunkResult> RunAsync(TaskOrchestrationContext context, MapChunkRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var index = definitions.Get(input.Pin);
        var map = (MapNode)index.Node(input.MapNode);
        var progress = new ProgressTracker(context, new RunProgress { Workflow = index.Definition.Name, Pin = input.Pin });
        var interpreter = new GraphInterpreter(context, index, input.RunId, input.Path ?? string.Empty, progress)
        {
            Telemetry = RunTelemetry.ForChunk(context, input, index.Definition.Name, progress.Logger),
            Replay = input.Replay,
        };
        interpreter.ResumeBudget(input.Budget);
        try
        {
            var scope = RunScope.Root(input.State);
            if (input.Replay is { Forked: true })
            {
                scope.Fork();
            }

            var results = await interpreter.RunItemsAsync(map, input.MapQualifiedId, input.Items, input.FirstIndex, input.Concurrency, scope, itemDone: null).ConfigureAwait(true);
            return new MapChunkResult(new JsonArray([.. results]), interpreter.BudgetSpent());
        }
        catch (NodeFailedException ex)
        {
            throw new WorkflowRunFailedException(ex.Message);
        }
    }
}
