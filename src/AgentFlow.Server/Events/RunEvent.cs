using AgentFlow.Engine.Runs;

namespace AgentFlow.Server.Events;

/// <summary>
/// One change of a run, as the event streams send it (the SSE event name is <see cref="Type"/>).
/// </summary>
/// <param name="Type"><c>ready</c> (first of every stream), <c>ping</c> (keep-alive), <c>run</c> (status changed), <c>node-started</c>, <c>node-completed</c>, <c>node-failed</c> or <c>node-waiting</c>.</param>
/// <param name="RunId">The top-level run.</param>
/// <param name="Workflow">The run's workflow.</param>
/// <param name="Status">For <c>run</c>: the new status (lower case).</param>
/// <param name="Node">For node events: the node's path from the run (<c>call.review</c> inside a sub-run).</param>
/// <param name="Kind">For node events: the node kind; for <c>node-waiting</c>: approval, timer or effect.</param>
/// <param name="Iteration">For node events: the visit.</param>
/// <param name="Error">Why a node or the run failed.</param>
/// <param name="Time">When the watcher saw it (UTC).</param>
public sealed record RunEvent(string Type, string RunId, string Workflow, string? Status, string? Node, string? Kind, int? Iteration, string? Error, DateTime Time)
{
    /// <summary>Type of the first event of every stream (no run data; the stream of all runs has an empty run id).</summary>
    public const string Ready = "ready";

    /// <summary>Type of the keep-alive of a quiet stream (no run data).</summary>
    public const string Ping = "ping";

    /// <summary>Type of a run status change.</summary>
    public const string RunChanged = "run";

    /// <summary>The event of a node reaching <paramref name="status"/>.</summary>
    public static string NodeType(NodeStatus status) => status switch
    {
        NodeStatus.Running => "node-started",
        NodeStatus.Completed => "node-completed",
        NodeStatus.Failed => "node-failed",
        _ => "node-waiting",
    };

    /// <summary>Sequence number in this server's stream (the SSE <c>id</c>); 0 for a snapshot sent on connect.</summary>
    public long Sequence { get; init; }
}
