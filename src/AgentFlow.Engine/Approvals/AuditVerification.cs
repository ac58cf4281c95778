namespace AgentFlow.Engine.Approvals;

/// <summary>The result of <see cref="AuditLog.VerifyAsync"/>.</summary>
public sealed record AuditVerification
{
    /// <summary>What was found.</summary>
    public required AuditVerificationStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="AuditVerificationStatus.Intact"/>.</summary>
    public bool Ok => Status == AuditVerificationStatus.Intact;

    /// <summary>Records verified: all of them when <see cref="Ok"/>, those before the first problem otherwise.</summary>
    public long Records { get; init; }

    /// <summary>Of <see cref="Records"/>, those at the start written before keys (no MAC), sealed by the first keyed record.</summary>
    public long UnkeyedRecords { get; init; }

    /// <summary>The head recorded outside the log, when there is one.</summary>
    public AuditHead? Head { get; init; }

    /// <summary>The id of the key the MACs were checked with, when there is a key.</summary>
    public string? KeyId { get; init; }

    /// <summary>The sequence the first bad line claims, when it could be read.</summary>
    public long? FirstBadSequence { get; init; }

    /// <summary>The 1-based line number of the first problem, when it is on a line.</summary>
    public int? FirstBadLine { get; init; }

    /// <summary>What is wrong (naming the line when there is one) and, where it helps, what to do.</summary>
    public string? Problem { get; init; }

    /// <summary>Something worth knowing about an intact log (e.g. a record after the head: an interrupted append).</summary>
    public string? Note { get; init; }
}
