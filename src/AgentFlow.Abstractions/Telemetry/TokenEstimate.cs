namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// The token rule of AgentFlow's offline parts (the <c>local</c> model and the local embedder), which have no real
/// tokenizer: a token is three quarters of a word, so a text of <c>w</c> whitespace-separated words counts
/// <c>ceil(w * 4 / 3)</c> tokens. Close enough to BPE tokenizers for English prose, and exact to reproduce.
/// </summary>
public static class TokenEstimate
{
    /// <summary>Approximate tokens of <paramref name="text"/>; zero for null or blank.</summary>
    public static int Count(string? text) =>
        string.IsNullOrWhiteSpace(text) ? 0 : ((Words(text) * 4) + 2) / 3;

    /// <summary>Whitespace-separated words of <paramref name="text"/>.</summary>
    public static int Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var white = char.IsWhiteSpace(c);
            if (!white && !inWord)
            {
                words++;
            }

            inWord = !white;
        }

        return words;
    }
}
