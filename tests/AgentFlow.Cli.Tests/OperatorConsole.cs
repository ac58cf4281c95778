using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// An operator at work on a scale-out test's client machine: approves each run waiting at <c>review</c> once, and settles
/// each effect a killed worker left in doubt the way a careful operator would, by asking the target whether it arrived
/// (arrived: done; not arrived: repeat), auditing it as <c>agentflow effects resolve</c> does.
/// </summary>
internal sealed class OperatorConsole(ScaleOutClient client, Operator op, EffectTarget target, Action<string> log)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Report = TimeSpan.FromSeconds(15);
    private readonly HashSet<string> _decided = new(StringComparer.Ordinal);

    /// <summary>How many approvals were decided.</summary>
    public int Decided => _decided.Count;

    /// <summary>The effects settled, as <c>RUN/NODE: done|repeat</c>.</summary>
    public List<string> Settled { get; } = [];

    /// <summary>Works until <paramref name="count"/> runs of <paramref name="workflow"/> have completed; returns them. A failed run ends it at once.</summary>
    public async Task<IReadOnlyList<RunInfo>> UntilFinishedAsync(string workflow, int count, CancellationToken cancellationToken)
    {
        var settled = new HashSet<string>(StringComparer.Ordinal);
        var reported = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // Queries by status only: listing every run would read each pending one whole, which slows Azurite down.
            var failed = await client.Runs.ListAsync(new RunQuery { Workflow = workflow, Status = RunStatus.Failed, Limit = count }, cancellationToken);
            if (failed.Count > 0 && failed[0] is { } broken)
            {
                throw new InvalidOperationException($"run {broken.RunId} failed: {broken.Error}");
            }

            var completed = await client.Runs.ListAsync(new RunQuery { Workflow = workflow, Status = RunStatus.Completed, Limit = 10 * count }, cancellationToken);
            if (completed.Count >= count)
            {
                return completed;
            }

            var waiting = await client.Runs.ListAsync(new RunQuery { Workflow = workflow, Status = RunStatus.Waiting, Limit = 10 * count }, cancellationToken);
            if (reported.Elapsed >= Report)
            {
                reported.Restart();
                log($"{target.Total} effects; {completed.Count} runs completed, {waiting.Count} waiting; {Decided} decided, {Settled.Count} settled");
            }

            foreach (var run in waiting)
            {
                foreach (var wait in run.Progress?.Waiting ?? [])
                {
                    if (wait.Kind == WaitKind.Approval && _decided.Add(run.RunId))
                    {
                        var decision = await client.Approvals.DecideAsync(run.RunId, wait.Node, op, approve: true, comment: null, edits: null, cancellationToken);
                        if (decision.Outcome != DecisionOutcome.Accepted)
                        {
                            throw new InvalidOperationException($"deciding {run.RunId}/{wait.Node}: {decision.Outcome}: {decision.Message}");
                        }
                    }
                    else if (wait.Kind == WaitKind.Effect && settled.Add($"{run.RunId}/{wait.Node}"))
                    {
                        await SettleAsync(run.RunId, wait.Node, cancellationToken);
                    }
                }
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private async Task SettleAsync(string runId, string node, CancellationToken cancellationToken)
    {
        var entry = (await client.Ledger.ListAsync(LedgerState.Started, cancellationToken)).FirstOrDefault(e => e.RunId == runId && e.Node == node)
            ?? throw new InvalidOperationException($"run {runId} waits on the effect of '{node}', but the ledger this machine sees has no started entry for it");
        var repeat = target.CountOf(runId, node) == 0;
        var result = repeat ? null : new JsonObject { ["status"] = 200, ["body"] = new JsonObject { ["received"] = true, ["run"] = runId, ["step"] = node } };
        await client.Ledger.ResolveAsync(entry.Key, repeat ? LedgerResolution.Repeat : LedgerResolution.Done, result, op.Name, cancellationToken);
        await client.Audit.AppendAsync(new AuditEntry(Kind: AuditKinds.Effect, RunId: runId, Node: node, Operator: op.Name, Decision: repeat ? "repeat" : "done", Reason: $"tool '{entry.Tool}' key {entry.Key}"), cancellationToken);
        await client.Runs.DeliverEffectResolutionAsync(runId, node, new EffectResolution(op.Name, repeat), cancellationToken);
        Settled.Add($"{runId}/{node}: {(repeat ? "repeat" : "done")}");
    }
}
