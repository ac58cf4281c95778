namespace AgentFlow.Agents.Local;

/// <summary>
/// Key terms: single terms score their weighted frequency, adjacent pairs that occur at least twice score 1.5 times
/// theirs. Highest first (ties by first occurrence); a pair replaces an already chosen part of it and hides the other.
/// Terms with digits and one-letter words are skipped.
/// </summary>
internal static class KeywordExtractor
{
    /// <summary>Up to <paramref name="count"/> key terms in their readable form.</summary>
    public static IReadOnlyList<string> Extract(ContentIndex index, int count)
    {
        var unigrams = index.Weights
            .Where(w => w.Key.Length > 2 && !w.Key.Any(char.IsDigit))
            .Select(w => (Parts: (string[])[w.Key], Score: w.Value));
        var bigrams = index.Bigrams
            .Where(b => b.Value >= 2 && !b.Key.Any(char.IsDigit))
            .Select(b => (Parts: b.Key.Split(' '), Score: b.Value * 1.5));
        var ranked = unigrams.Concat(bigrams)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => index.FirstSeen(x.Parts[0]))
            .ThenBy(x => x.Parts.Length);

        var chosen = new List<string[]>();
        foreach (var (parts, _) in ranked)
        {
            if (chosen.Count >= count)
            {
                break;
            }

            var overlap = chosen.FindIndex(c => c.Intersect(parts, StringComparer.Ordinal).Any());
            if (overlap < 0)
            {
                chosen.Add(parts);
            }
            else if (parts.Length == 2 && !chosen.Any(c => c.Length == 2 && c.Intersect(parts, StringComparer.Ordinal).Any()))
            {
                chosen[overlap] = parts; // "suite" becomes "regression suite" in place; a chosen "regression" goes
                chosen.RemoveAll(c => c.Length == 1 && parts.Contains(c[0], StringComparer.Ordinal));
            }
        }

        return [.. chosen.Select(parts => string.Join(" ", parts.Select(index.Display)))];
    }
}
