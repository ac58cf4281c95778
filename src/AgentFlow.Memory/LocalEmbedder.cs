using System.Numerics.Tensors;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;

namespace AgentFlow.Memory;

/// <summary>
/// The offline, deterministic embedder (<c>local-hash-v1</c>): lower-cased words (runs of letters and digits), minus a
/// few English function words, become features — each word, each pair of adjacent words, and each character 3-gram of
/// <c>&lt;word&gt;</c> — hashed with a stable hash into <see cref="Dimensions"/> signed buckets, weighted 1 + ln(tf)
/// and L2-normalised. Texts that share words or word stems get a positive cosine; unrelated texts score near 0.
/// It has no notion of synonyms: "car" and "automobile" are unrelated to it. Every call is a span
/// <c>embeddings local-hash-v1</c> with its tokens counted by <see cref="TokenEstimate"/>; it is free unless the
/// <see cref="PriceTable"/> lists <c>local-hash-v1</c>.
/// </summary>
public sealed class LocalEmbedder : IEmbedder
{
    /// <summary>The default vector length.</summary>
    public const int DefaultDimensions = 384;

    // Character 3-grams catch shared stems ("refund"/"refunds") but are many per word, so they count less than words.
    private const float WordWeight = 1f;
    private const float BigramWeight = 0.7f;
    private const float TrigramWeight = 0.25f;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into", "is", "it",
        "its", "of", "on", "or", "so", "that", "the", "their", "then", "there", "these", "this", "to", "was", "were",
        "will", "with",
    };

    /// <summary>The embedder's name, model id of its spans and key of its price.</summary>
    public const string EmbedderName = "local-hash-v1";

    private readonly EmbeddingMeter _meter;

    /// <summary>Creates the embedder with vectors of <paramref name="dimensions"/> floats (at least 8).</summary>
    /// <param name="dimensions">Vector length.</param>
    /// <param name="prices">Prices; the embedder is free unless it lists <c>local-hash-v1</c>.</param>
    public LocalEmbedder(int dimensions = DefaultDimensions, PriceTable? prices = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8);
        Dimensions = dimensions;
        _meter = new EmbeddingMeter("local", EmbedderName, EmbedderName, prices);
    }

    /// <inheritdoc />
    public string Name => EmbedderName;

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <inheritdoc />
    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        var (span, started) = _meter.Start();
        var vector = Embed(text);
        _meter.Completed(span, started, TokenEstimate.Count(text));
        return ValueTask.FromResult(vector);
    }

    private float[] Embed(string text)
    {
        var words = Tokenize(text);
        var counts = new Dictionary<ulong, (int Count, float Weight)>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].AsSpan();
            var unigram = FeatureHash.Start('w');
            unigram.Append(word);
            Count(counts, unigram.Finish(), WordWeight);
            if (i > 0)
            {
                var bigram = FeatureHash.Start('b');
                bigram.Append(words[i - 1]);
                bigram.Append(' ');
                bigram.Append(word);
                Count(counts, bigram.Finish(), BigramWeight);
            }

            // The 3-grams of "<word>": position 0 is '<', position Length + 1 is '>'.
            for (var start = 0; start + 3 <= word.Length + 2; start++)
            {
                var trigram = FeatureHash.Start('c');
                for (var p = start; p < start + 3; p++)
                {
                    trigram.Append(p == 0 ? '<' : p == word.Length + 1 ? '>' : word[p - 1]);
                }

                Count(counts, trigram.Finish(), TrigramWeight);
            }
        }

        var vector = new float[Dimensions];
        foreach (var (hash, (count, weight)) in counts)
        {
            var bucket = (int)(hash % (ulong)Dimensions);
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            vector[bucket] += sign * weight * (1f + MathF.Log(count));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    /// <summary>The words features are made of; retrieval's BM25 index uses the same terms, so both rankers agree on what a word is.</summary>
    internal static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var word = text[start..i].ToLowerInvariant();
                if (!StopWords.Contains(word))
                {
                    words.Add(word);
                }

                start = -1;
            }
        }

        return words;
    }

    private static void Count(Dictionary<ulong, (int Count, float Weight)> counts, ulong hash, float weight)
    {
        counts[hash] = counts.TryGetValue(hash, out var seen) ? (seen.Count + 1, weight) : (1, weight);
    }
}
