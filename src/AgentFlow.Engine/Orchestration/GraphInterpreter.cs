using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Walks a workflow graph inside an orchestration. Deterministic: it reads only the pinned definition, the run's
/// state and durable results; every side effect is an activity, a timer, an event or a sub-orchestration.
/// </summary>
/// <param name="context">The orchestration context.</param>
/// <param name="index">The pinned definition.</param>
/// <param name="runId">The run whose idempotency keys this orchestration uses (a map chunk uses its run's).</param>
/// <param name="path">Path of this run's nodes as a user addresses them from the top-level run (empty there, <c>call.</c> in a sub-run).</param>
/// <param name="progress">Where progress is published.</param>
internal sealed partial class GraphInterpreter(TaskOrchestrationContext context, DefinitionIndex index, string runId, string path, ProgressTracker progress)
{
    private int _visits;

    public WorkflowDefinition Workflow => index.Definition;

    /// <summary>The run's spans and metrics (see <see cref="RunTelemetry"/>).</summary>
    public required RunTelemetry Telemetry { get; init; }

    /// <summary>The top-level run a user started: approvals and audit records name it, with <see cref="UserPath"/>.</summary>
    private string RootRunId => RunIds.Root(context.InstanceId);

    /// <summary>How a user addresses the node <paramref name="qualified"/> of this orchestration from the top-level run.</summary>
    private string UserPath(string qualified) => path + qualified;

    /// <summary>Describes a wait of this orchestration so a client can find it and raise its event here, at any depth.</summary>
    private WaitInfo NewWait(WaitKind kind, string qualified, string? eventName) => new()
    {
        Kind = kind,
        Node = UserPath(qualified),
        Event = eventName,
        Instance = context.InstanceId,
        Run = runId,
    };

    /// <summary>Runs a path from <paramref name="start"/> until it ends or reaches <paramref name="stopAt"/>; returns the last output.</summary>
    public async Task<JsonNode?> RunPathAsync(IReadOnlyDictionary<string, WorkflowNode> graph, string start, string? stopAt, RunScope scope)
    {
        JsonNode? last = null;
        string? current = start;
        while (current is not null && current != stopAt)
        {
            var node = graph[current];
            var qualified = scope.Qualify(node.Id);
            var visit = scope.Visit(node.Id);
            if (++_visits > WorkflowLimits.MaxVisitsPerRun)
            {
                throw new NodeFailedException(scope.Qualify(node.Id), NodeKinds.ToJson(node.Kind), $"the run would execute more than {WorkflowLimits.MaxVisitsPerRun:N0} nodes (the per-run limit); lower a maxVisits, or split the work into sub-workflows or map items", routable: false);
            }

            await BeforeNodeAsync(node, qualified).ConfigureAwait(true);
            PassForkPoint(node, scope);
            // A fork lists its map items' visits too: reused ones leave no activity in its history for a diff to find.
            var record = progress.Start(qualified, node.Kind, visit, visible: scope.Prefix.Length == 0 || Replay is not null);
            string? next;
            try
            {
                if (node.MaxVisits is { } max && visit > max)
                {
                    throw Failure(node, qualified, $"node '{qualified}' would run a {Ordinal(visit)} time, but its maxVisits is {max}");
                }

                var outcome = await ExecuteAsync(node, graph, qualified, visit, scope, record).ConfigureAwait(true);
                if (outcome.HasOutput)
                {
                    scope.Set(node.Id, outcome.Output);
                    last = outcome.Output;
                }

                progress.Complete(record, outcome.Output);
                Telemetry.NodeEnded(record, scope.Prefix, FindingsOf(node, outcome.Output));
                next = outcome.Ends ? null : outcome.Next ?? await ChooseNextAsync(node, scope).ConfigureAwait(true);
            }
            catch (NodeFailedException failure)
            {
                progress.Fail(record, failure.Message);
                Telemetry.NodeEnded(record, scope.Prefix, failure.Findings);
                if (node.OnError is null || !failure.Routable)
                {
                    throw;
                }

                scope.Set("error", new JsonObject { ["node"] = failure.Node, ["kind"] = failure.Kind, ["message"] = failure.Message });
                next = node.OnError;
            }

            current = next;
        }

        return last;
    }

