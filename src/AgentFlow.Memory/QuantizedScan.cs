using System.Runtime.CompilerServices;

namespace AgentFlow.Memory;

/// <summary>
/// The first stage of a search: every unexpired row of an agent's mapped codes scored approximately (int8 dot product,
/// blended with recency like the exact score), keeping the best candidates for the exact re-rank. From
/// <see cref="ParallelRows"/> rows the scan is split across the cores.
/// </summary>
internal static unsafe class QuantizedScan
{
    /// <summary>From about this many rows a scan is split across cores: below it the hand-off costs more than it saves.</summary>
    public const int ParallelRows = 32_768;

    /// <summary>
    /// The 4-bit pass reads half the bytes per row, so it is split only from this many rows: measured on the loaded
    /// 2-core bench machine, 100k rows in one thread took 1.7-1.8 ms at p50 against 2.1-2.6 ms split in two.
    /// </summary>
    public const int ParallelNibbleRows = 262_144;

    /// <summary>Days over which a memory's recency decays by e (see <see cref="IMemoryStore.SearchAsync"/>).</summary>
    public const double RecencyDays = 30;

    /// <summary>
    /// The best <paramref name="capacity"/> rows of <c>[0, count)</c> by approximate score, and whether more rows than
    /// that were scored (then rows scoring like the worst kept may have been left out).
    /// </summary>
    public static (List<Candidate> Best, bool Full) Best(MappedVectors vectors, long count, Int8Dot query, int capacity, double recencyWeight, long nowTicks)
    {
        var parts = Parts(count);
        var heaps = new PriorityQueue<long, double>[parts];
        var scored = new long[parts];
        Run(vectors, count, parts, (rows, start, end, part) =>
        {
            var heap = new PriorityQueue<long, double>(capacity + 1);
            scored[part] = Scan(rows, vectors, start, end, query, recencyWeight, nowTicks, heap, capacity, double.NegativeInfinity, null);
            heaps[part] = heap;
        });

        var best = heaps[0];
        for (var part = 1; part < parts; part++)
        {
            while (heaps[part].TryDequeue(out var row, out var score))
            {
                best.Offer(capacity, row, score);
            }
        }

        var candidates = new List<Candidate>(best.Count);
        while (best.TryDequeue(out var row, out var score))
        {
            candidates.Add(new Candidate(row, score));
        }

        return (candidates, scored.Sum() > capacity);
    }

    /// <summary>Every row of <c>[0, count)</c> whose approximate score is at least <paramref name="floor"/>.</summary>
    public static List<Candidate> AtLeast(MappedVectors vectors, long count, Int8Dot query, double floor, double recencyWeight, long nowTicks)
    {
        var parts = Parts(count);
        var lists = new List<Candidate>[parts];
        Run(vectors, count, parts, (rows, start, end, part) =>
        {
            lists[part] = [];
            Scan(rows, vectors, start, end, query, recencyWeight, nowTicks, null, 0, floor, lists[part]);
        });
        return [.. lists.SelectMany(list => list)];
    }

    /// <summary>
    /// The best <paramref name="capacity"/> unexpired rows of <c>[0, count)</c> by the 4-bit approximation of the cosine
    /// (no recency), and whether more rows than that were scored: half the bytes of the int8 pass, for a first cut.
    /// </summary>
    public static (List<Candidate> Best, bool Full) BestByNibbles(MappedVectors vectors, long count, Int8Dot query, int capacity, long nowTicks)
    {
        var parts = count >= ParallelNibbleRows ? Parts(count) : 1;
        var heaps = new PriorityQueue<long, double>[parts];
        var scored = new long[parts];
        var rows = (IntPtr)vectors.AcquireNibbles();
        try
        {
            Parallel.For(0, parts, part =>
            {
                var heap = new PriorityQueue<long, double>(capacity + 1);
                scored[part] = ScanNibbles(rows, vectors, count * part / parts, count * (part + 1) / parts, query, nowTicks, heap, capacity);
                heaps[part] = heap;
            });
        }
        finally
        {
            vectors.ReleaseNibbles();
        }

        return (Merge(heaps, capacity), scored.Sum() > capacity);
    }

