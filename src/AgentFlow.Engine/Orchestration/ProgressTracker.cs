using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

// DURABLE0010 cannot see that the logger used here is the context's replay-safe logger (ProgressTracker creates it
// with CreateReplaySafeLogger and hands it on), so it is a false positive in this file.
#pragma warning disable DURABLE0010

namespace AgentFlow.Engine.Orchestration;

/// <summary>Keeps a run's timeline and publishes <see cref="RunProgress"/> as custom status after each change.</summary>
internal sealed class ProgressTracker(TaskOrchestrationContext context, RunProgress progress)
{
    /// <summary>Replay-safe: a step replayed from history logs nothing again.</summary>
    private readonly ILogger _log = context.CreateReplaySafeLogger(RunNames.LogCategory);

    /// <summary>Custom status stays below this many characters (Azure table columns hold 32K).</summary>
    internal const int MaxStatusChars = 24_000;

    /// <summary>Longest input or output shown whole in the live status.</summary>
    internal const int MaxPreviewChars = 2_000;

    private bool _published;

    public List<NodeRecord> Timeline { get; } = [];

    /// <summary>The run that progresses (the instance id; a sub-run's or chunk's own id for theirs).</summary>
    public string RunId => context.InstanceId;

    /// <summary>The logger of the run's messages (replay-safe).</summary>
    public ILogger Logger => _log;

    /// <summary>Starts a record; <paramref name="visible"/> false (nodes inside map items) only counts it.</summary>
    public NodeRecord Start(string node, NodeKind kind, int iteration, bool visible)
    {
        var record = new NodeRecord { Node = node, Kind = NodeKinds.ToJson(kind), Iteration = iteration, StartedAt = context.CurrentUtcDateTime };
        Log.NodeStarted(_log, RunId, node, record.Kind, iteration);
        if (!IsContainer(kind))
        {
            progress.Active++;
        }

        if (visible)
        {
            Timeline.Add(record);
            progress.Current.Add(node);
            Publish();
        }

        return record;
    }

    public void Complete(NodeRecord record, JsonNode? output)
    {
        Log.NodeCompleted(_log, RunId, record.Node, record.Kind);
        End(record, NodeStatus.Completed, output, error: null);
    }

    public void Fail(NodeRecord record, string error)
    {
        Log.NodeFailed(_log, RunId, record.Node, record.Kind, error);
        End(record, NodeStatus.Failed, output: null, error);
    }

    public void Wait(NodeRecord record, WaitInfo wait)
    {
        progress.Active--;
        record.Status = NodeStatus.Waiting;
        progress.Waiting.Add(wait);
        var kind = wait.Kind.Name();
        Log.RunWaiting(_log, RunId, kind, wait.Node);
        Publish();
    }

    public void StopWaiting(NodeRecord record, WaitInfo wait)
    {
        progress.Active++;
        record.Status = NodeStatus.Running;
        progress.Waiting.Remove(wait);
        var kind = wait.Kind.Name();
        Log.RunResumed(_log, RunId, kind, wait.Node);
        Publish();
    }

    /// <summary>A running node holds still while the run pauses on its behalf (a budget approval before a retry): not active meanwhile.</summary>
    public void Hold(NodeRecord record)
    {
        progress.Active--;
        record.Status = NodeStatus.Waiting;
        Publish();
    }

    /// <summary>The node held by <see cref="Hold"/> goes on.</summary>
    public void Release(NodeRecord record)
    {
        progress.Active++;
        record.Status = NodeStatus.Running;
        Publish();
    }

    public void RunFailed(string error)
    {
        Log.RunFailed(_log, RunId, error);
        progress.Error = error;
        progress.Active = 0;
        progress.Current.Clear();
        progress.Waiting.Clear();
        Publish();
    }

    /// <summary>Lists an approval decision's feedback record on the run.</summary>
    public void AddFeedback(JsonObject feedback)
    {
        progress.Feedback.Add(feedback);
        Publish();
    }

    /// <summary>Counts a sub-run or map chunk in flight, so clients look into it for what the run waits for.</summary>
    public void ChildStarted(string instanceId)
    {
        progress.Children.Add(instanceId);
        Publish();
    }

    public void ChildEnded(string instanceId)
    {
        progress.Children.Remove(instanceId);
        Publish();
    }

