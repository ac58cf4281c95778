using System.Diagnostics;
using System.Globalization;
using AgentFlow.Core.Model;
using AgentFlow.Memory;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Bench;

/// <summary>
/// Recall latency of the SQLite memory store (the <c>recall</c> node's store) at 10k, 100k and 1M memories of 384
/// dimensions in one agent namespace, and ingest throughput of <see cref="RetrievalService"/> over a generated corpus.
/// </summary>
internal static class MemoryBench
{
    private const int Dimensions = 384;
    private const string Agent = "bench-agent";
    private const int FillBatch = 50_000;
    private const int Warmup = 200;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("agentflow-bench-memory-").FullName;
        try
        {
            await RecallAsync(Path.Combine(directory, "recall"), cancellationToken);
            await IngestAsync(Path.Combine(directory, "ingest"), cancellationToken);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One store grown from 10k to 100k to 1M; each size is searched after its (re)load. BENCH_MEMORY_MAX caps the size.</summary>
    private static async Task RecallAsync(string data, CancellationToken cancellationToken)
    {
        var max = int.TryParse(Environment.GetEnvironmentVariable("BENCH_MEMORY_MAX"), CultureInfo.InvariantCulture, out var cap) ? cap : int.MaxValue;
        var random = new Random(42);
        var created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var store = new SqliteMemoryStore(Path.Combine(data, MemoryServices.DatabaseFileName), "bench-random", Dimensions);
        var filled = 0;
        foreach (var (size, searches) in new[] { (10_000, 1000), (100_000, 500), (1_000_000, 200) }.Where(s => s.Item1 <= max))
        {
            var fill = Stopwatch.StartNew();
            for (; filled < size; filled += FillBatch)
            {
                var batch = Enumerable.Range(filled, Math.Min(FillBatch, size - filled)).Select(i => new MemoryRecord
                {
                    Id = i.ToString("D7", CultureInfo.InvariantCulture),
                    Agent = Agent,
                    Text = $"memory {i}",
                    Embedding = UnitVector(random),
                    CreatedAt = created.AddSeconds(i),
                });
                await store.AddRangeAsync(batch, cancellationToken);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: filled to {size} memories in {fill.Elapsed.TotalSeconds:F1} s"));
            var now = DateTime.UtcNow;
            var load = Stopwatch.StartNew();
            await store.SearchAsync(Agent, UnitVector(random), 5, 0, 0, now, cancellationToken);
            var loadSeconds = load.Elapsed.TotalSeconds;

            // TensorPrimitives.Dot reaches its optimised tier only after ~100 searches of 10k rows: a recall in a
            // fresh process is several times slower than in a warm one. Measured here is the warm (server) case.
            var queries = Enumerable.Range(0, searches + Warmup).Select(_ => UnitVector(random)).ToArray();
            foreach (var query in queries.Take(Warmup))
            {
                await store.SearchAsync(Agent, query, 5, 0, 0, now, cancellationToken);
            }

            var latencies = new List<double>(searches);
            foreach (var query in queries.Skip(Warmup))
            {
                var clock = Stopwatch.StartNew();
                var hits = await store.SearchAsync(Agent, query, 5, 0, 0, now, cancellationToken);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                if (hits.Count != 5)
                {
                    throw new InvalidOperationException($"expected 5 hits, got {hits.Count}");
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT bench=memory records={size} dims={Dimensions} recall_p50_ms={Percentile(latencies, 0.5):F2} recall_p99_ms={Percentile(latencies, 0.99):F2} load_s={loadSeconds:F2}"));
        }
    }

    /// <summary>The sample articles copied into many folders, indexed from scratch as one <c>files</c> source.</summary>
    private static async Task IngestAsync(string root, CancellationToken cancellationToken)
    {
        const int Copies = 500;
        var articles = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "workflows", "data", "articles");
        var corpus = Path.Combine(root, "corpus");
        for (var copy = 0; copy < Copies; copy++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(corpus, copy.ToString("D4", CultureInfo.InvariantCulture))).FullName;
            foreach (var file in Directory.EnumerateFiles(articles, "*.md"))
            {
                // A per-copy line makes every document distinct, as in a real corpus (no shared content hashes).
                var text = await File.ReadAllTextAsync(file, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(folder, Path.GetFileName(file)), $"{text}\n\nCopy {copy}.\n", cancellationToken);
            }
        }

        using var service = new RetrievalService(Path.Combine(root, "data"), new LocalEmbedder());
        var source = new SourceDefinition("corpus", "files", "corpus/**/*.md", null, "$.sources.corpus");
        var clock = Stopwatch.StartNew();
        var counts = await service.IndexAsync(source, root, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT bench=ingest chunks_per_s={counts.Chunks / seconds:F0} chunks={counts.Chunks} seconds={seconds:F2}"));
    }

    private static float[] UnitVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        System.Numerics.Tensors.TensorPrimitives.Divide(vector, System.Numerics.Tensors.TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
