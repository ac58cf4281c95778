namespace AgentFlow.Engine.Approvals.Links;

/// <summary>The result of checking a link token.</summary>
/// <param name="Status">Valid, expired or forged.</param>
/// <param name="Link">What the token says, when it is genuine (valid or expired); null when forged.</param>
/// <param name="Fingerprint">A short hash of the token, to name it in logs and the audit log without revealing it.</param>
public sealed record ApprovalLinkCheck(ApprovalLinkStatus Status, ApprovalLink? Link, string Fingerprint);
