using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;

namespace AgentFlow.Engine.Runs;

/// <summary>Maps durable orchestration state to <see cref="RunInfo"/>.</summary>
internal static class RunStates
{
    public static RunInfo ToRunInfo(OrchestrationState state)
    {
        var progress = Parse<RunProgress>(state.Status);
        var request = progress?.Workflow is null || (progress.Origin is null && progress.Fork is null) ? Parse<RunRequest>(state.Input) : null;
        var result = state.OrchestrationStatus == OrchestrationStatus.Completed ? Parse<RunResult>(state.Output) : null;
        var status = state.OrchestrationStatus switch
        {
            OrchestrationStatus.Pending => RunStatus.Pending,
            OrchestrationStatus.Completed => RunStatus.Completed,
            OrchestrationStatus.Failed => RunStatus.Failed,
            OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => RunStatus.Canceled,
            _ when progress is { Waiting.Count: > 0, Active: <= 0 } => RunStatus.Waiting,
            _ => RunStatus.Running,
        };
        return new RunInfo
        {
            RunId = state.OrchestrationInstance.InstanceId,
            Workflow = progress?.Workflow ?? request?.Workflow ?? "?",
            Origin = progress?.Origin ?? request?.Origin,
            Fork = progress?.Fork ?? request?.Replay?.Fork,
            Status = status,
            CreatedAt = state.CreatedTime,
            UpdatedAt = state.LastUpdatedTime,
            Progress = progress,
            Output = result?.Output,
            Usage = result?.Usage ?? progress?.Usage,
            Error = status switch
            {
                RunStatus.Failed => state.FailureDetails?.ErrorMessage ?? progress?.Error ?? state.Output,
                RunStatus.Canceled => $"cancelled: {Unquote(state.Output)}",
                _ => null,
            },
            Timeline = result?.Timeline ?? progress?.Timeline ?? [],
            Feedback = result is null ? progress?.Feedback ?? [] : FeedbackOf(result.Timeline),
        };
    }

    /// <summary>The feedback records in the outputs of a finished run's approval nodes, in timeline order.</summary>
    private static List<JsonObject> FeedbackOf(IReadOnlyList<NodeRecord> timeline) =>
        [.. timeline.Where(r => r.Kind == "approval").Select(r => r.Output?["feedback"]).OfType<JsonObject>().Select(f => (JsonObject)f.DeepClone())];

    /// <summary>The durable statuses a run status maps to (null: all).</summary>
    public static List<OrchestrationStatus>? Durable(RunStatus? status) => status switch
    {
        null => null,
        RunStatus.Pending => [OrchestrationStatus.Pending],
        RunStatus.Running or RunStatus.Waiting => [OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew],
        RunStatus.Completed => [OrchestrationStatus.Completed],
        RunStatus.Failed => [OrchestrationStatus.Failed],
        RunStatus.Canceled => [OrchestrationStatus.Terminated, OrchestrationStatus.Canceled],
        _ => null,
    };

    /// <summary>Reads a status, input or output written by the orchestrations; null when absent or unreadable.</summary>
    public static T? Parse<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, RunJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Unquote(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "no reason given";
        }

        try
        {
            return JsonNode.Parse(json) is JsonValue v && v.TryGetValue<string>(out var s) ? s : json;
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
