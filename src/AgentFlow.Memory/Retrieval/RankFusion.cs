namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Reciprocal-rank fusion: an item at 1-based rank r of a ranking adds 1 / (k + r); items are ordered by the sum,
/// ties by the smaller item (the snapshot row, i.e. document id then chunk ordinal). The score is normalised by the
/// best possible sum (first in every ranking), so it lies in 0..1.
/// </summary>
internal static class RankFusion
{
    public static IReadOnlyList<(int Item, double Score)> Fuse(IReadOnlyList<int[]> rankings, int k, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var sums = new Dictionary<int, double>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Length; rank++)
            {
                sums[ranking[rank]] = sums.GetValueOrDefault(ranking[rank]) + (1.0 / (k + rank + 1));
            }
        }

        var best = rankings.Count / (k + 1.0);
        return [.. sums.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(top).Select(s => (s.Key, s.Value / best))];
    }
}
