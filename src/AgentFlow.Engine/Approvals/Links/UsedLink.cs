namespace AgentFlow.Engine.Approvals.Links;

/// <summary>An approval link that was used: by whom, for what, when.</summary>
/// <param name="Nonce">The link's nonce.</param>
/// <param name="RunId">The run it decided on.</param>
/// <param name="Node">The node path it decided on.</param>
/// <param name="Operator">The operator it decided as.</param>
/// <param name="UsedAt">When it was used.</param>
public sealed record UsedLink(string Nonce, string RunId, string Node, string Operator, DateTimeOffset UsedAt);
