using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Replay;

/// <summary>What one node visit of a finished run did, read from its durable history, so a fork can reuse it.</summary>
public sealed record RecordedVisit
{
    /// <summary>The node kind (<c>tool</c>, <c>llm</c>, <c>approval</c>, ...).</summary>
    public required string Kind { get; init; }

    /// <summary>An activity node's rendered input (a tool's args), or an approval's shown values.</summary>
    public JsonObject? Input { get; init; }

    /// <summary>True when an activity attempt completed (its <see cref="Output"/> may be null).</summary>
    public bool Completed { get; init; }

    /// <summary>An activity node's output, when an attempt completed.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>Why the activity's last attempt failed, when none completed.</summary>
    public string? Error { get; init; }

    /// <summary>An approval's decisions, in the order the run received them.</summary>
    public List<RecordedApprovalDecision>? Decisions { get; init; }

    /// <summary>An approval that timed out: what it did then (<c>approved</c>, <c>rejected</c>, <c>failed</c>).</summary>
    public string? TimedOut { get; set; }

    /// <summary>True when the visit has something to reuse: an output, a failure, or an approval's decisions or timeout.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasResult => Completed || Error is not null || Decisions is { Count: > 0 } || TimedOut is not null;
}
