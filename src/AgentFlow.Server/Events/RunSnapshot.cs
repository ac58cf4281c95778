using AgentFlow.Engine.Runs;

namespace AgentFlow.Server.Events;

/// <summary>What the watcher last saw of a run, to tell what changed.</summary>
internal sealed class RunSnapshot
{
    public RunStatus? Status { get; set; }

    public Dictionary<string, NodeStatus> Nodes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Waits { get; } = new(StringComparer.Ordinal);

    public static string KeyOf(NodeRecord record) => $"{record.Node}#{record.Iteration}";

    public static string KeyOf(WaitInfo wait) => $"{wait.Kind.Name()}:{wait.Node}";

    /// <summary>The events that lead from this snapshot to <paramref name="run"/>, and moves the snapshot there.</summary>
    public List<RunEvent> Advance(RunInfo run, DateTime now)
    {
        var events = new List<RunEvent>();
        foreach (var record in run.Timeline)
        {
            // A waiting node is reported once, from the run's waits (which also cover sub-runs at any depth).
            if (record.Status == NodeStatus.Waiting)
            {
                continue;
            }

            var key = KeyOf(record);
            if (!Nodes.TryGetValue(key, out var before) || before != record.Status)
            {
                Nodes[key] = record.Status;
                events.Add(new RunEvent(RunEvent.NodeType(record.Status), run.RunId, run.Workflow, null, record.Node, record.Kind, record.Iteration, record.Error, now));
            }
        }

        var waits = run.IsFinished ? [] : run.Progress?.Waiting ?? [];
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var wait in waits)
        {
            var key = KeyOf(wait);
            current.Add(key);
            if (Waits.Add(key))
            {
                events.Add(new RunEvent("node-waiting", run.RunId, run.Workflow, null, wait.Node, wait.Kind.Name(), null, null, now));
            }
        }

        Waits.IntersectWith(current);
        if (Status != run.Status)
        {
            Status = run.Status;
            events.Add(new RunEvent(RunEvent.RunChanged, run.RunId, run.Workflow, run.Status.ToString().ToLowerInvariant(), null, null, null, run.Error, now));
        }

        return events;
    }
}
