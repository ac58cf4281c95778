namespace AgentFlow.Abstractions.Memory;

/// <summary>
/// Write access to agents' long-term memory outside <c>remember</c> nodes, e.g. for an approval's feedback
/// (<c>learn</c>). Idempotent by <see cref="AgentMemoryNote.Id"/>: writing a note whose id is already stored changes
/// nothing, so a retried or replayed step remembers once.
/// </summary>
public interface IAgentMemoryWriter
{
    /// <summary>Embeds and stores <paramref name="note"/> in its agent's memory; returns the stored id.</summary>
    Task<string> RememberAsync(AgentMemoryNote note, CancellationToken cancellationToken);
}
