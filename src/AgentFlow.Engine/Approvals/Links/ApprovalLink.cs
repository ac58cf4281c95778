namespace AgentFlow.Engine.Approvals.Links;

/// <summary>What a genuine approval link grants: one decision on one approval, by one operator, until it expires.</summary>
/// <param name="RunId">The top-level run.</param>
/// <param name="Node">The approval's node path from that run (<c>approveRefund</c>, <c>call.review</c>, <c>each[3].ok</c>).</param>
/// <param name="Operator">The operator the link decides as.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
/// <param name="Nonce">Random, unique per link; recorded when the link is used, and the name the audit log knows it by.</param>
public sealed record ApprovalLink(string RunId, string Node, string Operator, DateTimeOffset ExpiresAt, string Nonce);
