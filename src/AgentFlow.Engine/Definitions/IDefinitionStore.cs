namespace AgentFlow.Engine.Definitions;

/// <summary>
/// Content-addressed storage of pinned workflow definitions. Entries are immutable: a pin always names the same text,
/// which is what lets the deterministic orchestrator read them.
/// </summary>
public interface IDefinitionStore
{
    /// <summary>Stores a definition under its pin; storing the same pin again is a no-op.</summary>
    Task SaveAsync(PinnedDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Reads a definition by pin, or null when the store has none.</summary>
    Task<PinnedDefinition?> GetAsync(string pin, CancellationToken cancellationToken = default);
}
