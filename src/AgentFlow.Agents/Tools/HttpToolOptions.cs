namespace AgentFlow.Agents.Tools;

/// <summary>Host-wide defaults of <see cref="HttpToolKind"/>; a tool's own <c>timeout</c> and <c>maxResponseBytes</c> win.</summary>
public sealed class HttpToolOptions
{
    /// <summary>Limit for one call (all redirects and reading the body) when the tool sets no <c>timeout</c>; default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body read when the tool sets no <c>maxResponseBytes</c>; default 1 MiB.</summary>
    public long DefaultMaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Redirects followed (each only to an allowed host) before the call fails; default 3.</summary>
    public int MaxRedirects { get; set; } = 3;
}
