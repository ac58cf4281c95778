namespace AgentFlow.Engine.Approvals;

/// <summary>What <see cref="AuditLog.VerifyAsync"/> found.</summary>
public enum AuditVerificationStatus
{
    /// <summary>Every record is intact, the chain unbroken, every MAC valid and the log reaches its recorded head.</summary>
    Intact,

    /// <summary>The log was changed: a record edited, deleted, reordered, inserted or rewritten, or the file emptied or deleted.</summary>
    Tampered,

    /// <summary>
    /// The log cannot be vouched for, though nothing proves it was changed: the key is missing or another one, or an
    /// unkeyed log (written before keys) has no head yet.
    /// </summary>
    Unverifiable,
}
