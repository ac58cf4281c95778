using System.Text.Json.Nodes;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.TestWorker;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>kill -9 of the worker process in the middle of a run: a new worker finishes it without repeating effects.</summary>
public sealed class CrashRecoveryTests() : ScratchDirectoryTest("agentflow-crash-")
{
    [Fact]
    public async Task Killed_worker_mid_run_is_replaced_and_no_finished_node_runs_again()
    {
        var file = Path.Combine(Scratch, "crash.json");
        await File.WriteAllTextAsync(file, """
            { "name": "crash", "tools": { "count": { "kind": "code", "risk": "medium", "name": "test.count" } }, "start": "first",
              "nodes": { "first": { "kind": "tool", "tool": "count", "args": { "step": 1 }, "next": "pause" },
                         "pause": { "kind": "approval", "approvers": ["role:ops"], "show": { "step": 1 }, "next": "second" },
                         "second": { "kind": "tool", "tool": "count", "args": { "step": 2 } } },
              "output": { "first": "{{ first.lines }}", "second": "{{ second.lines }}" } }
            """);
        var options = new AgentFlowEngineOptions { Backend = BackendKind.Sqlite, DataDirectory = DataDir };
        var runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), Effects);
        await using var clientHost = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = DataDir));
        var client = new RunClient(clientHost, runtime);

        string runId;
        await using (var worker = await WorkerProcess.StartAsync("sqlite", DataDir, "unused", Effects))
        {
            runId = await client.StartAsync(await client.PrepareAsync(file, null));
            await UntilAsync(client, runId, r => r.Status == RunStatus.Waiting);
            await worker.KillAsync();
        }

        Assert.Equal([$"{runId}/first/1"], File.ReadAllLines(Effects));
        await using (await WorkerProcess.StartAsync("sqlite", DataDir, "unused", Effects))
        {
            // The run waits on an approval, not a timer, so the kill lands while it waits however slow the machine is.
            await client.RaiseEventAsync(runId, "approval:pause", new ApprovalDecision(true, "ops-op", null, null, ["ops"]));
            var run = await UntilAsync(client, runId, r => r.IsFinished);

            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Equal(1, run.Output!["first"]!.GetValue<int>());
            Assert.Equal(2, run.Output["second"]!.GetValue<int>());
        }

        Assert.Equal([$"{runId}/first/1", $"{runId}/second/1"], File.ReadAllLines(Effects));
    }

    [Fact]
    public async Task Crash_between_effect_and_completion_is_surfaced_to_an_operator_not_repeated()
    {
        var file = Path.Combine(Scratch, "die.json");
        await File.WriteAllTextAsync(file, """
            { "name": "die", "tools": { "pay": { "kind": "code", "risk": "medium", "name": "test.die" } }, "start": "pay",
              "nodes": { "pay": { "kind": "tool", "tool": "pay", "args": { "amount": 10 }, "retry": { "max": 3, "backoff": "PT0.1S" }, "next": "after" },
                         "after": { "kind": "set", "values": { "paid": "{{ pay.paymentId }}" } } } }
            """);
        var options = new AgentFlowEngineOptions { Backend = BackendKind.Sqlite, DataDirectory = DataDir };
        var runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), Effects);
        await using var clientHost = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = DataDir));
        var client = new RunClient(clientHost, runtime);

        string runId;
        await using (var worker = await WorkerProcess.StartAsync("sqlite", DataDir, "unused", Effects))
        {
            runId = await client.StartAsync(await client.PrepareAsync(file, null));
            using var deadline = new CancellationTokenSource(Wait.Deadline);
            await worker.ExitedAsync(deadline.Token);
        }

        var key = $"{runId}/pay/1";
        Assert.Equal([key], File.ReadAllLines(Effects));
        await using (await WorkerProcess.StartAsync("sqlite", DataDir, "unused", Effects))
        {
            var waiting = await UntilAsync(client, runId, r => r.Status == RunStatus.Waiting);
            var wait = Assert.Single(waiting.Progress!.Waiting);
            Assert.Equal((WaitKind.Effect, "pay", "effect:pay"), (wait.Kind, wait.Node, wait.Event));
            Assert.Contains($"key {key}", wait.Reason, StringComparison.Ordinal);

            await using var ledger = new SqliteEffectLedger(DataDir);
            Assert.Equal(LedgerState.Started, (await ledger.GetAsync(key))!.State);
            await ledger.ResolveAsync(key, LedgerResolution.Done, new JsonObject { ["paymentId"] = "pay_checked_by_hand" }, "operator");
            await client.RaiseEventAsync(runId, "effect:pay", new EffectResolution("operator", Repeat: false));

            var run = await UntilAsync(client, runId, r => r.IsFinished);
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Equal("pay_checked_by_hand", run.Output!["paid"]!.GetValue<string>());
        }

        Assert.Equal([key], File.ReadAllLines(Effects));
    }

    private static Task<RunInfo> UntilAsync(RunClient client, string runId, Func<RunInfo, bool> done) => RunPolling.UntilAsync(client, runId, done);
}
