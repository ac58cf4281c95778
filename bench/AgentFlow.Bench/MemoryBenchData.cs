using System.Globalization;
using System.Numerics.Tensors;
using AgentFlow.Memory;

namespace AgentFlow.Bench;

/// <summary>
/// The memory bench's data: memory i of a size is a random unit vector of 384 floats derived from i alone (SplitMix64),
/// so any vector can be regenerated for the exact baseline without storing them. One agent per size
/// (<c>bench-10000</c>, ...) in one memory file, kept across runs in BENCH_MEMORY_DIR (default: a folder in the temp
/// directory) while its spec file matches, since writing a million memories takes minutes on a loaded machine.
/// </summary>
internal static class MemoryBenchData
{
    public const int Dimensions = 384;
    public const string Embedder = "bench-random";
    public static readonly DateTime Created = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private const string Spec = "agentflow-bench-memory v2 dims=384 generator=splitmix64";
    private const int Batch = 250_000;

    public static string Directory() =>
        Environment.GetEnvironmentVariable("BENCH_MEMORY_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetTempPath(), "agentflow-bench-memory");

    public static string DatabasePath(string directory) => Path.Combine(directory, MemoryServices.DatabaseFileName);

    public static string Agent(int size) => string.Create(CultureInfo.InvariantCulture, $"bench-{size}");

    public static string Id(int size, int i) => string.Create(CultureInfo.InvariantCulture, $"{size}-{i:D7}");

    /// <summary>Makes sure the agent of <paramref name="size"/> holds exactly its memories; returns the seconds spent writing (0 when cached).</summary>
    public static async Task<double> EnsureAsync(string directory, int size, CancellationToken cancellationToken)
    {
        var specPath = Path.Combine(directory, "spec.txt");
        var lines = File.Exists(specPath) ? (await File.ReadAllLinesAsync(specPath, cancellationToken)).ToList() : [];
        if (lines.Count == 0 || lines[0] != Spec)
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }

            System.IO.Directory.CreateDirectory(directory);
            lines = [Spec];
            await File.WriteAllLinesAsync(specPath, lines, cancellationToken);
        }

        var done = string.Create(CultureInfo.InvariantCulture, $"{Agent(size)}={size}");
        if (lines.Contains(done))
        {
            return 0;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var store = new SqliteMemoryStore(DatabasePath(directory), Embedder, Dimensions))
        {
            await store.ForgetAsync(Agent(size), null, null, cancellationToken);
            for (var start = 0; start < size; start += Batch)
            {
                var end = Math.Min(size, start + Batch);
                var records = Enumerable.Range(start, end - start).Select(i => new MemoryRecord
                {
                    Id = Id(size, i),
                    Agent = Agent(size),
                    Text = string.Create(CultureInfo.InvariantCulture, $"memory {i}"),
                    Embedding = Vector(i),
                    CreatedAt = Created.AddSeconds(i),
                });
                await store.AddRangeAsync(records, cancellationToken);
            }
        }

        lines.Add(done);
        await File.WriteAllLinesAsync(specPath, lines, cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Memory <paramref name="i"/>'s vector (the same for every size).</summary>
    public static float[] Vector(long i) => UnitVector(0x5EED_0000_0000_0000UL ^ ((ulong)i * 0xD6E8FEB86659FD93UL));

    /// <summary>Query <paramref name="i"/>: from another stream than the memories.</summary>
    public static float[] Query(long i) => UnitVector(0x9E3779B97F4A7C15UL ^ ((ulong)i * 0xD1B54A32D192ED03UL));

    /// <summary>For each query, the indexes of its exact top <paramref name="k"/> among the first <paramref name="size"/> memories.</summary>
    public static int[][] ExactTop(IReadOnlyList<float[]> queries, int size, int k)
    {
        var parts = Math.Max(1, Environment.ProcessorCount);
        var heaps = new PriorityQueue<int, float>[parts][];
        Parallel.For(0, parts, part =>
        {
            var local = queries.Select(_ => new PriorityQueue<int, float>(k + 1)).ToArray();
            for (var i = size * part / parts; i < size * (part + 1) / parts; i++)
            {
                var vector = Vector(i);
                for (var q = 0; q < queries.Count; q++)
                {
                    var score = TensorPrimitives.Dot(vector, queries[q]);
                    if (local[q].Count < k)
                    {
                        local[q].Enqueue(i, score);
                    }
                    else if (local[q].TryPeek(out _, out var worst) && score > worst)
                    {
                        local[q].EnqueueDequeue(i, score);
                    }
                }
            }

            heaps[part] = local;
        });
        return [.. Enumerable.Range(0, queries.Count).Select(q => heaps.SelectMany(h => h[q].UnorderedItems).OrderByDescending(x => x.Priority).Take(k).Select(x => x.Element).ToArray())];
    }

    private static float[] UnitVector(ulong seed)
    {
        var vector = new float[Dimensions];
        var state = seed;
        for (var d = 0; d < vector.Length; d++)
        {
            // SplitMix64: a fast, well-mixed stream; the top 24 bits give a float in [-1, 1).
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            vector[d] = ((z >> 40) / (float)(1 << 23)) - 1f;
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
