using System.Diagnostics;
using System.Globalization;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Bench;

/// <summary>
/// <c>memory-open DIR SIZE [preload|cold|race]</c>, run by the memory bench as a fresh process: composes memory as a host does
/// (<c>AddMemory</c> over the bench's memory file), warms the size's agent through the host's
/// <see cref="IAgentMemoryPreloader"/> as a run start does, in the background, and waits for it to end (not with
/// <c>cold</c>: then the first recall maps the files and compiles the search; with <c>race</c> the first recall starts
/// right after the preload, as when a run's first node recalls), runs the first recall and 20 more, and prints
/// <c>OPEN open_ms=.. first_recall_ms=.. fresh_p50_ms=.. rss_mb=..</c> with the resident set (VmRSS) after the first.
/// </summary>
internal static class MemoryOpenBench
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length < 3 || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var size))
        {
            Console.Error.WriteLine("usage: AgentFlow.Bench memory-open DIR SIZE");
            return 1;
        }

        var agent = MemoryBenchData.Agent(size);
        var now = DateTime.UtcNow;
        var open = Stopwatch.StartNew();
        var cold = args.Length > 3 && args[3] == "cold";
        var services = new ServiceCollection();
        // The bench's file was written with its own embedder name; the host's preloader resolves this store.
        services.AddSingleton<IMemoryStore>(_ => new SqliteMemoryStore(MemoryBenchData.DatabasePath(args[1]), MemoryBenchData.Embedder, MemoryBenchData.Dimensions));
        services.AddMemory(args[1], o => o.Preload = !cold);
        await using var host = services.BuildServiceProvider();
        var preloader = (AgentMemoryPreloader)host.GetRequiredService<IAgentMemoryPreloader>();
        preloader.Preload([agent]);
        var race = args.Length > 3 && args[3] == "race";
        if (!race)
        {
            await preloader.WhenIdleAsync();
        }

        var store = host.GetRequiredService<IMemoryStore>();
        var openMs = open.Elapsed.TotalMilliseconds;
        var first = Stopwatch.StartNew();
        var hits = await store.SearchAsync(agent, MemoryBenchData.Query(3_000_000), 5, 0, 0, now, cancellationToken);
        var firstMs = first.Elapsed.TotalMilliseconds;
        var rssAfterFirst = ResidentMegabytes();
        var latencies = new List<double>();
        for (var i = 1; i <= 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await store.SearchAsync(agent, MemoryBenchData.Query(3_000_000 + i), 5, 0, 0, now, cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        if (race)
        {
            await preloader.WhenIdleAsync();
        }

        Console.WriteLine(cold || race
            ? string.Create(CultureInfo.InvariantCulture, $"OPEN {(race ? "racing" : "cold")}_first_recall_ms={firstMs:F1}")
            : string.Create(CultureInfo.InvariantCulture, $"OPEN open_ms={openMs:F0} first_recall_ms={firstMs:F1} fresh_p50_ms={MemoryBench.Percentile(latencies, 0.5):F2} rss_mb={rssAfterFirst:F0} hits={hits.Count}"));
        return 0;
    }

    /// <summary>VmRSS of this process (Linux), in MB; NaN elsewhere.</summary>
    private static double ResidentMegabytes()
    {
        const string Key = "VmRSS:";
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line[Key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
