using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Bench;

/// <summary>
/// Run time against graph size on the embedded backend: a linear chain of <c>set</c> nodes, each reading the one
/// before, at 100, 1,000 and 10,000 nodes. The work per node is constant, so the time should grow linearly.
/// </summary>
internal static class GraphSizeBench
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("agentflow-bench-graphsize-").FullName;
        try
        {
            await using var host = await BenchHost.OpenAsync(directory, cancellationToken);
            var client = host.Client;

            // Warm up the JIT on a small chain so the first size is not charged for it.
            await RunChainAsync(client, directory, 50, activities: false, cancellationToken);
            await RunChainAsync(client, directory, 50, activities: true, cancellationToken);
            foreach (var nodes in (Environment.GetEnvironmentVariable("AGENTFLOW_BENCH_SIZES") ?? "100,1000,10000").Split(",").Select(int.Parse))
            {
                // The median of three runs: one run's figure swings with garbage collections of its large result.
                var runs = new List<(double PrepareMs, double RunMs)>();
                for (var i = 0; i < 3; i++)
                {
                    runs.Add(await RunChainAsync(client, directory, nodes, activities: false, cancellationToken));
                }

                var (prepareMs, runMs) = runs.OrderBy(r => r.RunMs).ElementAt(1);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bench=graphsize kind=set nodes={nodes} run_ms={runMs:0} prepare_ms={prepareMs:0}"));
            }

            // Every node an activity (a durable turn each): the history a turn replays grows with the run.
            foreach (var nodes in (Environment.GetEnvironmentVariable("AGENTFLOW_BENCH_TOOL_SIZES") ?? "100,1000").Split(",").Select(int.Parse))
            {
                var (prepareMs, runMs) = await RunChainAsync(client, directory, nodes, activities: true, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bench=graphsize kind=tool nodes={nodes} run_ms={runMs:0} prepare_ms={prepareMs:0}"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double PrepareMs, double RunMs)> RunChainAsync(RunClient client, string directory, int nodes, bool activities, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, $"chain-{nodes}-{activities}.json");
        await File.WriteAllTextAsync(file, Chain(nodes, activities), cancellationToken);
        var clock = Stopwatch.StartNew();
        var prepared = await client.PrepareAsync(file, null, cancellationToken);
        var prepareMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var runId = await client.StartAsync(prepared, cancellationToken: cancellationToken);
        while (true)
        {
            var run = await client.GetAsync(runId, cancellationToken);
            if (run is { IsFinished: true })
            {
                if (run.Status != RunStatus.Completed || run.Output?["count"]?.GetValue<int>() != nodes)
                {
                    throw new InvalidOperationException($"chain of {nodes} ended {run.Status}: {run.Error}");
                }

                return (prepareMs, clock.Elapsed.TotalMilliseconds);
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>n0 -> n1 -> ... each counting one more than the node before: a <c>set</c>, or a <c>json.transform</c> tool call.</summary>
    internal static string Chain(int nodes, bool activities)
    {
        var tools = activities ? """ "tools": { "t": { "kind": "code", "risk": "low", "name": "json.transform" } }, """ : string.Empty;
        var field = activities ? "result" : "count";
        var text = new StringBuilder($$"""{ "name": "chain", {{tools}} "start": "n0", "nodes": {""");
        for (var i = 0; i < nodes; i++)
        {
            var value = i == 0 ? "1" : string.Create(CultureInfo.InvariantCulture, $"\"{{{{ n{i - 1}.{field} | plus: 1 }}}}\"");
            var body = activities
                ? string.Create(CultureInfo.InvariantCulture, $"\"kind\": \"tool\", \"tool\": \"t\", \"args\": {{ \"input\": {value} }}")
                : string.Create(CultureInfo.InvariantCulture, $"\"kind\": \"set\", \"values\": {{ \"count\": {value} }}");
            var next = i + 1 < nodes ? string.Create(CultureInfo.InvariantCulture, $", \"next\": \"n{i + 1}\"") : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : ",")}\n  \"n{i}\": {{ {body}{next} }}");
        }

        text.Append(CultureInfo.InvariantCulture, $" }}, \"output\": {{ \"count\": \"{{{{ n{nodes - 1}.{field} }}}}\" }} }}\n");
        return text.ToString();
    }
}