    /// <summary>
    /// Marks the status as changed. It is rendered once, when the durable turn ends (the worker serializes the
    /// custom status then), so a turn that runs thousands of nodes renders it once, not once per node.
    /// </summary>
    public void Publish()
    {
        if (!_published)
        {
            _published = true;
            context.SetCustomStatus(new ProgressStatus(this));
        }
    }

    /// <summary>
    /// The live status: the progress with as many of the newest timeline records as fit <see cref="MaxStatusChars"/>,
    /// the newest with their values. Walks back from the newest only as far as fits, so each turn costs the same
    /// however long the timeline is; the final result has every record whole.
    /// </summary>
    internal JsonNode Render()
    {
        progress.Timeline.Clear();
        var status = JsonSerializer.SerializeToNode(progress, RunJson.Options)!.AsObject();
        var budget = MaxStatusChars - status.ToJsonString().Length - 64;
        var kept = new List<NodeRecord>();
        var stripping = false;
        for (var i = Timeline.Count - 1; i >= 0; i--)
        {
            var preview = Preview(Timeline[i]);
            var size = stripping ? int.MaxValue : JsonSerializer.Serialize(preview, RunJson.Options).Length + 1;
            if (size > budget)
            {
                // From here back, records go without their values.
                stripping = true;
                preview.Input = null;
                preview.Output = null;
                size = JsonSerializer.Serialize(preview, RunJson.Options).Length + 1;
                if (size > budget)
                {
                    break;
                }
            }

            budget -= size;
            kept.Add(preview);
        }

        kept.Reverse();
        status["timeline"] = JsonSerializer.SerializeToNode(kept, RunJson.Options);
        if (kept.Count < Timeline.Count)
        {
            status["timelineOmitted"] = Timeline.Count - kept.Count;
        }

        return status;
    }

    private void End(NodeRecord record, NodeStatus status, JsonNode? output, string? error)
    {
        if (!IsContainer(Enum.Parse<NodeKind>(record.Kind, ignoreCase: true)))
        {
            progress.Active--;
        }

        record.Status = status;
        record.EndedAt = context.CurrentUtcDateTime;
        record.Output = output;
        record.Error = error;
        // A reused output's tokens were spent by the run it came from, not by this fork.
        if (record.Replay is null && SpendsTokens(record.Kind) && TokenUsage.FromOutput(output) is { } usage)
        {
            record.Usage = usage;
            AddUsage(usage);
        }

        progress.Completed++;
        if (progress.Current.Remove(record.Node))
        {
            Publish();
        }
    }

    /// <summary>Adds tokens spent outside this orchestration's own nodes (a map chunk's, a sub-run's) to the run's sum.</summary>
    public void AddUsage(TokenUsage usage)
    {
        progress.Usage ??= new TokenUsage();
        progress.Usage.Add(usage);
        Publish();
    }

    /// <summary>Tokens, model calls and cost of the run so far; null before any.</summary>
    public TokenUsage? Usage => progress.Usage;

    /// <summary>Kinds whose output may report a <c>usage</c> object (model and embedding calls); others' outputs are user data.</summary>
    private static bool SpendsTokens(string kind) => kind is "llm" or "retrieve" or "recall" or "remember";

    /// <summary>Nodes that only contain other executions: they are "current" while their branches, items or sub-run wait.</summary>
    private static bool IsContainer(NodeKind kind) => kind is NodeKind.Map or NodeKind.Parallel or NodeKind.Workflow;

    private static NodeRecord Preview(NodeRecord record) => new()
    {
        Node = record.Node,
        Kind = record.Kind,
        Iteration = record.Iteration,
        Status = record.Status,
        StartedAt = record.StartedAt,
        EndedAt = record.EndedAt,
        Attempts = record.Attempts,
        Input = Shorten(record.Input),
        Output = Shorten(record.Output),
        Error = record.Error,
        ItemsDone = record.ItemsDone,
        ItemsTotal = record.ItemsTotal,
        ChildRunId = record.ChildRunId,
        Usage = record.Usage,
        Replay = record.Replay,
    };

    private static JsonNode? Shorten(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var json = value.ToJsonString();
        return json.Length <= MaxPreviewChars ? value.DeepClone() : JsonValue.Create($"{json[..MaxPreviewChars]}... ({json.Length:N0} characters; see the final result)");
    }
}
