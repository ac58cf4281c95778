using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// Takes operators' decisions on approval nodes: checks the run is waiting at that node and the operator is one of
/// its approvers, audits the decision (or the refusal), and delivers it to the run. Duplicates are idempotent.
/// </summary>
public sealed class ApprovalService(RunClient runs, AuditLog audit)
{
    /// <summary>Decides on <paramref name="node"/> of <paramref name="runId"/> as <paramref name="op"/>.</summary>
    public async Task<DecisionResult> DecideAsync(
        string runId, string node, Operator op, bool approve, string? comment, JsonObject? edits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        var (run, wait) = await runs.FindWaitAsync(runId, node, WaitKind.Approval, cancellationToken).ConfigureAwait(false);
        if (wait is null)
        {
            return await RefuseAsync(runId, node, op, NotWaiting(run, runId, node), cancellationToken).ConfigureAwait(false);
        }

        // Decisions are recorded against the run a user sees and the node's path from it, at any depth.
        (runId, node) = (run!.RunId, wait.Node);

        if (!Approver.AnyAdmits(wait.Approvers ?? [], op.Name, op.Roles))
        {
            return await RefuseAsync(runId, node, op, $"operator '{op.Name}' (roles: {string.Join(", ", op.Roles)}) is not an approver of '{node}' (approvers: {string.Join(", ", wait.Approvers ?? [])})", cancellationToken).ConfigureAwait(false);
        }

        if (wait.Votes?.FirstOrDefault(v => v.By == op.Name) is { } earlier)
        {
            return new DecisionResult(DecisionOutcome.Duplicate, $"{op.Name} already {(earlier.Approved ? "approved" : "rejected")} '{node}' at {earlier.At:u}; it is counted once");
        }

        var shown = wait.Show as JsonObject ?? [];
        if (edits?.Select(e => e.Key).FirstOrDefault(k => !shown.ContainsKey(k)) is { } unknown)
        {
            return new DecisionResult(DecisionOutcome.Refused, $"'{unknown}' is not a shown value of '{node}'; shown: {string.Join(", ", shown.Select(s => s.Key))}");
        }

        if (edits is not null && Coerce(shown, edits) is { } badEdit)
        {
            return new DecisionResult(DecisionOutcome.Refused, badEdit);
        }

        await audit.AppendAsync(
            new AuditEntry(Kind: "decision", RunId: runId, Node: node, Operator: op.Name, Decision: approve ? "approved" : "rejected", Comment: comment, Shown: (JsonObject)shown.DeepClone(), Edits: (JsonObject?)edits?.DeepClone()),
            cancellationToken).ConfigureAwait(false);
        await runs.RaiseEventAsync(wait.Instance ?? runId, wait.Event ?? RunNames.ApprovalPrefix + node, new ApprovalDecision(approve, op.Name, comment, edits, op.Roles), cancellationToken).ConfigureAwait(false);
        var votes = (wait.Votes?.Count(v => v.Approved) ?? 0) + (approve ? 1 : 0);
        var state = !approve ? "rejected" : votes >= (wait.Quorum ?? 1) ? "approved" : $"approved ({votes} of {wait.Quorum} approvals)";
        return new DecisionResult(DecisionOutcome.Accepted, $"{op.Name} {state} '{node}' of run {runId}");
    }

    /// <summary>Whether <paramref name="node"/> of <paramref name="runId"/> waits for a decision, and if not, why not (by whom it was decided).</summary>
    public async Task<ApprovalState> GetAsync(string runId, string node, CancellationToken cancellationToken = default)
    {
        var (run, wait) = await runs.FindWaitAsync(runId, node, WaitKind.Approval, cancellationToken).ConfigureAwait(false);
        if (wait is not null)
        {
            return new ApprovalState(wait, null);
        }

        var preparing = run is { IsFinished: false }
            && run.Progress?.Current.Contains(node, StringComparer.Ordinal) == true
            && !run.Timeline.Any(r => r.Node == node && r.Kind == "approval" && r.Status is NodeStatus.Completed or NodeStatus.Failed);
        return new ApprovalState(null, NotWaiting(run, runId, node), preparing);
    }

    /// <summary>Audits a refused approval link (used, expired, decided already) of <paramref name="operatorName"/> for <paramref name="node"/> of <paramref name="runId"/>.</summary>
    public async Task RefuseLinkAsync(string runId, string node, string? operatorName, string reason, CancellationToken cancellationToken = default) =>
        await audit.AppendAsync(new AuditEntry(Kind: AuditKinds.Refusal, RunId: runId, Node: node, Operator: operatorName, Reason: reason), cancellationToken).ConfigureAwait(false);

    private async Task<DecisionResult> RefuseAsync(string runId, string node, Operator? op, string reason, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditEntry(Kind: "refusal", RunId: runId, Node: node, Operator: op?.Name, Reason: reason), cancellationToken).ConfigureAwait(false);
        return new DecisionResult(DecisionOutcome.Refused, reason);
    }

    /// <summary>Audits a refusal for a caller who could not be authenticated.</summary>
    public Task<DecisionResult> RefuseUnauthenticatedAsync(string runId, string node, CancellationToken cancellationToken = default) =>
        RefuseAsync(runId, node, null, "the operator token is not valid (unknown, revoked or mistyped); ask an admin for a token (agentflow operators add)", cancellationToken);

    /// <summary>Gives each edit the JSON type of the value it replaces (text from a command line becomes a number for a number).</summary>
    private static string? Coerce(JsonObject shown, JsonObject edits)
    {
        foreach (var name in edits.Select(e => e.Key).ToList())
        {
            var original = shown[name]?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
            if (edits[name] is not JsonValue edit || !edit.TryGetValue<string>(out var text) || original is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Null)
            {
                continue;
            }

            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                parsed = null;
            }

            var kind = parsed?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
            var sameKind = kind == original || (kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && original is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False);
            if (!sameKind)
            {
                return $"'{name}' is shown as {shown[name]!.ToJsonString()}; give a value of the same type (got '{text}')";
            }

            edits[name] = parsed;
        }

        return null;
    }

    private static string NotWaiting(RunInfo? run, string runId, string node)
    {
        if (run is null)
        {
            return $"there is no run '{runId}'";
        }

        var decided = run.Timeline.LastOrDefault(r => r.Node == node && r.Kind == "approval" && r.Status is NodeStatus.Completed or NodeStatus.Failed);
        if (decided?.Output is JsonObject output)
        {
            var decision = output["decision"]?.ToString();
            return decision == "timeout"
                ? $"'{node}' timed out at {decided.EndedAt:u} (no decision in time); it can no longer be decided"
                : $"'{node}' was already {decision} by {output["by"]} at {decided.EndedAt:u}";
        }

        if (run.IsFinished)
        {
            return $"run '{runId}' is {run.Status.ToString().ToLowerInvariant()}; it waits for nothing";
        }

        var waiting = run.Progress?.Waiting.Where(w => w.Kind == WaitKind.Approval).Select(w => w.Node).ToList() ?? [];
        return waiting.Count > 0
            ? $"run '{runId}' does not wait at '{node}'; it waits for approval at: {string.Join(", ", waiting)}"
            : $"run '{runId}' is not waiting for an approval at '{node}' (now at: {string.Join(", ", run.Progress?.Current ?? [])})";
    }
}
