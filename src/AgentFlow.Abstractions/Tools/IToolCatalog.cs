namespace AgentFlow.Abstractions.Tools;

/// <summary>
/// The tool kinds a host offers, as workflows call them: a <c>tool</c> node and a model's tool call both go through
/// here, so both pass through the same guards (in the engine: the side-effect ledger for medium- and high-risk tools).
/// </summary>
public interface IToolCatalog
{
    /// <summary>Every kind offered.</summary>
    IReadOnlyCollection<IToolKind> Kinds { get; }

    /// <summary>The kind named <paramref name="kind"/> (e.g. <c>email</c>), or null when this host has none.</summary>
    IToolKind? Find(string kind);
}
