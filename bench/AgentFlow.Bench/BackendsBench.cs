using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.InMemory;
using AgentFlow.Engine.Telemetry;
using DurableTask.Core;
using OpenTelemetry.Metrics;

namespace AgentFlow.Bench;

/// <summary>
/// Throughput (N orchestrations x 5 activities), a 10-step chain, and event-to-completion latency per backend; the
/// embedded backend also with tracing on (<c>tracing=on</c>: the telemetry pipeline subscribed to AgentFlow's source and
/// meter, batching every step's span and measurement to an exporter that drops them), to show what recording costs.
/// </summary>
internal static class BackendsBench
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // inmemory first: the same workload on a task hub with no store under it, the engine's own ceiling that the
        // stored backends are measured against.
        var variants = new List<(string Label, bool Tracing, Action<AgentFlowEngineOptions> Configure, int Orchestrations, int Events)>
        {
            ("inmemory", false, _ => { }, 2000, 200),
            ("sqlite", false, o => { o.DataDirectory = Fresh("process"); o.Durability = SqliteDurability.Process; }, 2000, 200),
            ("sqlite", true, o => { o.DataDirectory = Fresh("traced"); o.Durability = SqliteDurability.Process; }, 2000, 200),
            ("sqlite-full", false, o => { o.DataDirectory = Fresh("full"); o.Durability = SqliteDurability.Full; }, 2000, 200),
            ("azure-storage", false, o =>
            {
                o.Backend = BackendKind.AzureStorage;
                o.AzureStorage.ConnectionString = "UseDevelopmentStorage=true";
                o.AzureStorage.TaskHubName = "bench" + Guid.NewGuid().ToString("N")[..8];
                o.AzureStorage.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
                o.AzureStorage.WorkerId = "bench";
            }, 100, 30),
        };

        // A worker is a long-running process: warm the runtime (JIT tiers) once on a throwaway embedded hub, so the
        // first measured variant is not penalised for running first. Each variant still warms its own hub below.
        await using (var warm = await AgentFlowHost.CreateAsync(
            Register(new AgentFlowHostBuilder()).Configure(o => o.DataDirectory = Fresh("warm")), cancellationToken: cancellationToken))
        {
            await warm.StartWorkerAsync(cancellationToken);
            await RunChainAsync(warm, 5, 2000);
        }

        // BENCH_BACKENDS=inmemory,sqlite,azure-storage limits the variants (default: all).
        var only = Environment.GetEnvironmentVariable("BENCH_BACKENDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (label, tracing, configure, orchestrations, events) in variants.Where(v => only is null || only.Contains(v.Label)))
        {
            using var telemetry = tracing
                ? TelemetryPipeline.Start(new TelemetryOptions(), spanExporter: new NullExporter<Activity>(), metricExporter: new NullExporter<Metric>())
                : TelemetryPipeline.Off;
            var builder = Register(new AgentFlowHostBuilder()).Configure(configure);
            if (label == "inmemory")
            {
                builder.UseInMemory();
            }

            AgentFlowHost host;
            try
            {
                host = await AgentFlowHost.CreateAsync(builder, cancellationToken: cancellationToken);
            }
            catch (ConfigurationException ex)
            {
                Console.Error.WriteLine($"bench: skipping {label}: {ex.Message}");
                continue;
            }

            await using (host)
            {
                await host.StartWorkerAsync(cancellationToken);
                await RunChainAsync(host, 5, orchestrations); // warm-up: a full round, so tiered JIT reaches steady state
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                // MARK lines (stderr, Stopwatch seconds = CLOCK_MONOTONIC) let `perf report --time` cut a profile to this round.
                Console.Error.WriteLine($"MARK start {Stopwatch.GetTimestamp() / 1e9:F6}");
                var throughput = await RunChainAsync(host, 5, orchestrations);
                Console.Error.WriteLine($"MARK end {Stopwatch.GetTimestamp() / 1e9:F6}");
                // CPU per activity (the whole process: engine, backend, client) is steadier than wall time on a busy machine.
                var cpuPerActivity = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / (orchestrations * 5);
                // A 10-step run, one at a time: the median of 21, so one checkpoint or GC pause is not the figure.
                var chains = new List<double>();
                for (var i = 0; i < 21; i++)
                {
                    chains.Add((await RunChainAsync(host, 10, 1)).TotalMilliseconds);
                }

                var latencies = await EventLatenciesAsync(host, events);
                var total = throughput.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT bench=backends backend={label} tracing={(tracing ? "on" : "off")} orchestrations={orchestrations} orchestrations_per_s={orchestrations / total:F0} activities_per_s={orchestrations * 5 / total:F0} chain10_ms={Percentile(chains, 0.5):F1} chain10_max_ms={chains.Max():F1} event_p50_ms={Percentile(latencies, 0.5):F2} event_p99_ms={Percentile(latencies, 0.99):F2} cpu_us_per_activity={cpuPerActivity:F0}"));
            }
        }

        return 0;
    }

    private static AgentFlowHostBuilder Register(AgentFlowHostBuilder builder) => builder
        .AddOrchestrator<BenchOrchestrations.Chain>(nameof(BenchOrchestrations.Chain))
        .AddOrchestrator<BenchOrchestrations.AwaitEvent>(nameof(BenchOrchestrations.AwaitEvent))
        .AddActivity<BenchOrchestrations.NoOp>(nameof(BenchOrchestrations.NoOp));

    private static async Task<TimeSpan> RunChainAsync(AgentFlowHost host, int steps, int count)
    {
        var clock = Stopwatch.StartNew();
        var instances = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            host.Client.CreateOrchestrationInstanceAsync(nameof(BenchOrchestrations.Chain), string.Empty, Guid.NewGuid().ToString("N"), steps)));
        // Throughput polls gently (100 ms): a hundred clients polling every 5 ms would load Azurite more than the work.
        var states = await Task.WhenAll(instances.Select(i => WaitAsync(host, i, TimeSpan.FromMilliseconds(100))));
        var failed = states.Count(s => s?.OrchestrationStatus != OrchestrationStatus.Completed || s.Output != steps.ToString(CultureInfo.InvariantCulture));
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {count} orchestrations did not complete correctly");
        }

        return clock.Elapsed;
    }

    /// <summary>Raise -> completion observed by the client, one orchestration at a time.</summary>
    private static async Task<List<double>> EventLatenciesAsync(AgentFlowHost host, int count)
    {
        var waiting = JsonSerializer.Serialize("waiting");
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var instance = await host.Client.CreateOrchestrationInstanceAsync(nameof(BenchOrchestrations.AwaitEvent), string.Empty, Guid.NewGuid().ToString("N"), "x");
            while ((await host.Client.GetOrchestrationStateAsync(instance.InstanceId))?.Status != waiting)
            {
                await Task.Delay(2);
            }

            var clock = Stopwatch.StartNew();
            await host.Client.RaiseEventAsync(instance, "go", "now");
            var state = await WaitAsync(host, instance, TimeSpan.FromMilliseconds(5));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
            {
                throw new InvalidOperationException("event orchestration did not complete");
            }
        }

        return latencies;
    }

    /// <summary>
    /// When the client sees completion. The Azure Storage provider's own wait polls every 2 s, which would measure
    /// its poll, not the engine; so for it the bench polls the instance table itself. The embedded backend's wait
    /// is signalled by the completing commit itself.
    /// </summary>
    private static async Task<OrchestrationState?> WaitAsync(AgentFlowHost host, OrchestrationInstance instance, TimeSpan poll)
    {
        if (host.Backend.Name != "azure-storage")
        {
            return await host.Client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(10));
        }

        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var state = await host.Client.GetOrchestrationStateAsync(instance.InstanceId);
            if (state?.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
            {
                return state;
            }

            await Task.Delay(poll);
        }

        return null;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Fresh(string name) => Directory.CreateTempSubdirectory($"agentflow-bench-{name}-").FullName;
}
