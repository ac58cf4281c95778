using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Replay;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Replay forks (<see cref="Replay"/> set): before the fork point every node visit the source run recorded is reused;
/// after it, <c>tool</c>, <c>retrieve</c>, <c>remember</c> and approval visits are reused and every other node runs.
/// A tool or memory write the source run did not have is skipped (<c>{ "skipped": true, "wouldCall": ... }</c>),
/// never executed; timers do not wait. Deterministic: everything it decides on comes from the orchestration's input.
/// </summary>
internal sealed partial class GraphInterpreter
{
    /// <summary>The recorded visits and fork point of a replay fork; null in an ordinary run.</summary>
    public ReplayPlan? Replay { get; init; }

    /// <summary>Marks <paramref name="scope"/> as past the fork point when <paramref name="node"/> is where the fork starts.</summary>
    private void PassForkPoint(WorkflowNode node, RunScope scope)
    {
        if (Replay is { } plan && plan.IsForkNode(node.Id))
        {
            scope.Fork();
        }
    }

    /// <summary>After a map whose body holds the fork point, the rest of the run is past it.</summary>
    private void PassForkPoint(MapNode map, RunScope scope)
    {
        if (Replay is { } plan && NodeGraph.Walk(map.Body.Nodes).Any(n => plan.IsForkNode(n.Id)))
        {
            scope.Fork();
        }
    }

    private async Task<NodeOutcome> ReplayActivityAsync(WorkflowNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        var kind = NodeKinds.ToJson(node.Kind);
        var recorded = Replay!.Find(runId, qualified, visit);
        var effectful = node.Kind is NodeKind.Tool or NodeKind.Retrieve or NodeKind.Remember;
        if (recorded is not null && recorded.Kind == kind && (effectful || !scope.Forked))
        {
            record.Input = await node.RenderInputAsync(scope).ConfigureAwait(true);
            record.Replay = ReplayMode.Reused;
            if (!recorded.Completed)
            {
                throw Failure(node, qualified, $"node '{qualified}' ({kind}) failed in run {Replay.Fork.SourceRun}, and the fork reuses that: {WithoutNodePrefix(recorded.Error ?? "failed", qualified)}");
            }

            return NodeOutcome.Completed(recorded.Output?.DeepClone());
        }

        switch (node)
        {
            case ToolNode tool:
                // A call the source run never made: say what it would have been, and make none.
                var input = await node.RenderInputAsync(scope).ConfigureAwait(true);
                record.Input = input;
                record.Replay = ReplayMode.Skipped;
                return NodeOutcome.Completed(new JsonObject
                {
                    ["skipped"] = true,
                    ["wouldCall"] = new JsonObject { ["tool"] = tool.Tool, ["args"] = input["args"]?.DeepClone() },
                });
            case RememberNode remember:
                var memory = await node.RenderInputAsync(scope).ConfigureAwait(true);
                record.Input = memory;
                record.Replay = ReplayMode.Skipped;
                return NodeOutcome.Completed(new JsonObject
                {
                    ["skipped"] = true,
                    ["wouldRemember"] = new JsonObject { ["agent"] = remember.Agent, ["text"] = memory["text"]?.DeepClone(), ["metadata"] = memory["metadata"]?.DeepClone() },
                });
            default:
                return await RunBudgetedActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true);
        }
    }

    /// <summary>
    /// An approval the source run decided: its decisions are counted again, with their operators and times, against
    /// the fork's <c>show</c> (values follow the new <c>show</c> unless an operator edited them: then the edited values
    /// stand). No one is notified. Without a decision that counts here (approvers changed), a human decides.
    /// </summary>
    private async Task<NodeOutcome> ReplayApprovalAsync(ApprovalNode node, string qualified, RunScope scope, NodeRecord record, RecordedVisit recorded)
    {
        var show = await RenderAsync(node.Show, scope).ConfigureAwait(true) as JsonObject ?? [];
        record.Input = show.DeepClone();
        record.Replay = ReplayMode.Reused;
        var original = recorded.Input ?? [];
        var decisions = recorded.Decisions ?? [];
        var edited = decisions.Any(d => d.Decision.Values is { } edits && edits.Any(e => original.ContainsKey(e.Key) && !JsonNode.DeepEquals(original[e.Key], e.Value)));
        var values = (JsonObject)(edited ? original : show).DeepClone();
        var wait = NewWait(WaitKind.Approval, qualified, RunNames.ApprovalPrefix + qualified);
        wait.Approvers = [.. node.Approvers];
        wait.Quorum = node.Quorum;
        wait.Votes = [];
        foreach (var (decision, at) in decisions.Select(d => (edited ? d.Decision : d.Decision with { Values = null }, d.At)))
        {
            if (!Count(decision, wait, values, at))
            {
                continue;
            }

            if (!decision.Approved || wait.Votes.Count(v => v.Approved) >= node.Quorum)
            {
                var deciders = decision.Approved ? wait.Votes.Where(v => v.Approved).ToList() : [wait.Votes[^1]];
                var output = ApprovalOutput(decision.Approved, decision.Approved ? "approved" : "rejected", deciders, values, wait.Votes);

                // The decision was made in the source run: its feedback record is that run's, and is not learned again.
                output["feedback"] = ApprovalFeedback.Of(output["decision"]!.GetValue<string>(), output["by"]?.GetValue<string>(), output["comment"]?.GetValue<string>(), original, values, wait.Node, Replay!.Fork.SourceRun);
                return NodeOutcome.Completed(output);
            }
        }

        if (recorded.TimedOut is { } outcome)
        {
            return outcome == "failed"
                ? throw Failure(node, qualified, $"node '{qualified}': no decision within {IsoDuration.Format(node.Timeout ?? TimeSpan.Zero)} in run {Replay!.Fork.SourceRun}")
                : NodeOutcome.Completed(ApprovalOutput(outcome == "approved", "timeout", [], show, wait.Votes));
        }

        record.Replay = null;
        return await ApproveAsync(node, qualified, scope, record).ConfigureAwait(true);
    }

    /// <summary>A fork does not wait for timers: what it replays happened already.</summary>
    private static NodeOutcome SkipTimer(NodeRecord record)
    {
        record.Replay = ReplayMode.Skipped;
        return NodeOutcome.NoOutput;
    }
}
