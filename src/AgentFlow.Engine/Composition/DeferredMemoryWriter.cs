using AgentFlow.Abstractions.Memory;

namespace AgentFlow.Engine.Composition;

/// <summary>
/// The host's <see cref="IAgentMemoryWriter"/>, resolved when an approval first learns from feedback: a run that
/// learns nothing opens no memory store.
/// </summary>
internal sealed class DeferredMemoryWriter(Func<IAgentMemoryWriter> resolve) : IAgentMemoryWriter
{
    // PublicationOnly: a failed resolution is not remembered (the container's singleton is one instance either way).
    private readonly Lazy<IAgentMemoryWriter> _writer = new(resolve, LazyThreadSafetyMode.PublicationOnly);

    /// <inheritdoc />
    public Task<string> RememberAsync(AgentMemoryNote note, CancellationToken cancellationToken) =>
        _writer.Value.RememberAsync(note, cancellationToken);
}
