using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;
using Xunit.Abstractions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// Scale-out under a fault, with real processes on Azurite: three <c>agentflow worker</c> processes, each a machine of its
/// own (data directory, HOME, worker id), share one task hub and 300 runs of a workflow with a medium-risk HTTP effect
/// before and after an approval. One worker is killed with SIGKILL once a third of the effects have landed and started
/// again as the same machine; a fourth machine (this process: a client, no worker) decides every approval and settles any
/// effect the kill left in doubt by what the target received. Every run must complete, every effect must have reached
/// its target exactly once, and the audit log, as a fifth machine reads it, must verify and hold each decision.
/// </summary>
public sealed class ScaleOutFaultTests(ITestOutputHelper output) : TempDirectoryTest
{
    private const int Runs = 300;
    private const int Effects = 2 * Runs;
    private const string Workflow = "fault";
    private static readonly string[] Steps = ["charge", "ship"];

    private static string Azurite =>
        Environment.GetEnvironmentVariable("AGENTFLOW_TEST_AZURE_STORAGE") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    [Fact]
    public async Task ThreeWorkers_OneKilledWithSigkillAndRestarted_EveryRunCompletes_EachEffectOnce_EveryDecisionAudited()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var hub = "affault" + Guid.NewGuid().ToString("N")[..12];
        var keyFile = Path.Combine(Root, "keys", "audit.key");
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        var settings = new Dictionary<string, string?>
        {
            ["backend"] = "azure-storage",
            ["azureStorage:connectionString"] = Azurite,
            ["azureStorage:taskHubName"] = hub,
            ["azureStorage:partitionCount"] = "4",
            ["azureStorage:maxQueuePollingInterval"] = "00:00:00.200",
            ["azureStorage:controlQueueVisibilityTimeout"] = "PT20S",
            ["azureStorage:workItemQueueVisibilityTimeout"] = "PT20S",
            ["audit:keyFile"] = keyFile,
        };
        var environment = settings.ToDictionary(s => "AGENTFLOW__" + s.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), s => s.Value);
        environment["AGENTFLOW_TOKEN"] = null;
        await using var target = await EffectTarget.StartAsync(timeout.Token);
        var file = Write("fault.json", WorkflowJson(target.Port));
        var machines = Enumerable.Range(1, 3).Select(i => new WorkerMachine(Root, $"fault-worker-{i}", environment)).ToList();
        var console = Path.Combine(Root, "console", "data");
        try
        {
            var validated = await CliRunner.RunAsync("validate", file);
            Assert.True(validated.ExitCode == 0, validated.Stderr);
            var added = await CliRunner.RunAsync(environment, "operators", "add", "olga", "--role", "ops", "--data-dir", console);
            Assert.True(added.ExitCode == 0, added.Stderr);

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(machines.Select(m => m.StartAsync(timeout.Token)));
            var workersUp = clock.Elapsed;
            await using var client = await ScaleOutClient.OpenAsync(settings, console, timeout.Token);
            var olga = await client.Operators.AuthenticateAsync(added.Stdout.Trim(), timeout.Token);
            Assert.NotNull(olga);
            var prepared = await client.Runs.PrepareAsync(file, new JsonObject { ["order"] = "A-1" }, timeout.Token);
            var runIds = new List<string>();

            // The operator works all along, so approvals are decided and second effects run while the kill lands.
            var operatorConsole = new OperatorConsole(client, olga, target, line => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,6:F1}s {line}")));
            var finishing = operatorConsole.UntilFinishedAsync(Workflow, Runs, timeout.Token);
            var killedAt = 0;
            var restarted = TimeSpan.Zero;
            var killing = Task.Run(async () =>
            {
                await target.WhenTotalAsync(Effects / 3, timeout.Token);
                await machines[0].KillAsync(timeout.Token);
                killedAt = target.Total;
                await machines[0].StartAsync(timeout.Token);
                restarted = clock.Elapsed;
            });
            await Parallel.ForEachAsync(Enumerable.Range(0, Runs), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = timeout.Token }, async (_, ct) =>
            {
                var runId = await client.Runs.StartAsync(prepared, cancellationToken: ct);
                lock (runIds)
                {
                    runIds.Add(runId);
                }
            });
            var started = clock.Elapsed;
            if (await Task.WhenAny(killing, finishing) == finishing)
            {
                await finishing;
            }

            await killing;
            var runs = await finishing;
            clock.Stop();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"workers up {workersUp.TotalSeconds:F1}s; {Runs} runs started at {started.TotalSeconds:F1}s; killed {machines[0].Name} at {killedAt}/{Effects} effects, restarted at {restarted.TotalSeconds:F1}s; all finished at {clock.Elapsed.TotalSeconds:F1}s; {operatorConsole.Decided} decisions, {operatorConsole.Settled.Count} effects settled ({string.Join(", ", operatorConsole.Settled)})"));

            // Every run completed, approved.
            Assert.Equal(runIds.Order(StringComparer.Ordinal), runs.Select(r => r.RunId).Order(StringComparer.Ordinal));
            Assert.All(runs, r => Assert.True(r.Status == RunStatus.Completed, $"{r.RunId} is {r.Status}: {r.Error}"));
            Assert.True(killedAt < Effects, $"the kill landed after every effect ({killedAt}), not mid-way");

            // Each effect happened exactly once, counted where it lands.
            var counts = target.Counts;
            Assert.All(runIds, id => Assert.All(Steps, step => Assert.True(target.CountOf(id, step) == 1, $"{step} of {id} reached the target {target.CountOf(id, step)} times")));
            Assert.Equal(Effects, counts.Count);
            Assert.Equal(Effects, target.Total);

            // The audit log, read by a machine that took no part, verifies and holds one decision per run.
            var auditor = Path.Combine(Root, "auditor", "data");
            var verify = await CliRunner.RunAsync(environment, "audit", "verify", "--data-dir", auditor);
            Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
            Assert.Contains($"{Runs} recorded decision(s), all in the audit log", verify.Stdout, StringComparison.Ordinal);
            await using var fresh = await ScaleOutClient.OpenAsync(settings, auditor, timeout.Token);
            var decisions = (await fresh.Audit.ReadAsync(null, timeout.Token)).Where(r => r.Kind == AuditKinds.Decision).ToList();
            Assert.Equal(runIds.Order(StringComparer.Ordinal), decisions.Select(d => d.RunId!).Order(StringComparer.Ordinal));
            Assert.All(decisions, d => Assert.Equal(("review", "olga", "approved"), (d.Node, d.Operator, d.Decision)));
            Assert.True((await fresh.Audit.VerifyAsync(timeout.Token)).Ok);
        }
        catch
        {
            foreach (var machine in machines)
            {
                output.WriteLine(machine.Tail);
            }

            throw;
        }
        finally
        {
            foreach (var machine in machines)
            {
                await machine.DisposeAsync();
            }

            await AzureTaskHubs.DeleteAsync(Azurite, hub);
        }
    }

    private static string WorkflowJson(int port) => $$$"""
        {
          "name": "{{{Workflow}}}",
          "inputs": { "order": { "type": "string" } },
          "tools": {
            "effect": { "kind": "http", "risk": "medium", "method": "POST", "url": "http://127.0.0.1:{{{port}}}/effects/{{ run }}/{{ step }}",
                        "allowHosts": ["127.0.0.1:{{{port}}}"] }
          },
          "start": "charge",
          "nodes": {
            "charge": { "kind": "tool", "tool": "effect", "args": { "run": "{{ run.id }}", "step": "charge" }, "next": "review" },
            "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "order": "{{ inputs.order }}" }, "next": "ship" },
            "ship":   { "kind": "tool", "tool": "effect", "args": { "run": "{{ run.id }}", "step": "ship" }, "next": "done" },
            "done":   { "kind": "end" }
          },
          "output": { "approved": "{{ review.approved }}", "charged": "{{ charge.status }}", "shipped": "{{ ship.status }}" }
        }
        """;
}
