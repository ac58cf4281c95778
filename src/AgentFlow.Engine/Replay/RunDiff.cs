using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Replay;

/// <summary>Two runs of a workflow compared node visit by node visit, and their final outputs (<c>agentflow replay</c>, <c>GET /api/runs/{id}/diff</c>).</summary>
public sealed record RunDiff
{
    /// <summary>The original run.</summary>
    public required string Original { get; init; }

    /// <summary>The other run (a fork of the original, usually).</summary>
    public required string Fork { get; init; }

    /// <summary>Where the fork came from, when <see cref="Fork"/> is a replay fork.</summary>
    public RunFork? Replay { get; init; }

    /// <summary>The status of each run (<c>completed</c>, <c>failed</c>, ...).</summary>
    public required IReadOnlyDictionary<string, string> Status { get; init; }

    /// <summary>Every node visit of either run, in run order.</summary>
    public required IReadOnlyList<NodeDiff> Nodes { get; init; }

    /// <summary>How the final outputs compare.</summary>
    public required DiffStatus OutputStatus { get; init; }

    /// <summary>The original run's output (<c>{ "error": ... }</c> when it failed).</summary>
    public JsonNode? OriginalOutput { get; init; }

    /// <summary>The fork's output (<c>{ "error": ... }</c> when it failed).</summary>
    public JsonNode? ForkOutput { get; init; }

    /// <summary>Where the final outputs differ.</summary>
    public IReadOnlyList<JsonChange> OutputChanges { get; init; } = [];

    /// <summary>How many node visits are in each <see cref="DiffStatus"/>.</summary>
    public IReadOnlyDictionary<string, int> Counts => Enum.GetValues<DiffStatus>().ToDictionary(
        s => System.Text.Json.JsonSerializer.Serialize(s).Trim('"'), s => Nodes.Count(n => n.Status == s), StringComparer.Ordinal);
}
