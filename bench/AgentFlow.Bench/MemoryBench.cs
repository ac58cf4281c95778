using System.Diagnostics;
using System.Globalization;
using AgentFlow.Core.Model;
using AgentFlow.Memory;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Bench;

/// <summary>
/// Recall latency of the SQLite memory store (the <c>recall</c> node's store) at 10k, 100k and 1M memories of 384
/// dimensions (one agent each), recall@10 of its int8 scan + exact re-rank against an exact scan, open time, resident
/// memory and first-recall latency of a fresh process (<c>memory-open</c>), and ingest throughput of
/// <see cref="RetrievalService"/> over a generated corpus.
/// </summary>
internal static class MemoryBench
{
    private const int Dimensions = MemoryBenchData.Dimensions;
    private const int RecallQueries = 50;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await RecallAsync(MemoryBenchData.Directory(), cancellationToken);
        var directory = Directory.CreateTempSubdirectory("agentflow-bench-ingest-").FullName;
        try
        {
            await IngestAsync(Path.Combine(directory, "ingest"), cancellationToken);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Each size's agent searched in this process (warm), then opened in a fresh one. BENCH_MEMORY_MAX caps the size.</summary>
    private static async Task RecallAsync(string data, CancellationToken cancellationToken)
    {
        var max = int.TryParse(Environment.GetEnvironmentVariable("BENCH_MEMORY_MAX"), CultureInfo.InvariantCulture, out var cap) ? cap : int.MaxValue;
        foreach (var (size, searches, warmup) in new[] { (10_000, 1000, 200), (100_000, 500, 100), (1_000_000, 100, 20) }.Where(s => s.Item1 <= max))
        {
            var fillSeconds = await MemoryBenchData.EnsureAsync(data, size, cancellationToken);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {size} memories in {data} ({(fillSeconds > 0 ? $"written in {fillSeconds:F1} s" : "cached")})"));

            // A fresh process first: its open and first recall are the point, before this process maps anything.
            var open = string.Join(' ', [
                await OpenInFreshProcessAsync(data, size, "preload", cancellationToken),
                await OpenInFreshProcessAsync(data, size, "cold", cancellationToken),
                await OpenInFreshProcessAsync(data, size, "race", cancellationToken)]);

            using var store = new SqliteMemoryStore(MemoryBenchData.DatabasePath(data), MemoryBenchData.Embedder, Dimensions);
            var agent = MemoryBenchData.Agent(size);
            var now = DateTime.UtcNow;
            var load = Stopwatch.StartNew();
            await store.SearchAsync(agent, MemoryBenchData.Query(-1), 5, 0, 0, now, cancellationToken);
            var loadSeconds = load.Elapsed.TotalSeconds;
            foreach (var query in Enumerable.Range(0, warmup).Select(i => MemoryBenchData.Query(1_000_000 + i)))
            {
                await store.SearchAsync(agent, query, 5, 0, 0, now, cancellationToken);
            }

            var latencies = new List<double>(searches);
            foreach (var query in Enumerable.Range(0, searches).Select(i => MemoryBenchData.Query(2_000_000 + i)))
            {
                var clock = Stopwatch.StartNew();
                var hits = await store.SearchAsync(agent, query, 5, 0, 0, now, cancellationToken);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                if (hits.Count != 5)
                {
                    throw new InvalidOperationException($"expected 5 hits, got {hits.Count}");
                }
            }

            var recall = await RecallAt10Async(store, size, now, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT bench=memory records={size} dims={Dimensions} recall_p50_ms={Percentile(latencies, 0.5):F2} recall_p99_ms={Percentile(latencies, 0.99):F2} load_s={loadSeconds:F2} recall_at_10={recall:F3} {open}"));
        }
    }

    /// <summary>Mean share of the exact top 10 (over every memory, float32) that the store's search returns.</summary>
    private static async Task<double> RecallAt10Async(SqliteMemoryStore store, int size, DateTime now, CancellationToken cancellationToken)
    {
        var queries = Enumerable.Range(0, RecallQueries).Select(i => MemoryBenchData.Query(i)).ToArray();
        var exact = MemoryBenchData.ExactTop(queries, size, 10);
        var found = 0;
        for (var q = 0; q < queries.Length; q++)
        {
            var hits = await store.SearchAsync(MemoryBenchData.Agent(size), queries[q], 10, -1, 0, now, cancellationToken);
            var ids = exact[q].Select(i => MemoryBenchData.Id(size, i)).ToHashSet(StringComparer.Ordinal);
            found += hits.Count(h => ids.Contains(h.Record.Id));
        }

        return found / (10.0 * queries.Length);
    }

    /// <summary>Runs <c>memory-open</c> in a new process and returns its <c>key=value</c> figures.</summary>
    private static async Task<string> OpenInFreshProcessAsync(string data, int size, string mode, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (var argument in new[] { typeof(MemoryBench).Assembly.Location, "memory-open", data, size.ToString(CultureInfo.InvariantCulture), mode })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("OPEN ", StringComparison.Ordinal));
        return process.ExitCode == 0 && line is not null ? line["OPEN ".Length..].Trim() : "open=failed";
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

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
