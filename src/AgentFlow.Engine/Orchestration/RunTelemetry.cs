using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Telemetry;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

// DURABLE0010 cannot see that the logger used here is the context's replay-safe logger (ProgressTracker creates it
// with CreateReplaySafeLogger and hands it on), so it is a false positive in this file.
#pragma warning disable DURABLE0010

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Spans and metrics of one orchestration (a run, a sub-run or a map chunk). A durable orchestration runs its code
/// again on every turn, replaying history; everything here is emitted only by the turn that is not replaying when a
/// node or the run ends, so each node visit has one span however often it is replayed or resumed, in any process.
/// Span ids come from stable keys: the run span's from the run's <see cref="RunTraceContext"/>, a node visit's from
/// <c>trace/run/node/iteration</c> (<see cref="SpanIds"/>), so an executor's spans name their node span as parent
/// before it exists. With no listener on <see cref="AgentFlowTelemetry.Source"/> no span is built.
/// </summary>
internal sealed class RunTelemetry
{
    private readonly TaskOrchestrationContext _context;
    private readonly string _runId;
    private readonly string _path;
    private readonly string _workflow;
    private readonly ILogger _logger;

    /// <summary>The span of each map node in flight, by qualified id: the parent of its items' nodes.</summary>
    private readonly Dictionary<string, ActivitySpanId> _maps = new(StringComparer.Ordinal);

    private RunTelemetry(TaskOrchestrationContext context, string runId, string path, string workflow, ILogger logger, ActivityTraceId trace, ActivitySpanId runSpan, ActivitySpanId runParent)
    {
        _context = context;
        _runId = runId;
        _path = path;
        _workflow = workflow;
        _logger = logger;
        Trace = trace;
        RunSpan = runSpan;
        RunParent = runParent;
    }

    /// <summary>The run's trace.</summary>
    public ActivityTraceId Trace { get; }

    /// <summary>The run's own span: the parent of its top-level node spans.</summary>
    public ActivitySpanId RunSpan { get; }

    /// <summary>The span the run span hangs under (a sub-run's calling node, an HTTP request); default for none.</summary>
    public ActivitySpanId RunParent { get; }

    /// <summary>The telemetry of the <c>agentflow.run</c> orchestration (a run or a sub-run).</summary>
    public static RunTelemetry ForRun(TaskOrchestrationContext context, RunRequest input, string workflow, ILogger logger)
    {
        var (trace, span, parent) = RunTraces.Resolve(input.Trace, context.InstanceId);
        return new RunTelemetry(context, context.InstanceId, input.Path ?? string.Empty, workflow, logger, trace, span, parent);
    }

    /// <summary>The telemetry of a map chunk: its items' nodes hang under the map node's span (<see cref="MapChunkRequest.TraceParent"/>).</summary>
    public static RunTelemetry ForChunk(TaskOrchestrationContext context, MapChunkRequest input, string workflow, ILogger logger)
    {
        var map = SpanIds.Parse(input.TraceParent);
        var (trace, runSpan, _) = RunTraces.Resolve(null, input.RunId);
        var telemetry = map.TraceId == default
            ? new RunTelemetry(context, input.RunId, input.Path ?? string.Empty, workflow, logger, trace, runSpan, default)
            : new RunTelemetry(context, input.RunId, input.Path ?? string.Empty, workflow, logger, map.TraceId, map.SpanId, default);
        telemetry._maps[input.MapQualifiedId] = telemetry.RunSpan;
        return telemetry;
    }

    /// <summary>The span of the visit <paramref name="iteration"/> of node <paramref name="qualified"/> of this run.</summary>
    public ActivitySpanId NodeSpan(string qualified, int iteration) =>
        SpanIds.Span(string.Create(CultureInfo.InvariantCulture, $"{Trace.ToHexString()}/{_runId}/{qualified}/{iteration}"));

    /// <summary>The W3C <c>traceparent</c> of a node visit's span, handed to its activity and to a map chunk.</summary>
    public string TraceParent(string qualified, int iteration) => SpanIds.TraceParent(Trace, NodeSpan(qualified, iteration));

    /// <summary>The trace context of the sub-run <paramref name="childRunId"/> called by a node visit: same trace, under the node's span.</summary>
    public RunTraceContext ChildRun(string childRunId, string qualified, int iteration) =>
        new(SpanIds.TraceParent(Trace, SpanIds.Span($"{Trace.ToHexString()}/{childRunId}/run")), NodeSpan(qualified, iteration).ToHexString());

    /// <summary>A map node visit starts: the nodes of its items hang under its span.</summary>
    public void MapStarted(string qualified, int iteration) => _maps[qualified] = NodeSpan(qualified, iteration);

