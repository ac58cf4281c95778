using AgentFlow.Abstractions.Telemetry;

namespace AgentFlow.Agents.Local;

/// <summary>
/// The local model's token rule (<see cref="TokenEstimate"/>, shared with the local embedder): a token is three
/// quarters of a word. Adds cutting a text to a token budget.
/// </summary>
internal static class TokenCounter
{
    /// <summary>Approximate tokens of a text; zero for null or blank.</summary>
    public static int Count(string? text) => TokenEstimate.Count(text);

    /// <summary>Most words that fit in <paramref name="tokens"/>.</summary>
    public static int WordsFor(int tokens) => Math.Max(0, tokens) * 3 / 4;

    /// <summary>
    /// Cuts a text to a token budget: whole sentences while they fit, or the first words when even the first sentence
    /// is too long. A null budget leaves the text as it is.
    /// </summary>
    public static string Truncate(string text, int? budget)
    {
        if (budget is not { } limit || Count(text) <= limit)
        {
            return text;
        }

        var end = 0;
        foreach (var (segment, _) in TextAnalysis.Segments(text))
        {
            foreach (var sentence in TextAnalysis.SplitSentences(segment))
            {
                var at = text.IndexOf(sentence, end, StringComparison.Ordinal);
                if (at < 0 || Count(text[..(at + sentence.Length)]) > limit)
                {
                    return end > 0 ? text[..end].TrimEnd() : FirstWords(text, WordsFor(limit));
                }

                end = at + sentence.Length;
            }
        }

        return text[..end].TrimEnd();
    }

    /// <summary>The text up to the end of its <paramref name="words"/>-th word, keeping the original spacing.</summary>
    public static string FirstWords(string text, int words)
    {
        var seen = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var endsWord = !char.IsWhiteSpace(text[i]) && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]));
            if (endsWord && ++seen == words)
            {
                return text[..(i + 1)];
            }
        }

        return words <= 0 ? string.Empty : text;
    }
}
