using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>A run's live progress, published as the orchestration's custom status after every step.</summary>
public sealed class RunProgress
{
    /// <summary>The workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Pin of the definition the run executes.</summary>
    public required string Pin { get; init; }

    /// <summary>The trigger and occasion that started the run (null when started by hand), so lists show it without reading inputs.</summary>
    public RunOrigin? Origin { get; init; }

    /// <summary>For a replay fork: the run it forks, where, and with which changes; null for other runs.</summary>
    public Replay.RunFork? Fork { get; init; }

    /// <summary>Nodes running now (several inside <c>parallel</c>).</summary>
    public List<string> Current { get; init; } = [];

    /// <summary>Node executions finished so far.</summary>
    public int Completed { get; set; }

    /// <summary>Node executions in flight that are not waiting (map, parallel and workflow nodes only contain others).</summary>
    public int Active { get; set; }

    /// <summary>Sub-runs and map chunks in flight (instance ids): what they wait for is part of what this run waits for.</summary>
    public List<string> Children { get; init; } = [];

    /// <summary>What the run is waiting for, if anything.</summary>
    public List<WaitInfo> Waiting { get; init; } = [];

    /// <summary>Feedback records of this run's approval decisions (a comment or edits), oldest first; long edited values are cut.</summary>
    public List<JsonObject> Feedback { get; init; } = [];

    /// <summary>Tokens, model calls and cost of the run so far (with its map items, sub-runs); null before the first model call.</summary>
    public TokenUsage? Usage { get; set; }

    /// <summary>Why the run failed, once it has.</summary>
    public string? Error { get; set; }

    /// <summary>Oldest timeline records left out of this live status to keep it small (the final result has them all).</summary>
    public int? TimelineOmitted { get; set; }

    /// <summary>The timeline so far; large inputs and outputs are shortened here (the final result has them whole).</summary>
    public List<NodeRecord> Timeline { get; init; } = [];
}
