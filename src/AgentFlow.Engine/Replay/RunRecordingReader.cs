using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using DurableTask.Core;
using DurableTask.Core.History;

namespace AgentFlow.Engine.Replay;

/// <summary>
/// Reads what a run did from the durable histories of its orchestrations (the run, its sub-runs and map chunks):
/// every activity node visit's input and output (or failure) and every approval visit's shown values, decisions and
/// timeout. Histories hold whole values even for failed runs, whose live timelines are shortened, and they hold the
/// nodes inside map items, which no timeline shows.
/// </summary>
internal sealed class RunRecordingReader(IOrchestrationServiceClient client)
{
    /// <summary>Sub-runs nest at most this deep (as <see cref="RunTree"/> reads them).</summary>
    private const int MaxDepth = 32;

    private static readonly JsonSerializerOptions Json = SystemTextJsonDataConverter.Options;

    public async Task<RunRecording> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        var recording = new RunRecording();
        await ReadInstanceAsync(runId, recording, 0, cancellationToken).ConfigureAwait(false);
        return recording;
    }

    private async Task ReadInstanceAsync(string instanceId, RunRecording recording, int depth, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        recording.Instances.Add(instanceId);
        var text = await client.GetOrchestrationHistoryAsync(instanceId, null!).ConfigureAwait(false);
        if (string.IsNullOrEmpty(text) || JsonNode.Parse(text) is not JsonArray history)
        {
            return;
        }

        var instance = new InstanceReader(instanceId, recording);
        foreach (var e in history.OfType<JsonObject>())
        {
            instance.Take(e);
        }

        if (depth < MaxDepth)
        {
            foreach (var child in instance.Children)
            {
                await ReadInstanceAsync(child, recording, depth + 1, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads one orchestration's history events in order.</summary>
    private sealed class InstanceReader(string instanceId, RunRecording recording)
    {
        private readonly Dictionary<int, (string Name, string? Input)> _scheduled = [];
        private readonly Dictionary<string, int> _approvalVisits = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RecordedVisit> _approvals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<RecordedApprovalDecision>> _early = new(StringComparer.Ordinal);

        /// <summary>The run the instance's nodes belong to: itself, or for a map chunk the run it is part of.</summary>
        private string _runId = instanceId;

        /// <summary>The orchestration time of the turn being read (when a decision taken in it was counted).</summary>
        private DateTime _turn;

        /// <summary>The path of the instance's nodes from the top-level run (<c>call.</c> in a sub-run).</summary>
        private string _path = string.Empty;

        public List<string> Children { get; } = [];

        public void Take(JsonObject e)
        {
            switch (Type(e))
            {
                case EventType.OrchestratorStarted:
                    _turn = Time(e);
                    break;
                case EventType.ExecutionStarted:
                    Started(Text(e, "Name"), Text(e, "Input"));
                    break;
                case EventType.TaskScheduled when Number(e, "EventId") is { } id:
                    _scheduled[id] = (Text(e, "Name") ?? string.Empty, Text(e, "Input"));
                    Scheduled(Text(e, "Name"), Text(e, "Input"));
                    break;
                case EventType.TaskCompleted when Number(e, "TaskScheduledId") is { } id && _scheduled.TryGetValue(id, out var task):
                    Ended(task.Name, task.Input, Text(e, "Result"), error: null);
                    break;
                case EventType.TaskFailed when Number(e, "TaskScheduledId") is { } id && _scheduled.TryGetValue(id, out var task):
                    Ended(task.Name, task.Input, result: null, (e["FailureDetails"] as JsonObject)?["ErrorMessage"]?.GetValue<string>() ?? Text(e, "Reason") ?? "failed");
                    break;
                case EventType.EventRaised:
                    Raised(Text(e, "Name"), Text(e, "Input"), _turn == default ? Time(e) : _turn);
                    break;
                case EventType.SubOrchestrationInstanceCreated when Text(e, "InstanceId") is { } child:
                    Children.Add(child);
                    break;
            }
        }

        private void Started(string? name, string? input)
        {
            if (name == RunNames.MapOrchestration && Parse<MapChunkRequest>(input) is { } chunk)
            {
                _runId = chunk.RunId;
                _path = chunk.Path ?? string.Empty;
            }
            else if (Parse<RunRequest>(input) is { } run)
            {
                _path = run.Path ?? string.Empty;
            }
        }

        private void Scheduled(string? name, string? input)
        {
            if (name != RunNames.ApprovalEventActivity || Parse<ApprovalEvent>(input) is not { } report)
            {
                return;
            }

            var qualified = report.Node.StartsWith(_path, StringComparison.Ordinal) ? report.Node[_path.Length..] : report.Node;
            if (report.Kind == ApprovalEventKind.Waiting)
            {
                if (_approvals.TryGetValue(qualified, out var open) && open.Decisions!.Count == 0 && open.TimedOut is null)
                {
                    // The same visit reported again (a budget pause, or an escalation's new wait): not a new visit.
                    return;
                }

                var visit = _approvalVisits[qualified] = _approvalVisits.GetValueOrDefault(qualified) + 1;
                var recorded = new RecordedVisit { Kind = "approval", Input = report.Show, Decisions = _early.Remove(qualified, out var early) ? early : [] };
                _approvals[qualified] = recorded;
                recording.Set(ReplayPlan.Key(_runId, qualified, visit), recorded);
            }
            else if (report.Kind == ApprovalEventKind.Timeout && _approvals.TryGetValue(qualified, out var timedOut))
            {
                timedOut.TimedOut = report.Outcome ?? "rejected";
            }
        }

        private void Ended(string name, string? input, string? result, string? error)
        {
            if (!name.StartsWith(RunNames.NodeActivityPrefix, StringComparison.Ordinal) || Parse<NodeActivityRequest>(input) is not { } request)
            {
                return;
            }

            var key = ReplayPlan.Key(request.RunId, request.NodeId, request.Iteration);
            if (error is not null && recording.Get(key) is { Completed: true })
            {
                return;
            }

            recording.Set(key, new RecordedVisit
            {
                Kind = name[(name.LastIndexOf('.') + 1)..],
                Input = request.Input,
                Completed = error is null,
                Output = error is null && result is not null ? JsonNode.Parse(result) : null,
                Error = error,
            });
        }

        private void Raised(string? name, string? input, DateTime at)
        {
            if (name is null || !name.StartsWith(RunNames.ApprovalPrefix, StringComparison.Ordinal) || Parse<ApprovalDecision>(input) is not { } decision)
            {
                return;
            }

            var qualified = name[RunNames.ApprovalPrefix.Length..];
            var recorded = new RecordedApprovalDecision(decision, at);
            if (_approvals.TryGetValue(qualified, out var open))
            {
                open.Decisions!.Add(recorded);
            }
            else
            {
                // Raised before the approval reported its wait (queued): it belongs to the first visit.
                (_early.TryGetValue(qualified, out var list) ? list : _early[qualified] = []).Add(recorded);
            }
        }

        private static EventType? Type(JsonObject e) => e["EventType"] switch
        {
            JsonValue v when v.TryGetValue<int>(out var n) => (EventType)n,
            JsonValue v when v.TryGetValue<string>(out var s) && Enum.TryParse<EventType>(s, ignoreCase: true, out var t) => t,
            _ => null,
        };

        private static string? Text(JsonObject e, string name) => e[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private static int? Number(JsonObject e, string name) => e[name] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

        private static DateTime Time(JsonObject e) =>
            Text(e, "Timestamp") is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : default;

        private static T? Parse<T>(string? json)
            where T : class
        {
            try
            {
                // Core keeps a scheduled task's input as its parameter list: one element, the request.
                return JsonNode.Parse(json ?? "null") switch
                {
                    JsonArray { Count: 1 } parameters => parameters[0].Deserialize<T>(Json),
                    JsonObject request => request.Deserialize<T>(Json),
                    _ => null,
                };
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
