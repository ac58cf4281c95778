namespace AgentFlow.Engine.Approvals;

/// <summary>
/// Checks that every decision recorded in run histories has its <see cref="AuditKinds.Decision"/> record in the audit
/// log (same run, node, operator and decision). Run histories live in the durable backend, not in the log's folder,
/// so this finds decisions the log lost even when the log and its head were both removed or rewritten consistently.
/// </summary>
public static class DecisionCrossCheck
{
    /// <summary>Matches each recorded decision to a distinct audit record (a node decided twice in a loop needs two).</summary>
    /// <exception cref="AuditLogException">A line of the log is not a readable record.</exception>
    public static async Task<DecisionCrossCheckResult> RunAsync(AuditLog log, IRecordedDecisionSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(source);
        var available = new Dictionary<(string Run, string Node, string Operator, string Decision), int>();
        foreach (var record in await log.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (record is { Kind: AuditKinds.Decision, RunId: { } run, Node: { } node, Operator: { } op, Decision: { } decision })
            {
                available[(run, node, op, decision)] = available.GetValueOrDefault((run, node, op, decision)) + 1;
            }
        }

        var checkedCount = 0;
        var missing = new List<RecordedDecision>();
        await foreach (var recorded in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checkedCount++;
            if (!Take(available, (recorded.RunId, recorded.Node, recorded.Operator, recorded.Decision))
                && (recorded.InstanceId is null || !Take(available, (recorded.InstanceId, recorded.LocalNode ?? recorded.Node, recorded.Operator, recorded.Decision))))
            {
                missing.Add(recorded);
            }
        }

        return new DecisionCrossCheckResult(checkedCount, missing);
    }

    private static bool Take(Dictionary<(string, string, string, string), int> available, (string, string, string, string) key)
    {
        var count = available.GetValueOrDefault(key);
        if (count == 0)
        {
            return false;
        }

        available[key] = count - 1;
        return true;
    }
}
