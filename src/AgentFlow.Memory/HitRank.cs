namespace AgentFlow.Memory;

/// <summary>
/// A candidate's place in the ranking: higher score first, then newer, then smaller id (ordinal). The comparer orders
/// worst first, so a fixed-size <see cref="PriorityQueue{TElement, TPriority}"/> keeps the best k at O(log k) per
/// candidate with nothing allocated per candidate.
/// </summary>
internal readonly record struct HitRank(double Score, long CreatedTicks, string Id)
{
    public static IComparer<HitRank> WorstFirst { get; } = Comparer<HitRank>.Create(static (a, b) =>
    {
        var byScore = a.Score.CompareTo(b.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byAge = a.CreatedTicks.CompareTo(b.CreatedTicks);
        return byAge != 0 ? byAge : string.CompareOrdinal(b.Id, a.Id);
    });
}
