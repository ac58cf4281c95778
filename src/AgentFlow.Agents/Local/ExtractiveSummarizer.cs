namespace AgentFlow.Agents.Local;

/// <summary>
/// Extractive summaries. A sentence scores the sum of the content frequencies of its distinct terms divided by the
/// square root of its term count (so main-topic sentences win, not merely long ones), times a position bonus (first
/// sentence 1.25, first of a paragraph 1.1), a length factor (under 6 words 0.6, over 35 words 0.85) and its weight
/// (context passages 0.5). The best sentences that are not near-repeats of a chosen one are kept in original order.
/// </summary>
internal static class ExtractiveSummarizer
{
    private const double RepeatOverlap = 0.7;

    /// <summary>Candidate sentences, best first; ties keep document order.</summary>
    public static IReadOnlyList<Sentence> Rank(ContentIndex index)
    {
        var candidates = index.Sentences.Where(s => s.IsCandidate).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. index.Sentences.Where(s => s.Terms.Count > 0 && !s.IsGreeting)];
        }

        var firstOrder = candidates.Count > 0 ? candidates[0].Order : -1;
        var paragraphStarts = candidates.GroupBy(s => s.Paragraph).Select(g => g.First().Order).ToHashSet();
        return [.. candidates
            .Select(s => (Sentence: s, Score: Score(s, index, s.Order == firstOrder, paragraphStarts.Contains(s.Order))))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Sentence.Order)
            .Select(x => x.Sentence)];
    }

    /// <summary>Up to <paramref name="count"/> sentences within <paramref name="tokenBudget"/>, in document order.</summary>
    public static IReadOnlyList<Sentence> Select(ContentIndex index, int count, int? tokenBudget)
    {
        var chosen = new List<Sentence>();
        var tokens = 0;
        var ranked = Rank(index);
        foreach (var sentence in ranked)
        {
            if (chosen.Count >= count)
            {
                break;
            }

            var cost = TokenCounter.Count(sentence.Text);
            if ((tokenBudget is { } budget && tokens + cost > budget) || chosen.Any(c => Overlap(sentence, c) >= RepeatOverlap))
            {
                continue;
            }

            chosen.Add(sentence);
            tokens += cost;
        }

        if (chosen.Count == 0 && count > 0 && ranked.Count > 0)
        {
            chosen.Add(ranked[0]); // even the best sentence is over budget: the caller cuts it at a word boundary
        }

        return [.. chosen.OrderBy(s => s.Order)];
    }

    /// <summary>The selected sentences joined by spaces.</summary>
    public static string Summarise(ContentIndex index, int count, int? tokenBudget) =>
        string.Join(" ", Select(index, count, tokenBudget).Select(s => Capitalised(s.Text)));

    /// <summary>
    /// The sentence with an upper-case first letter (mail often starts a paragraph in lower case) and a final stop
    /// (field lines and list items often have none), so that joined sentences still read as sentences.
    /// </summary>
    public static string Capitalised(string sentence)
    {
        if (sentence.Length == 0)
        {
            return sentence;
        }

        var text = char.IsLower(sentence[0]) ? char.ToUpperInvariant(sentence[0]) + sentence[1..] : sentence;
        return text[^1] is '.' or '!' or '?' or '"' or '\'' or ')' or '”' ? text : text + ".";
    }

    private static double Score(Sentence sentence, ContentIndex index, bool first, bool paragraphStart)
    {
        var distinct = sentence.Terms.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return 0;
        }

        var score = distinct.Sum(t => index.Weights.GetValueOrDefault(t)) / Math.Sqrt(Math.Max(distinct.Count, 3));
        score *= first ? 1.25 : paragraphStart ? 1.1 : 1.0;
        score *= sentence.WordCount < 6 ? 0.6 : sentence.WordCount > 35 ? 0.85 : 1.0;
        return score * sentence.Weight;
    }

    private static double Overlap(Sentence a, Sentence b)
    {
        var terms = a.Terms.ToHashSet(StringComparer.Ordinal);
        return terms.Count == 0 ? 1 : terms.Count(b.Terms.Contains) / (double)terms.Count;
    }
}
