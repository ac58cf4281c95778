using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Evaluation;

/// <summary>Reads what a case's run did from its records: node outputs, and effects from the side-effect ledger.</summary>
internal sealed partial class CaseRunner
{
    private static async Task<CaseOutcome> CollectAsync(RunInfo run, WorkflowDefinition workflow, IEffectLedger ledger, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var record in run.Timeline.Where(r => r.Status == NodeStatus.Completed))
        {
            nodes[record.Node] = record.Output;
        }

        var approvals = run.Timeline.Where(Approved).ToList();
        var effects = new List<EvalEffect>();

        // Medium- and high-risk effects: the ledger, which records every claimed effect of this run (tool nodes and
        // models' tool calls), whatever the run's records show.
        foreach (var entry in await ledger.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (RunIds.Root(entry.RunId) != run.RunId)
            {
                continue;
            }

            var record = run.Timeline.LastOrDefault(r => r.Node == entry.Node);
            var risk = workflow.Tools.TryGetValue(entry.Tool, out var tool) ? tool.Risk : ToolRisk.High;
            effects.Add(Effect(entry.Tool, risk, entry.Node, record?.Input?["args"] ?? record?.Input, entry.StartedAt, approvals));
        }

        // Low-risk tools act without a ledger entry: their tool nodes' records.
        foreach (var record in run.Timeline.Where(r => r.Kind == "tool" && r.Status == NodeStatus.Completed))
        {
            if (NodeIds.Find(workflow, record.Node) is ToolNode { } node && workflow.Tools.TryGetValue(node.Tool, out var tool) && tool.Risk == ToolRisk.Low)
            {
                effects.Add(Effect(tool.Name, tool.Risk, record.Node, record.Input?["args"] ?? record.Input, record.StartedAt, approvals));
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
            Timeline = run.Timeline,
            Effects = [.. effects.OrderBy(e => e.At)],
            Tokens = run.Usage?.Tokens ?? 0,
            Cost = run.Usage?.Cost,
        };
    }

    /// <summary>An approval node that was approved, or a guard whose finding an operator approved.</summary>
    private static bool Approved(NodeRecord record) => record.Status == NodeStatus.Completed && record.Kind switch
    {
        "approval" => record.Output?["approved"] is JsonValue v && v.TryGetValue<bool>(out var approved) && approved,
        "guard" => record.Output?["approvedBy"] is JsonValue by && by.TryGetValue<string>(out var name) && name.Length > 0,
        _ => false,
    };

    /// <summary>The effect, with the approvals decided before it on its path (its map item's scope or an enclosing one).</summary>
    private static EvalEffect Effect(string tool, ToolRisk risk, string node, JsonNode? args, DateTime at, List<NodeRecord> approvals)
    {
        var scope = NodeIds.Scope(node);
        var before = approvals
            .Where(a => scope.StartsWith(NodeIds.Scope(a.Node), StringComparison.Ordinal) && (a.EndedAt ?? DateTime.MaxValue) <= at)
            .Select(a => a.Node)
            .ToList();
        return new EvalEffect(tool, risk, node, args?.DeepClone(), at, before);
    }
}
