using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>What a case's run did: how it ended, its output and node outputs, the effects, and what it cost.</summary>
internal sealed record CaseOutcome
{
    /// <summary>The run id in the case's temporary data dir.</summary>
    public required string RunId { get; init; }

    /// <summary><c>completed</c>, <c>failed</c>, <c>held</c> (waits at an approval the case has no decision for) or <c>error</c> (could not run).</summary>
    public required string Status { get; init; }

    /// <summary>The run's output, once completed.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>Why the run failed, or why the case could not run.</summary>
    public string? Error { get; init; }

    /// <summary>Approvals the run was held at (qualified node ids).</summary>
    public IReadOnlyList<string> HeldAt { get; init; } = [];

    /// <summary>Node outputs by qualified id (the last visit's).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Nodes { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>Node failures (<c>NODE: error</c>) and the run's error, as the run and its executors reported them.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>The effects the run caused, in order.</summary>
    public IReadOnlyList<EvalEffect> Effects { get; init; } = [];

    /// <summary>Tokens of the run's model calls (judge calls not included).</summary>
    public long Tokens { get; init; }

    /// <summary>Cost of the run's model calls, when priced.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Wall-clock time from start to the end (or the hold).</summary>
    public TimeSpan Latency { get; init; }
}
