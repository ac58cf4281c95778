using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Replay;

/// <summary>One node visit compared between an original run and a fork.</summary>
public sealed record NodeDiff
{
    /// <summary>The visit as people read it: the node's path (<c>draft</c>, <c>each[3].ok</c>, <c>call.1/review</c>) and <c>#VISIT</c> after the first.</summary>
    public required string Node { get; init; }

    /// <summary>The node kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The visit number.</summary>
    public int Visit { get; init; } = 1;

    /// <summary>How the outputs compare.</summary>
    public required DiffStatus Status { get; init; }

    /// <summary>How the fork produced it without running it (reused, skipped); null when it ran (or is not in the fork).</summary>
    public ReplayMode? Replay { get; init; }

    /// <summary>True when both have it and its input (prompt, args, shown values) differs: a reused tool then was not called with the new args.</summary>
    public bool InputChanged { get; init; }

    /// <summary>The original run's output (<c>{ "error": ... }</c> for a failed visit).</summary>
    public JsonNode? Original { get; init; }

    /// <summary>The fork's output (<c>{ "error": ... }</c> for a failed visit).</summary>
    public JsonNode? Fork { get; init; }

    /// <summary>For <see cref="DiffStatus.Changed"/>: where the outputs differ.</summary>
    public IReadOnlyList<JsonChange> Changes { get; init; } = [];
}
