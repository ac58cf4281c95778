using Microsoft.ML.Tokenizers;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Cuts documents into passages of at most <see cref="MaxTokens"/> tokens that overlap by about
/// <see cref="OverlapTokens"/>. A passage ends at the strongest break that keeps it at least half full — a paragraph,
/// else a sentence end, else a line end, else a space — and the next one starts at the earliest sentence start
/// (failing that, word start) inside the overlap window, so passages rarely begin or end mid-sentence. Tokens are those
/// of the <c>cl100k_base</c> encoding by default (its vocabulary ships in a package: nothing is downloaded), counted
/// once per document in context. Every passage is a verbatim slice of the document, so its offset is a citation.
/// </summary>
public sealed class TextChunker
{
    private static readonly Lazy<Tokenizer> DefaultTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    private readonly Tokenizer _tokenizer;

    /// <summary>Creates a chunker; <paramref name="tokenizer"/> defaults to <c>cl100k_base</c>.</summary>
    public TextChunker(int maxTokens = 200, int overlapTokens = 40, Tokenizer? tokenizer = null, string tokenizerName = "cl100k_base")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(overlapTokens, maxTokens / 2);
        ArgumentException.ThrowIfNullOrEmpty(tokenizerName);
        MaxTokens = maxTokens;
        OverlapTokens = overlapTokens;
        _tokenizer = tokenizer ?? DefaultTokenizer.Value;
        Name = $"{tokenizerName}/{maxTokens}/{overlapTokens}";
    }

    /// <summary>The most tokens a chunk holds.</summary>
    public int MaxTokens { get; }

    /// <summary>How many tokens (at most) a chunk repeats from the end of the one before it.</summary>
    public int OverlapTokens { get; }

    /// <summary>Tokenizer and sizes, e.g. <c>cl100k_base/200/40</c>: an index re-chunks every document when it changes.</summary>
    public string Name { get; }

    /// <summary>The chunks of <paramref name="document"/>, in order; none for a blank text.</summary>
    public IReadOnlyList<TextChunk> Chunk(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.Text;
        var tokens = _tokenizer.EncodeToTokens(text, out _, considerPreTokenization: true, considerNormalization: false);
        var starts = new int[tokens.Count];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = tokens[i].Offset.Start.GetOffset(text.Length);
        }

        var breaks = TextBreaks.Find(text);
        var chunks = new List<TextChunk>();
        var start = SkipSpace(text, 0);
        while (start < text.Length)
        {
            var first = TokensBefore(starts, start);
            int end;
            if (starts.Length - first <= MaxTokens)
            {
                end = text.Length;
            }
            else
            {
                // The chunk must end at or before the first token that no longer fits, and should be at least half full.
                var limit = starts[first + MaxTokens];
                var least = starts[first + (MaxTokens / 2)];
                end = breaks.Strongest(least, limit) is { } cut && cut > start ? cut : Math.Max(limit, start + 1);
                end += end < text.Length && char.IsLowSurrogate(text[end]) ? 1 : 0;
            }

            var slice = text.AsSpan(start, end - start).TrimEnd();
            if (!slice.IsEmpty)
            {
                var count = TokensBefore(starts, start + slice.Length) - first;
                chunks.Add(new TextChunk(document.Id, document.Title, document.Source, chunks.Count, start, slice.ToString(), count));
            }

            // Always move forward, even if the overlap window reaches back to this chunk's own start.
            start = end >= text.Length ? text.Length : SkipSpace(text, Math.Max(NextStart(starts, breaks, start, end), start + 1));
        }

        return chunks;
    }

    private static int SkipSpace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>Number of tokens that start before <paramref name="position"/>.</summary>
    private static int TokensBefore(int[] starts, int position)
    {
        var index = Array.BinarySearch(starts, position);
        if (index < 0)
        {
            return ~index;
        }

        // Tokens never share a start, but be safe: count every token starting strictly before the position.
        while (index > 0 && starts[index - 1] == position)
        {
            index--;
        }

        return index;
    }

    private int NextStart(int[] starts, TextBreaks breaks, int start, int end)
    {
        if (OverlapTokens == 0)
        {
            return end;
        }

        // The overlap window: the last OverlapTokens tokens of the chunk, never reaching back to its own start.
        var last = TokensBefore(starts, end);
        var windowToken = Math.Max(TokensBefore(starts, start) + 1, last - OverlapTokens);
        if (windowToken >= last)
        {
            return end;
        }

        var window = starts[windowToken];
        var halfway = starts[Math.Min(last - 1, windowToken + (OverlapTokens / 2))];

        // A sentence start in the first half of the window keeps most of the overlap and starts cleanly; otherwise
        // take the earliest word start, which gives the full overlap.
        return breaks.Earliest(window, halfway, TextBreaks.Sentence) ?? breaks.Earliest(window, end - 1, TextBreaks.Word) ?? end;
    }
}
