using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AgentFlow.Memory;

/// <summary>A search's query, k, score floor, recency weight and "now".</summary>
internal sealed record SearchRequest(float[] Query, int K, double MinScore, double RecencyWeight, long NowTicks);

/// <summary>
/// The second stage of a search: each candidate's exact score from its float vector (read from the <c>.f32</c> file in
/// row order), blended with recency exactly as the score is defined, the floor applied, best first (newer first on ties).
/// </summary>
internal static unsafe class ExactRerank
{
    /// <summary>The candidates that reach the floor, by exact score descending, then newer first.</summary>
    public static List<Ranked> Rank(MappedVectors mapped, IReadOnlyList<QuantizedScan.Candidate> candidates, SearchRequest search)
    {
        var ordered = candidates.ToArray();
        Array.Sort(ordered, static (a, b) => a.Row.CompareTo(b.Row));
        var vector = new float[mapped.Dimensions];
        var ranked = new List<Ranked>(ordered.Length);
        var rows = mapped.Acquire();
        try
        {
            foreach (var candidate in ordered)
            {
                var rowId = mapped.ReadFloats(candidate.Row, vector);
                var created = Unsafe.ReadUnaligned<long>(rows + (candidate.Row * mapped.CodeStride) + mapped.CodeBytes + 8);

                // Both vectors have norm 1, so the dot product is the cosine.
                double score = TensorPrimitives.Dot(vector, search.Query);
                if (search.RecencyWeight > 0)
                {
                    var ageDays = Math.Max(0, search.NowTicks - created) / (double)TimeSpan.TicksPerDay;
                    score = ((1 - search.RecencyWeight) * score) + (search.RecencyWeight * Math.Exp(-ageDays / QuantizedScan.RecencyDays));
                }

                if (score >= search.MinScore)
                {
                    ranked.Add(new Ranked(candidate.Row, rowId, score, created, candidate.Score));
                }
            }
        }
        finally
        {
            mapped.Release();
        }

        ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Created.CompareTo(a.Created));
        return ranked;
    }

    /// <summary>A re-ranked candidate: its file row, rowid, exact score, created ticks and approximate score.</summary>
    internal readonly record struct Ranked(long Row, long RowId, double Score, long Created, double Approximate);
}
