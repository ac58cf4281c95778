namespace AgentFlow.Engine.Approvals.Links;

/// <summary>What <see cref="ApprovalLinks.CheckAsync"/> found out about a token.</summary>
public enum ApprovalLinkStatus
{
    /// <summary>Made with this server's key and not expired (it may still have been used: see <see cref="UsedLinkStore"/>).</summary>
    Valid,

    /// <summary>Made with this server's key, but its time is over.</summary>
    Expired,

    /// <summary>Not made with this server's key, altered, truncated or malformed: nothing in it can be trusted.</summary>
    Forged,
}
