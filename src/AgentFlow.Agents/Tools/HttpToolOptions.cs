using System.Net;

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

    /// <summary>
    /// Resolves a host name to the addresses a connection may use; null (the default) asks DNS. Every address is checked
    /// against the host's ceilings before connecting (tests resolve names such as <c>evil.test</c> through a stub).
    /// </summary>
    public Func<string, CancellationToken, Task<IPAddress[]>>? ResolveHost { get; set; }
}
