using System.Globalization;
using AgentFlow.Core;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// A risky tool was asked to act for a key whose earlier attempt started but recorded no result, so the effect may
/// already have happened. It is never repeated automatically; an operator resolves it through the ledger.
/// </summary>
public sealed class EffectInDoubtException : AgentFlowException
{
    /// <summary>Creates the exception for the in-doubt <paramref name="entry"/>.</summary>
    public EffectInDoubtException(LedgerEntry entry)
        : base(Describe(entry ?? throw new ArgumentNullException(nameof(entry))))
    {
        Key = entry.Key;
        Tool = entry.Tool;
        Node = entry.Node;
        StartedAt = entry.StartedAt;
    }

    /// <summary>The idempotency key of the effect.</summary>
    public string Key { get; }

    /// <summary>The declared tool's name.</summary>
    public string Tool { get; }

    /// <summary>The node that asked for the effect.</summary>
    public string Node { get; }

    /// <summary>When the attempt that may have acted began (UTC).</summary>
    public DateTime StartedAt { get; }

    private static string Describe(LedgerEntry entry) =>
        $"tool '{entry.Tool}' may already have acted for {entry.Node} (key {entry.Key}, started "
        + $"{entry.StartedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, no result recorded): "
        + $"it is not repeated automatically; an operator must check and resolve it (agentflow effects resolve {entry.Key} --done | --repeat)";
}
