namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The chain's head as recorded outside the log (<c>DATA/audit-head.db</c>): the sequence and hash of the last record
/// appended, so deleting records at the end, emptying or deleting the log is evident.
/// </summary>
/// <param name="Sequence">The last record's sequence.</param>
/// <param name="Hash">The last record's hash.</param>
public sealed record AuditHead(long Sequence, string Hash);
