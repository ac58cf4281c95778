using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// The host's tool kinds, each wrapped in a <see cref="LedgeredToolKind"/>: medium- and high-risk tools act at most once
/// per idempotency key, whether a <c>tool</c> node or a model's tool call invokes them.
/// </summary>
public sealed class LedgeredToolCatalog : IToolCatalog
{
    private readonly Dictionary<string, IToolKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="kinds"/> (a later kind of the same name replaces an earlier one) around <paramref name="ledger"/>.</summary>
    public LedgeredToolCatalog(IEnumerable<IToolKind> kinds, IEffectLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(ledger);
        foreach (var kind in kinds)
        {
            _kinds[kind.Kind] = new LedgeredToolKind(kind, ledger);
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<IToolKind> Kinds => _kinds.Values;

    /// <inheritdoc />
    public IToolKind? Find(string kind) => _kinds.GetValueOrDefault(kind);
}
