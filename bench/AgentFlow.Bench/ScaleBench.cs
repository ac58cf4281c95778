using System.Globalization;

namespace AgentFlow.Bench;

/// <summary>
/// Scale-out on the azure-storage backend against Azurite: per variant (1, 2, 3 workers) a fresh task hub, that many
/// real <c>agentflow worker</c> processes (<see cref="ScaleWorkers"/>), and this process as a client that starts a
/// batch of runs of <c>bench/workflows/scale-orders.json</c> (five low-risk code-tool steps, each an activity) and
/// times first start to last completion (the completion time the worker recorded, so the client's poll does not
/// count). Before the batch: the partitions are spread over every worker, and a warm-up batch has run (JIT, leases,
/// queues). Reports the CPU each party used over the batch (workers, Azurite, this client) and the machine's idle
/// share: on a 2-core machine those say what limits the scaling. Environment: <c>BENCH_SCALE_WORKERS</c> (default
/// 1,2,3), <c>BENCH_SCALE_RUNS</c> (default 100), <c>BENCH_SCALE_POLL_MS</c> (MaxQueuePollingInterval, default 100),
/// <c>BENCH_SCALE_PARTITIONS</c> (default 6: an even share for 1, 2 and 3 workers), <c>AGENTFLOW_TEST_AZURE_STORAGE</c>
/// (connection string, default Azurite).
/// </summary>
internal static class ScaleBench
{
    private const int StepsPerRun = 5;

    public static async Task<int> RunAsync(string cliDll, CancellationToken cancellationToken)
    {
        if (!File.Exists(cliDll))
        {
            Console.Error.WriteLine($"bench scale: the CLI '{cliDll}' does not exist; run it through bench/run.sh scale, which builds it");
            return 1;
        }

        var connection = Environment.GetEnvironmentVariable("AGENTFLOW_TEST_AZURE_STORAGE") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true";
        var variants = Setting("BENCH_SCALE_WORKERS", "1,2,3").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToList();
        var runs = Number(Setting("BENCH_SCALE_RUNS", "100"));
        var pollMs = Number(Setting("BENCH_SCALE_POLL_MS", "100"));
        var partitions = Number(Setting("BENCH_SCALE_PARTITIONS", "6"));
        var workflow = Path.Combine(RepoRoot(), "bench", "workflows", "scale-orders.json");
        var azurite = CpuSample.FindAzurite();

        foreach (var workers in variants)
        {
            var hub = "scale" + Guid.NewGuid().ToString("N")[..8];
            var root = Directory.CreateTempSubdirectory("agentflow-bench-scale-").FullName;
            var storage = new ScaleHub(connection, hub);
            var settings = new Dictionary<string, string>
            {
                ["AGENTFLOW__BACKEND"] = "azure-storage",
                ["AGENTFLOW__AZURESTORAGE__CONNECTIONSTRING"] = connection,
                ["AGENTFLOW__AZURESTORAGE__TASKHUBNAME"] = hub,
                ["AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT"] = partitions.ToString(CultureInfo.InvariantCulture),
                ["AGENTFLOW__AZURESTORAGE__MAXQUEUEPOLLINGINTERVAL"] = string.Create(CultureInfo.InvariantCulture, $"PT{pollMs / 1000.0:0.###}S"),
            };
            try
            {
                await using var client = await ScaleClient.OpenAsync(settings, Path.Combine(root, "client"), cancellationToken);
                var prepared = await client.Runs.PrepareAsync(workflow, null, cancellationToken);
                await using (var processes = await ScaleWorkers.StartAsync(cliDll, workers, settings, root, cancellationToken))
                {
                    var owners = await storage.BalancedAsync(workers, partitions, TimeSpan.FromMinutes(3), cancellationToken);
                    var spread = string.Join(", ", owners.Values.GroupBy(o => o, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
                    await Console.Error.WriteLineAsync($"bench scale: {workers} worker(s) on hub {hub}, partitions held: {spread}");

                    await client.BatchAsync(prepared, 10 * workers, cancellationToken); // warm-up, not measured
                    var watched = processes.ProcessIds.Concat(azurite is { } a ? [a] : []).Append(Environment.ProcessId).ToList();
                    var before = CpuSample.Take(watched);
                    var batch = await client.BatchAsync(prepared, runs, cancellationToken);
                    var after = CpuSample.Take(watched);
                    var activities = await client.ActivitiesAsync(batch.RunIds, cancellationToken);
                    var seconds = batch.Elapsed.TotalSeconds;
                    var workerCores = after.CoresSince(before, processes.ProcessIds);
                    var azuriteCores = azurite is { } id ? after.CoresSince(before, [id]) : double.NaN;
                    var clientCores = after.CoresSince(before, [Environment.ProcessId]);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"bench scale: {workers} worker(s): {runs} runs, {activities} activities in {seconds:F1} s; cores used over the batch: workers {workerCores:F2}, Azurite {azuriteCores:F2}, bench client {clientCores:F2}; machine idle {after.IdleSince(before):P0}"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"RESULT bench=scale backend=azure-storage workers={workers} runs={runs} poll_ms={pollMs} partitions={partitions} runs_per_s={runs / seconds:F1} activities_per_s={activities / seconds:F1} workers_cores={workerCores:F2} azurite_cores={azuriteCores:F2} idle={after.IdleSince(before):F2}"));
                }
            }
            finally
            {
                await storage.DeleteAsync(CancellationToken.None);
                Directory.Delete(root, recursive: true);
            }
        }

        return 0;
    }

    private static string Setting(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static int Number(string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new InvalidOperationException($"bench scale: '{text}' is not a positive whole number (BENCH_SCALE_* settings)");

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AgentFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("AgentFlow.sln not found above the bench binaries");
    }
}
