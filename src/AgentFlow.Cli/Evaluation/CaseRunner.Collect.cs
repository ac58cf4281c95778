using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// Reads what a case's run did: node outputs (the run's timeline for top-level nodes, the recorded executions for
/// nodes inside map items), effects from the side-effect ledger, and the scripted decisions taken on its path.
/// </summary>
internal sealed partial class CaseRunner
{
    private static async Task<CaseOutcome> CollectAsync(
        RunInfo run, WorkflowDefinition workflow, IEffectLedger ledger, ConcurrentDictionary<string, RecordedNode> records, List<(string Node, bool Approved, DateTime At)> decisions, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var record in run.Timeline)
        {
            if (record.Status == NodeStatus.Completed)
            {
                nodes[record.Node] = record.Output;
            }
            else if (record.Status == NodeStatus.Failed && record.Error is { } error)
            {
                failures.Add($"{record.Node}: {error}");
            }
        }

        foreach (var record in records.Values.OrderBy(r => r.StartedAt))
        {
            if (record.Error is null)
            {
                // Whole values: a run that is not finished has shortened ones in its timeline.
                nodes[record.Node] = record.Output;
            }
            else
            {
                failures.Add($"{record.Node}: {record.Error}");
            }
        }

        if (run.Error is { } runError)
        {
            failures.Add(runError);
        }

        var approvals = decisions.Where(d => d.Approved).ToList();
        var effects = new List<EvalEffect>();

        // Medium- and high-risk effects: the ledger, which records every claimed effect of this run (tool nodes and
        // models' tool calls), whatever the run's records show.
        foreach (var entry in await ledger.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (RunIds.Root(entry.RunId) == run.RunId)
            {
                var risk = workflow.Tools.TryGetValue(entry.Tool, out var tool) ? tool.Risk : ToolRisk.High;
                effects.Add(Effect(entry.Tool, risk, entry.Node, Args(entry.Node, run, records), entry.StartedAt, approvals));
            }
        }

        // Low-risk tools act without a ledger entry: the tool nodes that ran.
        foreach (var record in records.Values.Where(r => r.Kind == "tool" && r.Error is null))
        {
            if (NodeIds.Find(workflow, record.Node) is ToolNode { } node && workflow.Tools.TryGetValue(node.Tool, out var tool) && tool.Risk == ToolRisk.Low)
            {
                effects.Add(Effect(tool.Name, tool.Risk, record.Node, record.Input?["args"], record.StartedAt, approvals));
            }
        }

        return new CaseOutcome
        {
            RunId = run.RunId,
            Status = run.Status switch
            {
                RunStatus.Completed => "completed",
                RunStatus.Failed or RunStatus.Canceled => "failed",
                _ => run.Status.Name(),
            },
            Output = run.Output,
            Error = run.Error,
            Nodes = nodes,
            Failures = failures,
            Effects = [.. effects.OrderBy(e => e.At)],
            Tokens = run.Usage?.Tokens ?? 0,
            Cost = run.Usage?.Cost,
        };
    }

    private static JsonNode? Args(string node, RunInfo run, ConcurrentDictionary<string, RecordedNode> records) =>
        records.TryGetValue(node, out var recorded) ? recorded.Input?["args"] : run.Timeline.LastOrDefault(r => r.Node == node)?.Input?["args"];

    /// <summary>The effect, with the approvals decided before it on its path (its map item's scope or an enclosing one).</summary>
    private static EvalEffect Effect(string tool, ToolRisk risk, string node, JsonNode? args, DateTime at, List<(string Node, bool Approved, DateTime At)> approvals)
    {
        var scope = NodeIds.Scope(node);
        var before = approvals
            .Where(a => scope.StartsWith(NodeIds.Scope(a.Node), StringComparison.Ordinal) && a.At <= at)
            .Select(a => a.Node)
            .Distinct()
            .ToList();
        return new EvalEffect(tool, risk, node, args?.DeepClone(), at, before);
    }
}
