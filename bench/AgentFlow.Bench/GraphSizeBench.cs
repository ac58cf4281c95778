using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Hosting;
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
            var data = Path.Combine(directory, "data");
            var options = new AgentFlowEngineOptions { DataDirectory = data };
            var audit = new AuditLog(data);
            var runtime = new WorkflowRuntime(WorkflowRuntime.CreateStore(options), new NodeExecutorRegistry([]), new ApprovalEventSink(audit, new OperatorStore(data), Path.Combine(directory, "outbox")));
            await using var host = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = data), cancellationToken: cancellationToken);
            await host.StartWorkerAsync(cancellationToken);
            var client = new RunClient(host, runtime);

            // Warm up the JIT on a small chain so the first size is not charged for it.
            await RunChainAsync(client, directory, 50, cancellationToken);
            foreach (var nodes in (Environment.GetEnvironmentVariable("AGENTFLOW_BENCH_SIZES") ?? "100,1000,10000").Split(",").Select(int.Parse))
            {
                var (prepareMs, runMs) = await RunChainAsync(client, directory, nodes, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bench=graphsize nodes={nodes} run_ms={runMs:0} prepare_ms={prepareMs:0}"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double PrepareMs, double RunMs)> RunChainAsync(RunClient client, string directory, int nodes, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, $"chain-{nodes}.json");
        await File.WriteAllTextAsync(file, Chain(nodes), cancellationToken);
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

    /// <summary>n0 -> n1 -> ... each <c>set</c> counting one more than the node before.</summary>
    internal static string Chain(int nodes)
    {
        var text = new StringBuilder("""{ "name": "chain", "start": "n0", "nodes": {""");
        text.Append("""  "n0": { "kind": "set", "values": { "count": 1 }, "next": "n1" }""");
        for (var i = 1; i < nodes; i++)
        {
            var next = i + 1 < nodes ? string.Create(CultureInfo.InvariantCulture, $", \"next\": \"n{i + 1}\"") : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $",\n  \"n{i}\": {{ \"kind\": \"set\", \"values\": {{ \"count\": \"{{{{ n{i - 1}.count | plus: 1 }}}}\" }}{next} }}");
        }

        text.Append(CultureInfo.InvariantCulture, $" }}, \"output\": {{ \"count\": \"{{{{ n{nodes - 1}.count }}}}\" }} }}\n");
        return text.ToString();
    }
}