    /// <summary>The best <paramref name="capacity"/> of <paramref name="rows"/> by the int8 approximation (no recency).</summary>
    public static List<Candidate> Rescore(MappedVectors vectors, IEnumerable<Candidate> rows, Int8Dot query, int capacity)
    {
        var codes = vectors.Acquire();
        try
        {
            var heap = new PriorityQueue<long, double>(capacity + 1);
            foreach (var candidate in rows)
            {
                var at = codes + (candidate.Row * vectors.CodeStride);
                var codeSum = Unsafe.ReadUnaligned<int>(at + vectors.CodeBytes + 4);
                heap.Offer(capacity, candidate.Row, (double)query.Scale * Unsafe.ReadUnaligned<float>(at + vectors.CodeBytes) * query.Dot(at, vectors.CodeBytes, codeSum));
            }

            return Merge([heap], capacity);
        }
        finally
        {
            vectors.Release();
        }
    }

    private static List<Candidate> Merge(PriorityQueue<long, double>[] heaps, int capacity)
    {
        var best = heaps[0];
        for (var part = 1; part < heaps.Length; part++)
        {
            while (heaps[part].TryDequeue(out var row, out var score))
            {
                best.Offer(capacity, row, score);
            }
        }

        var candidates = new List<Candidate>(best.Count);
        while (best.TryDequeue(out var row, out var score))
        {
            candidates.Add(new Candidate(row, score));
        }

        return candidates;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ScanNibbles(IntPtr rows, MappedVectors vectors, long start, long end, Int8Dot query, long nowTicks, PriorityQueue<long, double> heap, int capacity)
    {
        var stride = vectors.NibbleStride;
        var bytes = vectors.NibbleBytes;
        var queryScale = (double)query.Scale;
        var threshold = double.NegativeInfinity;
        long scored = 0;
        for (var row = start; row < end; row++)
        {
            var at = (byte*)rows + (row * stride);
            if (Unsafe.ReadUnaligned<long>(at + bytes + 8) <= nowTicks)
            {
                continue;
            }

            scored++;
            var score = queryScale * Unsafe.ReadUnaligned<float>(at + bytes) * query.NibbleDot(at, bytes);
            if (score > threshold || heap.Count < capacity)
            {
                heap.Offer(capacity, row, score);
                if (heap.Count == capacity)
                {
                    heap.TryPeek(out _, out threshold);
                }
            }
        }

        return scored;
    }

    private static int Parts(long count) => count >= ParallelRows ? Math.Max(1, Environment.ProcessorCount) : 1;

    private static void Run(MappedVectors vectors, long count, int parts, Action<IntPtr, long, long, int> scan)
    {
        var rows = (IntPtr)vectors.Acquire();
        try
        {
            if (parts == 1)
            {
                scan(rows, 0, count, 0);
                return;
            }

            Parallel.For(0, parts, part => scan(rows, count * part / parts, count * (part + 1) / parts, part));
        }
        finally
        {
            vectors.Release();
        }
    }

    /// <summary>Scores <c>[start, end)</c> into <paramref name="heap"/> (best <paramref name="capacity"/>) or, without one, into <paramref name="above"/>.</summary>
    /// <remarks>Optimised at first call (no tiering), so a first search in a process is not run by unoptimised code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Scan(
        IntPtr rows, MappedVectors vectors, long start, long end, Int8Dot query, double recencyWeight, long nowTicks,
        PriorityQueue<long, double>? heap, int capacity, double floor, List<Candidate>? above)
    {
        var stride = vectors.CodeStride;
        var codeBytes = vectors.CodeBytes;
        var queryScale = (double)query.Scale;
        var threshold = floor;
        long scored = 0;
        for (var row = start; row < end; row++)
        {
            var at = (byte*)rows + (row * stride);
            if (Unsafe.ReadUnaligned<long>(at + codeBytes + 16) <= nowTicks)
            {
                continue;
            }

            scored++;
            var codeSum = Unsafe.ReadUnaligned<int>(at + codeBytes + 4);
            var score = queryScale * Unsafe.ReadUnaligned<float>(at + codeBytes) * query.Dot(at, codeBytes, codeSum);
            if (recencyWeight > 0)
            {
                var ageDays = Math.Max(0, nowTicks - Unsafe.ReadUnaligned<long>(at + codeBytes + 8)) / (double)TimeSpan.TicksPerDay;
                score = ((1 - recencyWeight) * score) + (recencyWeight * Math.Exp(-ageDays / RecencyDays));
            }

            if (heap is null)
            {
                if (score >= floor)
                {
                    above!.Add(new Candidate(row, score));
                }
            }
            else if (score > threshold || heap.Count < capacity)
            {
                heap.Offer(capacity, row, score);
                if (heap.Count == capacity)
                {
                    heap.TryPeek(out _, out threshold);
                }
            }
        }

        return scored;
    }

    /// <summary>A row and its approximate score.</summary>
    public readonly record struct Candidate(long Row, double Score);
}
