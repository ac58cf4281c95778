namespace AgentFlow.Memory;

/// <summary>Turns text into a fixed-size vector whose cosine similarity reflects how related two texts are.</summary>
public interface IEmbedder
{
    /// <summary>Stable name of the embedding scheme; a memory index only accepts vectors of the embedder that built it.</summary>
    string Name { get; }

    /// <summary>Length of every vector this embedder returns.</summary>
    int Dimensions { get; }

    /// <summary>Embeds <paramref name="text"/> into a vector of <see cref="Dimensions"/> floats.</summary>
    ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default);
}
