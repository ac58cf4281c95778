using AgentFlow.Core.Paths;

namespace AgentFlow.Abstractions.Hosting;

/// <summary>The folders a host works in: its data directory and the folders workflows' files may name.</summary>
/// <param name="DataDirectory">Where the embedded backend, the ledger, memory, indexes and the outbox live.</param>
/// <param name="Paths">Folders besides each workflow's own that its source paths and sub-workflow files may name (<c>allowPaths</c>).</param>
public sealed record HostFolders(string DataDirectory, PathConfinement Paths)
{
    /// <summary>The folder e-mail goes to when no SMTP server is configured.</summary>
    public string Outbox => Path.Combine(DataDirectory, "outbox");
}
