using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AgentFlow.Memory;

/// <summary>The exact top-k scan.</summary>
internal sealed partial class AgentVectorIndex
{
    /// <summary>The best <paramref name="k"/> rows of <c>[start, end)</c>, worst first.</summary>
    /// <remarks>
    /// Optimised at first call (no tiering): a search can run a few times in a process yet each scans up to millions of
    /// rows, so the unoptimised and on-stack-replaced versions of this loop would show as slow first recalls.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PriorityQueue<int, HitRank> Scan(float[] query, int start, int end, int k, double minScore, double recencyWeight, long nowTicks)
    {
        var best = new PriorityQueue<int, HitRank>(k, HitRank.WorstFirst);
        var dimensions = _dimensions;
        var vectors = _vectors.AsSpan(0, end * dimensions);
        var expires = _expires.AsSpan(0, end);
        var created = _created.AsSpan(0, end);
        var queryRow = query.AsSpan();

        // Score of the k-th best so far: a row scoring below it cannot enter, whatever its age and id, so most rows
        // are rejected with one comparison instead of a ranking.
        var worst = double.NegativeInfinity;
        for (var row = start; row < end; row++)
        {
            if (expires[row] <= nowTicks)
            {
                continue;
            }

            // Both vectors have norm 1, so the dot product is the cosine.
            double score = TensorPrimitives.Dot(vectors.Slice(row * dimensions, dimensions), queryRow);
            if (recencyWeight > 0)
            {
                var ageDays = Math.Max(0, nowTicks - created[row]) / (double)TimeSpan.TicksPerDay;
                score = ((1 - recencyWeight) * score) + (recencyWeight * Math.Exp(-ageDays / RecencyDays));
            }

            if (score < minScore || score < worst)
            {
                continue;
            }

            best.Offer(k, row, new HitRank(score, created[row], _records[row].Id));
            if (best.Count == k)
            {
                best.TryPeek(out _, out var kth);
                worst = kth.Score;
            }
        }

        return best;
    }
}
