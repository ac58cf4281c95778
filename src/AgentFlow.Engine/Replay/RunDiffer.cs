using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;
using DurableTask.Core;

namespace AgentFlow.Engine.Replay;

/// <summary>
/// Compares two runs visit by visit: the timelines of the runs and their sub-runs (every node kind), with whole
/// values from the durable histories, plus the activity visits inside map items that only the histories hold.
/// </summary>
internal sealed class RunDiffer(TaskHubClient client, IOrchestrationServiceClient service)
{
    private const int MaxDepth = 32;

    public async Task<RunDiff> CompareAsync(RunInfo original, RunInfo fork, CancellationToken cancellationToken)
    {
        var before = await VisitsAsync(original, cancellationToken).ConfigureAwait(false);
        var after = await VisitsAsync(fork, cancellationToken).ConfigureAwait(false);
        var nodes = new List<NodeDiff>();
        foreach (var key in Merge(before.Keys, after.Keys))
        {
            var a = before.GetValueOrDefault(key);
            var b = after.GetValueOrDefault(key);
            var some = (b ?? a)!;
            var status = a is null ? DiffStatus.OnlyInFork : b is null ? DiffStatus.OnlyInOriginal : JsonNode.DeepEquals(a.Value, b.Value) ? DiffStatus.Same : DiffStatus.Changed;
            nodes.Add(new NodeDiff
            {
                Node = some.Display,
                Kind = some.Kind,
                Visit = some.Number,
                Status = status,
                Replay = b?.Replay,
                InputChanged = a is not null && b is not null && !JsonNode.DeepEquals(a.Input, b.Input),
                Original = a?.Value?.DeepClone(),
                Fork = b?.Value?.DeepClone(),
                Changes = status == DiffStatus.Changed ? JsonChange.Between(a!.Value, b!.Value) : [],
            });
        }

        var originalOutput = Final(original);
        var forkOutput = Final(fork);
        return new RunDiff
        {
            Original = original.RunId,
            Fork = fork.RunId,
            Replay = fork.Fork,
            Status = new Dictionary<string, string>(StringComparer.Ordinal) { [original.RunId] = original.Status.Name(), [fork.RunId] = fork.Status.Name() },
            Nodes = nodes,
            OutputStatus = JsonNode.DeepEquals(originalOutput, forkOutput) ? DiffStatus.Same : DiffStatus.Changed,
            OriginalOutput = originalOutput,
            ForkOutput = forkOutput,
            OutputChanges = JsonChange.Between(originalOutput, forkOutput),
        };
    }

    private static JsonNode? Final(RunInfo run) => run.Status == RunStatus.Completed
        ? run.Output?.DeepClone()
        : new JsonObject { ["error"] = run.Error ?? $"the run is {run.Status.Name()}" };

    /// <summary>Keys of both runs in run order: the fork's order, with the original's own visits where they fell.</summary>
    private static List<string> Merge(IEnumerable<string> original, IEnumerable<string> fork)
    {
        var left = original.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<string>();
        var i = 0;
        foreach (var key in fork)
        {
            var at = left.IndexOf(key);
            for (; at >= 0 && i <= at; i++)
            {
                if (seen.Add(left[i]))
                {
                    merged.Add(left[i]);
                }
            }

            if (seen.Add(key))
            {
                merged.Add(key);
            }
        }

        merged.AddRange(left.Where(seen.Add));
        return merged;
    }

    private async Task<Dictionary<string, Visit>> VisitsAsync(RunInfo run, CancellationToken cancellationToken)
    {
        var recording = await new RunRecordingReader(service).ReadAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        var visits = new Dictionary<string, Visit>(StringComparer.Ordinal);
        await AddTimelineAsync(run.RunId, run.Timeline, recording, visits, 0, cancellationToken).ConfigureAwait(false);
        foreach (var key in recording.Order.Where(k => !visits.ContainsKey(k)))
        {
            // Nodes inside map items: only their activities and approvals are recorded.
            var recorded = recording.Visits[key];
            var (display, visit) = Display(key);
            visits[key] = new Visit(display, recorded.Kind, visit, recorded.Input, Value(recorded), null);
        }

        return visits;
    }

    private async Task AddTimelineAsync(string runId, IReadOnlyList<NodeRecord> timeline, RunRecording recording, Dictionary<string, Visit> visits, int depth, CancellationToken cancellationToken)
    {
        foreach (var record in timeline)
        {
            if (record.Node.Contains('[', StringComparison.Ordinal) && !Recorded(record.Kind))
            {
                // Inside map items only what histories record compares (a fork lists every item visit; its source does not).
                continue;
            }

            var key = ReplayPlan.Key(runId, record.Node, record.Iteration);
            var recorded = recording.Get(key);
            var value = record.Status == NodeStatus.Failed
                ? new JsonObject { ["error"] = record.Error }
                : recorded is { Completed: true } && record.Kind != "approval" ? recorded.Output?.DeepClone() : record.Output?.DeepClone();
            visits[key] = new Visit(Display(key).Display, record.Kind, record.Iteration, recorded?.Input ?? record.Input as JsonObject, value, record.Replay);
            if (record.ChildRunId is { } child && depth < MaxDepth
                && await client.GetOrchestrationStateAsync(child).ConfigureAwait(false) is { } state)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await AddTimelineAsync(child, RunStates.ToRunInfo(state).Timeline, recording, visits, depth + 1, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kinds the histories record: activities and approvals.</summary>
    private static bool Recorded(string kind) => kind is not ("set" or "switch" or "end" or "fail" or "wait" or "map" or "parallel" or "workflow");

    private static JsonNode? Value(RecordedVisit recorded) =>
        recorded.Completed ? recorded.Output?.DeepClone() : recorded.Error is { } error ? new JsonObject { ["error"] = error } : null;

    /// <summary><c>scope|node#visit</c> as people read it: <c>node</c>, <c>call.1/node</c>, and <c>#VISIT</c> after the first.</summary>
    private static (string Display, int Visit) Display(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        var hash = key.LastIndexOf('#');
        var scope = key[..bar];
        var node = key[(bar + 1)..hash];
        var visit = int.Parse(key[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var name = scope.Length == 0 ? node : $"{scope}/{node}";
        return (visit > 1 ? $"{name}#{visit}" : name, visit);
    }

    private sealed record Visit(string Display, string Kind, int Number, JsonObject? Input, JsonNode? Value, ReplayMode? Replay);
}
