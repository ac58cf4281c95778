using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>One execution of one node in a run's timeline.</summary>
public sealed class NodeRecord
{
    /// <summary>The node id (qualified by map item inside map bodies).</summary>
    public required string Node { get; init; }

    /// <summary>The node kind, as written in the workflow.</summary>
    public required string Kind { get; init; }

    /// <summary>Visit number: 1 unless the node is part of a cycle.</summary>
    public int Iteration { get; init; } = 1;

    /// <summary><c>running</c>, <c>waiting</c>, <c>completed</c> or <c>failed</c>.</summary>
    public NodeStatus Status { get; set; } = NodeStatus.Running;

    /// <summary>When the node started (orchestration time, UTC).</summary>
    public DateTime StartedAt { get; init; }

    /// <summary>When the node ended, if it has.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>Attempts made (activity nodes with <c>retry</c> may need several).</summary>
    public int Attempts { get; set; }

    /// <summary>What the node worked on: its rendered templates.</summary>
    public JsonNode? Input { get; set; }

    /// <summary>The node's output.</summary>
    public JsonNode? Output { get; set; }

    /// <summary>Why the node failed.</summary>
    public string? Error { get; set; }

    /// <summary>For <c>map</c> nodes: items finished so far.</summary>
    public int? ItemsDone { get; set; }

    /// <summary>For <c>map</c> nodes: number of items.</summary>
    public int? ItemsTotal { get; set; }

    /// <summary>For <c>workflow</c> nodes: the child run's id.</summary>
    public string? ChildRunId { get; set; }

    /// <summary>Tokens, model calls and cost of the node (<c>llm</c> nodes, and nodes that embed text); null for others.</summary>
    public TokenUsage? Usage { get; set; }

    /// <summary>In a replay fork: how the visit's output was produced without running it (reused, skipped); null when it ran.</summary>
    public Replay.ReplayMode? Replay { get; set; }

    /// <summary>How long the node took, once it ended.</summary>
    public TimeSpan? Duration => EndedAt - StartedAt;
}
