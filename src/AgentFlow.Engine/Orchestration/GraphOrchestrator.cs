using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

// DURABLE0010 cannot see that the logger used here is the context's replay-safe logger (ProgressTracker creates it
// with CreateReplaySafeLogger and hands it on), so it is a false positive in this file.
#pragma warning disable DURABLE0010

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// The <c>agentflow.run</c> orchestration: runs one pinned workflow from <c>start</c> to its end, publishing progress
/// as custom status, and returns the rendered output with the timeline. A failing run throws, so the orchestration
/// ends <c>Failed</c> with a message that names the node.
/// </summary>
internal sealed class GraphOrchestrator(DefinitionCache definitions) : TaskOrchestrator<RunRequest, RunResult>
{
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var index = definitions.Get(input.Pin);
        var progress = new ProgressTracker(context, new RunProgress { Workflow = index.Definition.Name, Pin = input.Pin, Origin = input.Origin, Fork = input.ParentRunId is null ? input.Replay?.Fork : null });
        progress.Publish();
        Log.RunStarted(progress.Logger, context.InstanceId, index.Definition.Name);
        var startedAt = context.CurrentUtcDateTime;
        var telemetry = RunTelemetry.ForRun(context, input, index.Definition.Name, progress.Logger);
        telemetry.RunStarted();
        var interpreter = new GraphInterpreter(context, index, context.InstanceId, input.Path ?? string.Empty, progress) { Telemetry = telemetry, Replay = input.Replay };
        try
        {
            // Child runs get their inputs from templates, so check them here too (top-level runs were checked before starting).
            var inputs = RunInputs.Bind(index.Definition, input.Inputs);
            var scope = RunScope.Root(new JsonObject
            {
                ["inputs"] = inputs,
                ["run"] = new JsonObject
                {
                    ["id"] = context.InstanceId,
                    ["startedAt"] = context.CurrentUtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    ["workflow"] = index.Definition.Name,
                },
            });
            if (input.Replay is { Forked: true })
            {
                scope.Fork();
            }

            var last = await interpreter.RunPathAsync(index.Definition.Nodes, index.Definition.Start, null, scope).ConfigureAwait(true);
            var output = await interpreter.RenderOutputAsync(scope, last).ConfigureAwait(true);
            progress.Publish();
            Log.RunCompleted(progress.Logger, context.InstanceId, progress.Timeline.Count);
            telemetry.RunEnded(startedAt, progress.Usage, error: null);
            return new RunResult(output, progress.Timeline, progress.Usage);
        }
        catch (NodeFailedException ex)
        {
            progress.RunFailed(ex.Message);
            telemetry.RunEnded(startedAt, progress.Usage, ex.Message);
            throw new WorkflowRunFailedException(ex.Message);
        }
        catch (RunInputException ex)
        {
            progress.RunFailed(ex.Message);
            telemetry.RunEnded(startedAt, progress.Usage, ex.Message);
            throw new WorkflowRunFailedException(ex.Message);
        }
    }
}
