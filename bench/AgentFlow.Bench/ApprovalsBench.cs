using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Bench;

/// <summary>
/// Approval resume latency on the embedded backend: from an operator's decision (ApprovalService.DecideAsync:
/// checks, audit append with its MAC and head update, event) to the start of the node after the approval, as recorded in the run's timeline.
/// </summary>
internal static class ApprovalsBench
{
    private const string Workflow = """
        { "name": "bench-approval", "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "amount": 100 }, "next": "after" },
                     "after": { "kind": "set", "values": { "paid": "{{ review.values.amount }}" } } } }
        """;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("agentflow-bench-approvals-").FullName;
        try
        {
            await using var host = await BenchHost.OpenAsync(directory, cancellationToken);
            var client = host.Client;
            var service = new ApprovalService(client, host.Get<AuditLog>());
            var (op, _) = await host.Get<OperatorStore>().AddAsync("bench", ["finance"], null, adminToken: null, cancellationToken);
            var file = Path.Combine(directory, "approval.json");
            await File.WriteAllTextAsync(file, Workflow, cancellationToken);
            var prepared = await client.PrepareAsync(file, null, cancellationToken);

            const int Warmup = 20;
            const int Runs = 200;
            var latencies = new List<double>();
            for (var i = 0; i < Warmup + Runs; i++)
            {
                var runId = await client.StartAsync(prepared, cancellationToken: cancellationToken);
                await UntilAsync(client, runId, r => r.Status == RunStatus.Waiting, cancellationToken);
                var decided = DateTime.UtcNow;
                var result = await service.DecideAsync(runId, "review", op, true, null, null, cancellationToken);
                if (result.Outcome != DecisionOutcome.Accepted)
                {
                    throw new InvalidOperationException(result.Message);
                }

                var run = await UntilAsync(client, runId, r => r.IsFinished, cancellationToken);
                if (i >= Warmup)
                {
                    latencies.Add((run.Timeline.Single(t => t.Node == "after").StartedAt - decided).TotalMilliseconds);
                }
            }

            latencies.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT bench=approvals backend=sqlite runs={Runs} resume_p50_ms={Percentile(latencies, 0.50):0.00} resume_p99_ms={Percentile(latencies, 0.99):0.00} resume_max_ms={latencies[^1]:0.00}"));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<RunInfo> UntilAsync(RunClient client, string runId, Func<RunInfo, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await client.GetAsync(runId, cancellationToken) is { } run && done(run))
            {
                return run;
            }

            await Task.Delay(1, cancellationToken);
        }
    }
}
