namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>The local embedder, counting its calls.</summary>
internal sealed class CountingEmbedder : IEmbedder
{
    private readonly LocalEmbedder _inner = new();
    private int _calls;

    public string Name => _inner.Name;

    public int Dimensions => _inner.Dimensions;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return _inner.EmbedAsync(text, cancellationToken);
    }
}
