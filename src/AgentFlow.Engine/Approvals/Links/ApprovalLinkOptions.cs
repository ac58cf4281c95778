namespace AgentFlow.Engine.Approvals.Links;

/// <summary>
/// Whether approval notifications carry a link that decides in the browser, and for how long it works:
/// <c>server.publicUrl</c> and <c>notifications.linkLifetime</c> in agentflow.json
/// (<c>AGENTFLOW__SERVER__PUBLICURL</c>, <c>AGENTFLOW__NOTIFICATIONS__LINKLIFETIME</c>).
/// </summary>
public sealed class ApprovalLinkOptions
{
    /// <summary>The default <see cref="Lifetime"/>: 72 hours.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(72);

    /// <summary>
    /// The address people reach the server at (<c>https://agentflow.example.com/</c>, also behind a proxy). Null (the
    /// default): notifications carry no link and say how to decide from the command line.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>How long a link works after it is sent; shorter when the approval times out earlier. Default 72 hours.</summary>
    public TimeSpan Lifetime { get; set; } = DefaultLifetime;
}
