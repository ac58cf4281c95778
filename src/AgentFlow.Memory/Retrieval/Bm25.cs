namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Okapi BM25 over a snapshot's chunks (k1 = 1.2, b = 0.75) with the non-negative idf
/// <c>ln(1 + (N - df + 0.5) / (df + 0.5))</c>, so a term in every chunk still counts a little and never subtracts.
/// </summary>
internal static class Bm25
{
    public const double K1 = 1.2;
    public const double B = 0.75;

    /// <summary>
    /// The <paramref name="n"/> best rows for the query whose terms have the given postings (one list of
    /// (row, term frequency) per distinct query term), best first; ties go to the earlier row. Rows that contain no
    /// query term are not ranked.
    /// </summary>
    public static int[] Rank(IReadOnlyList<IReadOnlyList<(int Row, int Tf)>> postingsPerTerm, int[] lengths, double averageLength, int n)
    {
        var count = lengths.Length;
        var scores = new Dictionary<int, double>();
        foreach (var postings in postingsPerTerm)
        {
            if (postings.Count == 0)
            {
                continue;
            }

            var idf = Math.Log(1 + ((count - postings.Count + 0.5) / (postings.Count + 0.5)));
            foreach (var (row, tf) in postings)
            {
                var norm = K1 * (1 - B + (B * lengths[row] / Math.Max(averageLength, 1e-9)));
                scores[row] = scores.GetValueOrDefault(row) + (idf * tf * (K1 + 1) / (tf + norm));
            }
        }

        return [.. scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(n).Select(s => s.Key)];
    }
}
