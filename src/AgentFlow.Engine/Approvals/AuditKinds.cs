namespace AgentFlow.Engine.Approvals;

/// <summary>The kinds of <see cref="AuditRecord"/>.</summary>
public static class AuditKinds
{
    /// <summary>An operator approved or rejected.</summary>
    public const string Decision = "decision";

    /// <summary>Someone tried to decide and was refused (not an approver, bad token, already decided).</summary>
    public const string Refusal = "refusal";

    /// <summary>The approval timed out and <c>onTimeout</c> applied.</summary>
    public const string Timeout = "timeout";

    /// <summary>The approval was escalated to other approvers.</summary>
    public const string Escalation = "escalation";

    /// <summary>An effect of a decision was carried out (e.g. the approved step ran).</summary>
    public const string Effect = "effect";

    /// <summary>An operator was added or removed, or such a change was refused (no run, no node; see <see cref="AuditRecord.Subject"/>).</summary>
    public const string Operator = "operator";

    /// <summary>An operator started or cancelled a run through the HTTP API (<see cref="AuditRecord.Decision"/> started or cancelled; no node).</summary>
    public const string Run = "run";

    /// <summary>
    /// An approval link that is not genuine (forged, altered, malformed) was refused. Nothing in it is trusted, so there is
    /// no run, node or operator; <see cref="AuditRecord.Subject"/> names the token by a hash prefix. (A genuine link that
    /// is used or expired is refused as a <see cref="Refusal"/> of its run, node and operator.)
    /// </summary>
    public const string Link = "link";

    /// <summary>
    /// An operator paused or resumed a trigger (<see cref="AuditRecord.Subject"/> names it as <c>WORKFLOW/TRIGGER</c>,
    /// <see cref="AuditRecord.Decision"/> is paused or resumed; no run, no node).
    /// </summary>
    public const string Trigger = "trigger";

    /// <summary>True for one of the kinds above.</summary>
    public static bool IsKnown(string? kind) => kind is Decision or Refusal or Timeout or Escalation or Effect or Operator or Run or Link or Trigger;
}
