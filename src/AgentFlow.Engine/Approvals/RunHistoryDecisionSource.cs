using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The decisions recorded in a backend's run histories: every orchestration instance its query API lists (on the
/// embedded backend that includes sub-runs <c>RUN:NODE.VISIT</c> and map chunks <c>RUN:MAP.VISIT.partN</c>). A run
/// yields the votes in its approval nodes' outputs (<c>votes</c>: by, approved) and the votes counted so far by the
/// approvals it is waiting at; a map chunk yields the latter. Each is named as its audit record names it: the run a
/// user started and the node's path from it.
/// </summary>
/// <remarks>
/// Approvals inside map items are not in any timeline, so their votes are seen only while they wait. A live timeline
/// (a run still going, failed or cancelled) shortens outputs over 2,000 characters; votes in those are not seen.
/// </remarks>
public sealed class RunHistoryDecisionSource(AgentFlowHost host) : IRecordedDecisionSource
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The backend cannot list its instances.</exception>
    public async IAsyncEnumerable<RecordedDecision> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Backend.Client is not IOrchestrationServiceQueryClient queries)
        {
            throw new NotSupportedException($"the {host.Backend.Name} backend cannot list runs, so their decisions cannot be cross-checked");
        }

        var filter = new OrchestrationQuery { PageSize = 100, FetchInputsAndOutputs = true };
        do
        {
            var page = await queries.GetOrchestrationWithQueryAsync(filter, cancellationToken).ConfigureAwait(false);
            foreach (var decision in page.OrchestrationState.SelectMany(Decisions))
            {
                yield return decision;
            }

            filter.ContinuationToken = page.ContinuationToken;
        }
        while (filter.ContinuationToken is not null);
    }

    private static IEnumerable<RecordedDecision> Decisions(OrchestrationState state)
    {
        var instance = state.OrchestrationInstance.InstanceId;
        var root = RunIds.Root(instance);
        var child = RunIds.IsChild(instance) ? instance : null;
        if (state.Name == RunNames.RunOrchestration)
        {
            // A sub-run's nodes are named from the run a user started by the calling node's path.
            var path = Parse<RunRequest>(state.Input)?.Path ?? string.Empty;
            var run = RunStates.ToRunInfo(state);
            var decided = run.Timeline
                .Where(r => r.Kind == "approval" && r.Output is JsonObject { } output && output["votes"] is JsonArray)
                .SelectMany(r => ((JsonArray)r.Output!["votes"]!).OfType<JsonObject>().Select(v => Vote(root, path, r.Node, child, v)))
                .OfType<RecordedDecision>();
            return decided.Concat(Waiting(run.Progress, root, child, path));
        }

        return state.Name == RunNames.MapOrchestration
            ? Waiting(Parse<RunProgress>(state.Status), root, child, Parse<JsonObject>(state.Input)?["path"]?.GetValue<string>() ?? string.Empty)
            : [];
    }

    /// <summary>Votes counted so far by waiting approvals; their <see cref="WaitInfo.Node"/> is already the path a user sees.</summary>
    private static IEnumerable<RecordedDecision> Waiting(RunProgress? progress, string root, string? child, string path) =>
        (progress?.Waiting ?? [])
            .Where(w => w.Kind == WaitKind.Approval)
            .SelectMany(w => (w.Votes ?? []).Select(v => new RecordedDecision(
                root, w.Node, v.By, v.Approved ? "approved" : "rejected", child, child is null ? null : Local(w.Node, path))));

    private static RecordedDecision? Vote(string root, string path, string node, string? child, JsonObject vote) =>
        vote["by"] is JsonValue by && by.TryGetValue<string>(out var name) && vote["approved"] is JsonValue approved && approved.TryGetValue<bool>(out var yes)
            ? new RecordedDecision(root, path + node, name, yes ? "approved" : "rejected", child, child is null ? null : node)
            : null;

    private static string Local(string node, string path) => node.StartsWith(path, StringComparison.Ordinal) ? node[path.Length..] : node;

    private static T? Parse<T>(string? json)
        where T : class
    {
        try
        {
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, RunJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
