namespace AgentFlow.Engine.Approvals;

/// <summary>The result of <see cref="AuditLog.VerifyAsync"/>.</summary>
/// <param name="Ok">True when every record is intact and the chain is unbroken.</param>
/// <param name="Records">Records verified (all of them when <paramref name="Ok"/>; those before the first problem otherwise).</param>
/// <param name="FirstBadSequence">The sequence the first bad line claims, when it could be read.</param>
/// <param name="FirstBadLine">The 1-based line number of the first problem.</param>
/// <param name="Problem">What is wrong there, naming the line.</param>
public sealed record AuditVerification(bool Ok, long Records, long? FirstBadSequence, int? FirstBadLine, string? Problem);