    /// <summary>Renders the workflow's <c>output</c>; without one, the run's output is the last node output.</summary>
    public async Task<JsonNode?> RenderOutputAsync(RunScope scope, JsonNode? last)
    {
        if (Workflow.Output is not { } output)
        {
            return last?.DeepClone();
        }

        try
        {
            return await TemplateEngine.RenderValueAsync(output, scope).ConfigureAwait(true);
        }
        catch (TemplateException ex)
        {
            throw new NodeFailedException("output", "output", $"the workflow output could not be rendered: {ex.Message}", routable: false);
        }
    }

    private async Task<NodeOutcome> ExecuteAsync(WorkflowNode node, IReadOnlyDictionary<string, WorkflowNode> graph, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        try
        {
            return node switch
            {
                SetNode set => NodeOutcome.Completed(await RenderAsync(set.Values, scope).ConfigureAwait(true)),
                SwitchNode => NodeOutcome.NoOutput,
                EndNode => NodeOutcome.End,
                FailNode fail => throw new NodeFailedException(qualified, "fail", await RenderTextAsync(fail.Message, scope).ConfigureAwait(true), routable: false),
                WaitNode when Replay is not null => SkipTimer(record),
                ApprovalNode approval when Replay?.Find(runId, qualified, visit) is { } recorded => await ReplayApprovalAsync(approval, qualified, scope, record, recorded).ConfigureAwait(true),
                WaitNode wait => await WaitAsync(wait, qualified, scope, record).ConfigureAwait(true),
                ApprovalNode approval => await ApproveAsync(approval, qualified, scope, record).ConfigureAwait(true),
                WorkflowCallNode call => await CallWorkflowAsync(call, qualified, visit, scope, record).ConfigureAwait(true),
                ParallelNode parallel => await ForkAsync(parallel, graph, scope).ConfigureAwait(true),
                MapNode map => await MapAsync(map, qualified, visit, scope, record).ConfigureAwait(true),
                GuardNode or LlmNode when Replay is not null => await EnforceGuardsAsync(node, qualified, record, await ReplayActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true)).ConfigureAwait(true),
                GuardNode or LlmNode => await EnforceGuardsAsync(node, qualified, record, await RunBudgetedActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true)).ConfigureAwait(true),
                _ when Replay is not null => await ReplayActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true),
                _ => await RunBudgetedActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true),
            };
        }
        catch (TemplateException ex)
        {
            throw Failure(node, qualified, $"node '{qualified}': {ex.Message}");
        }
    }

    private static async Task<string?> ChooseNextAsync(WorkflowNode node, RunScope scope)
    {
        foreach (var transition in node.Next)
        {
            if (transition.When is null)
            {
                return transition.To;
            }

            try
            {
                if (await TemplateEngine.EvaluateConditionAsync(transition.When, scope).ConfigureAwait(true))
                {
                    return transition.To;
                }
            }
            catch (TemplateException ex)
            {
                throw Failure(node, scope.Qualify(node.Id), $"node '{scope.Qualify(node.Id)}': condition '{transition.When}' failed: {ex.Message}");
            }
        }

        return null;
    }

    private static async Task<JsonNode?> RenderAsync(System.Text.Json.JsonElement? value, RunScope scope) =>
        value is { } v ? await TemplateEngine.RenderValueAsync(v, scope).ConfigureAwait(true) : null;

    private static async Task<string> RenderTextAsync(string template, RunScope scope)
    {
        var value = await TemplateEngine.RenderAsync(template, scope).ConfigureAwait(true);
        return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
    }

    private static NodeFailedException Failure(WorkflowNode node, string qualified, string message) =>
        new(qualified, NodeKinds.ToJson(node.Kind), message);

    private string ChildInstanceId(string qualified, int visit, string? suffix = null)
    {
        var id = qualified.Replace('[', '.').Replace("]", string.Empty, StringComparison.Ordinal);
        return $"{context.InstanceId}:{id}.{visit}{suffix}";
    }

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };
}
