namespace AgentFlow.Engine.Approvals.Links;

/// <summary>
/// The nonces of approval links already used. Claiming a nonce is atomic wherever the store lives, so of any number of
/// requests racing with the same link (in this process, another one, or on another machine sharing the store) exactly
/// one wins.
/// </summary>
public interface IUsedLinkStore
{
    /// <summary>Marks <paramref name="link"/> used at <paramref name="usedAt"/>; null when this call did, the earlier use when it already was.</summary>
    Task<UsedLink?> TryUseAsync(ApprovalLink link, DateTimeOffset usedAt, CancellationToken cancellationToken = default);

    /// <summary>The use of the link with <paramref name="nonce"/>, or null when it was not used.</summary>
    Task<UsedLink?> FindAsync(string nonce, CancellationToken cancellationToken = default);
}
