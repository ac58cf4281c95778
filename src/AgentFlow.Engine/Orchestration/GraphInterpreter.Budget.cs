using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Orchestration.Budgets;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// Budgets: before each node (steps, duration) and before each model call (tokens, cost, model calls of the workflow
/// and of the node's agent) the run checks its limits; at one it would cross, it pauses at an automatic approval
/// <c>budget</c> addressed to <c>budget.approvers</c> (decided like any approval: <c>agentflow approve RUN budget</c>).
/// Approving raises the limit to the shown (or edited) <c>limit</c> and checks again; rejecting fails the run.
/// </summary>
internal sealed partial class GraphInterpreter
{
    private readonly BudgetTracker _budget = new(index.Definition, () => progress.Usage, context.CurrentUtcDateTime);

    /// <summary>The pause in progress: parallel lanes that reach a limit meanwhile wait for it, then check again.</summary>
    private Task? _budgetPause;

    private int _budgetPauses;

    /// <summary>True in a map chunk orchestration, whose pauses are named by the node they stop (chunks may pause side by side).</summary>
    private bool _budgetInChunk;

    /// <summary>Continues the budget of the run a map chunk belongs to (<paramref name="state"/>: spent when the chunk started).</summary>
    public void ResumeBudget(BudgetState? state)
    {
        _budgetInChunk = true;
        if (state is not null)
        {
            _budget.Resume(state);
        }
    }

    /// <summary>What this chunk spent, to hand back to its run.</summary>
    public BudgetState BudgetSpent() => _budget.Spent(progress.Usage);

    /// <summary>Counts what a chunk spent: its usage on the run's progress, its steps and agents' usage against the budget.</summary>
    private void CountChunk(BudgetState? spent)
    {
        if (spent is null)
        {
            return;
        }

        if (spent.Usage is { } usage)
        {
            progress.AddUsage(usage);
        }

        _budget.Merge(spent);
    }

    /// <summary>Checks the limits that running <paramref name="node"/> now would cross; pauses until they are raised.</summary>
    private Task BeforeNodeAsync(WorkflowNode node, string qualified)
    {
        if (_budget.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var breach = _budget.BeforeNode(node, context.CurrentUtcDateTime);
        if (breach is null)
        {
            _budget.CountStep();
            return Task.CompletedTask;
        }

        return EnforceAsync(node, qualified, breach, () => _budget.BeforeNode(node, context.CurrentUtcDateTime), held: null);
    }

    /// <summary>Checks the model limits again before a retry of an <c>llm</c> node (other lanes may have spent meanwhile).</summary>
    private async Task BeforeModelRetryAsync(WorkflowNode node, string qualified, NodeRecord record)
    {
        if (_budget.IsEmpty || node is not LlmNode llm || _budget.BeforeModelCall(llm.Agent, inFlight: true) is not { } breach)
        {
            return;
        }

        // The node has started: it waits with the run, so the run counts as waiting, not running.
        progress.Hold(record);
        try
        {
            await EnforceAsync(node, qualified, breach, () => _budget.BeforeModelCall(llm.Agent, inFlight: true), held: record).ConfigureAwait(true);
        }
        finally
        {
            progress.Release(record);
        }
    }

    /// <summary>Runs an activity node; an <c>llm</c> node's call counts as in flight meanwhile, so parallel lanes' checks predict it.</summary>
    private async Task<NodeOutcome> RunBudgetedActivityAsync(WorkflowNode node, string qualified, int visit, RunScope scope, NodeRecord record)
    {
        if (_budget.IsEmpty || node is not LlmNode llm)
        {
            return await RunActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true);
        }

        _budget.StartModelCall(llm.Agent);
        try
        {
            return await RunActivityAsync(node, qualified, visit, scope, record).ConfigureAwait(true);
        }
        finally
        {
            _budget.EndModelCall(llm.Agent);
        }
    }

    /// <summary>Counts an <c>llm</c> node's usage against its agent's budget.</summary>
    private void CountModelUsage(WorkflowNode node, JsonNode? output)
    {
        if (node is LlmNode llm && !_budget.IsEmpty && TokenUsage.FromOutput(output) is { } usage)
        {
            _budget.CountModelUsage(llm.Agent, usage);
        }
    }

    /// <summary>Pauses (or waits for the pause of another lane) until <paramref name="check"/> finds no breach; counts the step of a node not yet started (<paramref name="held"/> null).</summary>
    private async Task EnforceAsync(WorkflowNode node, string qualified, BudgetBreach? breach, Func<BudgetBreach?> check, NodeRecord? held)
    {
        for (var round = 0; breach is not null; round++)
        {
            if (round >= MaxApprovalRounds)
            {
                throw new NodeFailedException(qualified, NodeKinds.ToJson(node.Kind), $"{breach.Describe(qualified)}; more than {MaxApprovalRounds} budget approvals without a limit that lets it run", routable: false);
            }

            var pause = _budgetPause ??= PauseAsync(node, qualified, breach);
            try
            {
                await pause.ConfigureAwait(true);
            }
            finally
            {
                if (ReferenceEquals(_budgetPause, pause))
                {
                    _budgetPause = null;
                }
            }

            breach = check();
        }

        if (held is null)
        {
            _budget.CountStep();
        }
    }

    /// <summary>The automatic approval: shows what is reached and the suggested new limit, and raises it when approved.</summary>
    private async Task PauseAsync(WorkflowNode node, string qualified, BudgetBreach breach)
    {
        var kind = NodeKinds.ToJson(node.Kind);
        var reached = breach.Describe(qualified);
        if (_budget.Approvers.Count == 0)
        {
            throw new NodeFailedException(qualified, kind, $"{reached}; the workflow's budget has no approvers, so the run stops here. To let an operator continue such a run, add \"approvers\" (e.g. [\"role:lead\"]) to the workflow's \"budget\"; or raise the limit ({breach.MetricName}) in the workflow file", routable: false);
        }

        var name = _budgetInChunk ? $"{RunNames.BudgetWait}.{qualified}" : RunNames.BudgetWait;
        var show = breach.Show(qualified);
        var record = progress.Start(name, NodeKind.Approval, ++_budgetPauses, visible: true);
        record.Input = show.DeepClone();
        if (await AwaitAutomaticApprovalAsync(name, record, _budget.Approvers, show).ConfigureAwait(true) is not ({ } decision, { } values, { } wait))
        {
            throw new NodeFailedException(qualified, kind, $"{reached}; more than {MaxApprovalRounds} decisions arrived without one that counts", routable: false);
        }

        var decider = wait.Votes![^1];
        progress.Complete(record, ApprovalOutput(decision.Approved, decision.Approved ? "approved" : "rejected", [decider], values, wait.Votes!));
        Telemetry.NodeEnded(record, string.Empty);
        if (!decision.Approved)
        {
            var comment = string.IsNullOrWhiteSpace(decision.Comment) ? string.Empty : $" ({decision.Comment})";
            throw new NodeFailedException(qualified, kind, $"{reached}; rejected by {decision.By}{comment}", routable: false);
        }

        // A limit that cannot be read (an edited duration that is not ISO-8601) raises nothing: the run pauses again.
        if (breach.ReadLimit(values["limit"]) is { } limit)
        {
            _budget.Raise(breach.Key, limit);
        }
    }
}