    /// <summary>Counts the run as started, once (its first turn is the only one that does not replay the start).</summary>
    public void RunStarted()
    {
        if (!_context.IsReplaying)
        {
            AgentFlowMetrics.RunsStarted.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Workflow, _workflow));
        }
    }

    /// <summary>A node visit ended (completed or failed; see <paramref name="record"/>): its span and duration, once.</summary>
    /// <param name="record">The node's record, ended.</param>
    /// <param name="scopePrefix">The prefix of the scope the node ran in (<c>map[3].</c> in a map item).</param>
    /// <param name="findings">Guard findings of the node: each becomes a span event with its check, rule and action (never its excerpt).</param>
    public void NodeEnded(NodeRecord record, string scopePrefix, JsonArray? findings = null)
    {
        if (_context.IsReplaying)
        {
            return;
        }

        var outcome = Outcome(record);
        var end = record.EndedAt ?? _context.CurrentUtcDateTime;
        var seconds = (end - record.StartedAt).TotalSeconds;
        AgentFlowMetrics.NodeDuration.Record(seconds, new(TelemetryTags.NodeKind, record.Kind), new(TelemetryTags.Outcome, outcome));
        var approval = record.Kind == "approval";
        if (approval)
        {
            AgentFlowMetrics.ApprovalWait.Record(seconds, new(TelemetryTags.Workflow, _workflow), new(TelemetryTags.Outcome, outcome));
        }

        if (!AgentFlowTelemetry.Source.HasListeners())
        {
            return;
        }

        var tags = new List<KeyValuePair<string, object?>>
        {
            new(TelemetryTags.RunId, RunIds.Root(_context.InstanceId)),
            new(TelemetryTags.Workflow, _workflow),
            new(TelemetryTags.NodeId, _path + record.Node),
            new(TelemetryTags.NodeKind, record.Kind),
            new(TelemetryTags.Iteration, record.Iteration),
            new(TelemetryTags.Attempts, Math.Max(1, record.Attempts)),
            new(TelemetryTags.Outcome, outcome),
        };
        AddUsage(tags, record.Usage);
        if (approval)
        {
            tags.Add(new(TelemetryTags.DecidedBy, (record.Output as JsonObject)?["by"]?.GetValue<string>()));
            tags.Add(new(TelemetryTags.WaitSeconds, seconds));
        }

        SpanWriter.Write($"{record.Kind} {_path}{record.Node}", Trace, NodeSpan(record.Node, record.Iteration), ParentOf(scopePrefix), record.StartedAt, end, tags, record.Error, _logger, FindingEvents(findings, end));
    }

    /// <summary>The run ended (<paramref name="error"/> null: completed): its span and counter, once.</summary>
    public void RunEnded(DateTime startedAt, TokenUsage? usage, string? error)
    {
        if (_context.IsReplaying)
        {
            return;
        }

        var workflow = new KeyValuePair<string, object?>(TelemetryTags.Workflow, _workflow);
        (error is null ? AgentFlowMetrics.RunsCompleted : AgentFlowMetrics.RunsFailed).Add(1, workflow);
        if (!AgentFlowTelemetry.Source.HasListeners())
        {
            return;
        }

        var tags = new List<KeyValuePair<string, object?>>
        {
            new(TelemetryTags.RunId, RunIds.Root(_context.InstanceId)),
            workflow,
            new(TelemetryTags.Outcome, error is null ? "completed" : "failed"),
        };
        AddUsage(tags, usage);
        SpanWriter.Write($"run {_workflow}", Trace, RunSpan, RunParent, startedAt, _context.CurrentUtcDateTime, tags, error, _logger);
    }

    /// <summary>One span event per guard finding: check, rule and action only, so no matched text (personal data) reaches the trace.</summary>
    private static List<ActivityEvent>? FindingEvents(JsonArray? findings, DateTime at) => findings?.OfType<JsonObject>().Select(f => new ActivityEvent(
        TelemetryTags.GuardFindingEvent,
        new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
        new ActivityTagsCollection
        {
            [TelemetryTags.GuardCheck] = (string?)f["check"],
            [TelemetryTags.GuardRule] = (string?)f["rule"],
            [TelemetryTags.GuardAction] = (string?)f["action"],
        })).ToList();

    /// <summary>The span a node of the scope <paramref name="prefix"/> hangs under: the run's, or its map node's inside an item.</summary>
    private ActivitySpanId ParentOf(string prefix)
    {
        if (prefix.Length == 0)
        {
            return RunSpan;
        }

        var bracket = prefix.LastIndexOf('[');
        return bracket > 0 && _maps.TryGetValue(prefix[..bracket], out var map) ? map : RunSpan;
    }

    /// <summary><c>completed</c> or <c>failed</c>; an approval's decision (<c>approved</c>, <c>rejected</c>, <c>timeout</c>).</summary>
    private static string Outcome(NodeRecord record) => record.Status switch
    {
        NodeStatus.Failed => "failed",
        _ when record.Kind == "approval" && (record.Output as JsonObject)?["decision"] is JsonValue decision && decision.TryGetValue<string>(out var d) => d,
        _ => "completed",
    };

    private static void AddUsage(List<KeyValuePair<string, object?>> tags, TokenUsage? usage)
    {
        if (usage is null)
        {
            return;
        }

        tags.Add(new(TelemetryTags.GenAiInputTokens, usage.InputTokens));
        tags.Add(new(TelemetryTags.GenAiOutputTokens, usage.OutputTokens));
        if (usage.Cost is { } cost)
        {
            tags.Add(new(TelemetryTags.Cost, (double)cost));
            tags.Add(new(TelemetryTags.Currency, usage.Currency));
        }
    }
}
