using System.Collections.Concurrent;
using System.Diagnostics;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// Runs one case of one variant: the real workflow on the embedded SQLite backend in a temporary data dir of its own
/// (the composition of <c>agentflow run</c> with <see cref="EvalComposition"/>), deciding approvals from the case's
/// script as an eval operator through the <see cref="ApprovalService"/> (audited in that data dir) and stopping the
/// case as held at an approval it has no decision for (the run is then cancelled). The data dir is deleted afterwards.
/// </summary>
internal sealed partial class CaseRunner(string workflowFile, TimeSpan caseTimeout)
{
    private const string EvalOperator = "eval";

    public async Task<CaseOutcome> RunAsync(EvalCase evalCase, EvalVariant variant, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("agentflow-eval-").FullName;
        try
        {
            var refusals = new ConcurrentQueue<string>();
            var records = new ConcurrentDictionary<string, RecordedNode>(StringComparer.Ordinal);
            var decisions = new List<(string Node, bool Approved, DateTime At)>();
            await using var services = CliServices.Create(Path.Combine(root, "data"), "sqlite", customize: s => EvalComposition.Apply(s, evalCase, Path.Combine(root, "audit.key"), refusals, records));
            await using var session = await CliSession.OpenAsync(services, worker: true, cancellationToken).ConfigureAwait(false);
            var prepared = await session.Client.PrepareAsync(workflowFile, variant.Patches, evalCase.Inputs, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var id = await session.Client.StartAsync(prepared, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (run, held, problem) = await FollowAsync(session, services.Get<AuditLog>(), id, evalCase, decisions, cancellationToken).ConfigureAwait(false);
            var latency = clock.Elapsed;
            if (!run.IsFinished)
            {
                await session.Client.CancelAsync(id, held.Count > 0 ? $"eval: case '{evalCase.Id}' held at {string.Join(", ", held)}" : $"eval: case '{evalCase.Id}' stopped", CancellationToken.None).ConfigureAwait(false);
            }

            var outcome = await CollectAsync(run, prepared.Workflow, services.Get<Engine.Ledger.IEffectLedger>(), records, decisions, cancellationToken).ConfigureAwait(false);
            await session.DrainAsync(CancellationToken.None).ConfigureAwait(false);
            var refused = refusals.ToList();
            return outcome with
            {
                Status = refused.Count > 0 || problem is not null ? "error" : held.Count > 0 ? "held" : outcome.Status,
                Error = refused.FirstOrDefault() ?? problem ?? outcome.Error,
                HeldAt = held,
                Latency = latency,
            };
        }
        finally
        {
            TryDelete(root);
        }
    }

    private async Task<(RunInfo Run, List<string> Held, string? Problem)> FollowAsync(CliSession session, AuditLog audit, string id, EvalCase evalCase, List<(string Node, bool Approved, DateTime At)> decisions, CancellationToken cancellationToken)
    {
        var approvals = new ApprovalService(session.Client, audit);
        var sent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var run = await session.Client.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new Core.AgentFlowException($"run '{id}' disappeared while it was followed");
            if (run.IsFinished)
            {
                return (run, [], null);
            }

            var waits = run.Progress?.Waiting ?? [];
            var undecided = new List<string>();
            var pending = false;
            foreach (var wait in waits.Where(w => w.Kind == WaitKind.Approval))
            {
                var script = evalCase.Approvals.FirstOrDefault(a => NodeIds.Matches(a.Key, wait.Node)).Value;
                if (script is null)
                {
                    undecided.Add(wait.Node);
                    continue;
                }

                var key = (wait.Instance ?? id) + "|" + wait.Node;
                var names = sent.TryGetValue(key, out var n) ? n : sent[key] = [];
                var counted = wait.Votes?.Count(v => names.Contains(v.By)) ?? 0;
                if (names.Count > counted || (counted > 0 && !script.Approve))
                {
                    pending = true;
                    continue;
                }

                // One vote per distinct operator until the quorum is met (the wait goes away once it is).
                var name = (script.By ?? EvalOperator) + (names.Count == 0 ? string.Empty : $"-{names.Count + 1}");
                var roles = (wait.Approvers ?? []).Where(a => a.Kind == Core.Model.ApproverKind.Role).Select(a => a.Name).ToList();
                var user = (wait.Approvers ?? []).FirstOrDefault(a => a.Kind == Core.Model.ApproverKind.User)?.Name;
                var op = new Operator(roles.Count == 0 && user is not null && script.By is null && names.Count == 0 ? user : name, roles, null, DateTime.UtcNow);
                // Noted before the decision is delivered: the run may act on it before DecideAsync returns.
                var decidedAt = DateTime.UtcNow;
                var decision = await approvals.DecideAsync(id, wait.Node, op, script.Approve, script.Comment ?? $"eval case '{evalCase.Id}'", script.Values, cancellationToken).ConfigureAwait(false);
                if (decision.Outcome == DecisionOutcome.Refused)
                {
                    return (run, [], $"the scripted decision on '{wait.Node}' was refused: {decision.Message}");
                }

                names.Add(op.Name);
                decisions.Add((wait.Node, script.Approve, decidedAt));
                pending = true;
            }

            if (waits.FirstOrDefault(w => w.Kind == WaitKind.Effect) is { } effect)
            {
                return (run, [], $"the run waits for an operator on an effect in doubt at '{effect.Node}': {effect.Reason}");
            }

            if (run.Status == RunStatus.Waiting && !pending)
            {
                if (undecided.Count > 0)
                {
                    return (run, undecided, null);
                }

                if (waits.FirstOrDefault(w => w.Kind == WaitKind.Timer && w.Until - DateTime.UtcNow > caseTimeout) is { } timer)
                {
                    return (run, [], $"the run waits for a timer at '{timer.Node}' until {timer.Until:u}, beyond the case timeout");
                }
            }

            if (deadline.Elapsed > caseTimeout)
            {
                return (run, [], $"the run did not finish or wait within {caseTimeout.TotalSeconds:0} s (status {run.Status.Name()}, at {string.Join(", ", run.Progress?.Current ?? [])})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still open (e.g. SQLite's) keeps a temporary folder; nothing depends on it.
        }
    }
}
