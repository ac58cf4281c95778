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

    /// <summary>
    /// Reads a definition by pin, or null when the store has none, synchronously. For orchestrator code only (through
    /// <see cref="DefinitionCache"/>): an orchestrator must not await work that is not a durable task, since its
    /// single-threaded scheduler would resume it on a thread-pool thread, so it needs a read that does not return a task.
    /// Everything else uses <see cref="GetAsync"/>.
    /// </summary>
    PinnedDefinition? Read(string pin);

    /// <summary>
    /// Removes the definition stored under <paramref name="pin"/>; false when there was none. Only the purge of runs
    /// calls it (<see cref="Retention.RunPurger"/>), for pins no remaining run refers to.
    /// </summary>
    Task<bool> DeleteAsync(string pin, CancellationToken cancellationToken = default);
}
