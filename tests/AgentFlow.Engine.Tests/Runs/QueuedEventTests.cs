using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.TestWorker;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>A decision committed while no worker runs is not lost: the run counts as unsettled until a worker takes it in.</summary>
public sealed class QueuedEventTests() : ScratchDirectoryTest("agentflow-queued-")
{
    [Fact]
    public async Task Decision_raised_without_a_worker_keeps_the_run_unsettled_until_a_worker_delivers_it()
    {
        var file = Path.Combine(Scratch, "queued.json");
        await File.WriteAllTextAsync(file, """
            { "name": "queued", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "q": "go?" }, "next": "after" },
                         "after": { "kind": "set", "values": { "by": "{{ review.by }}" } } } }
            """);
        var options = new AgentFlowEngineOptions { Backend = BackendKind.Sqlite, DataDirectory = DataDir };
        var runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), Path.Combine(Scratch, "effects.txt"));
        var audit = new AuditLog(DataDir, new AuditLogOptions { KeyFile = Path.Combine(Scratch, "keys", "audit.key") });
        var ops = (await new OperatorStore(DataDir, audit).AddAsync("quinn", ["ops"], null, adminToken: null)).Operator;
        string runId;
        await using (var worker = await HostAsync(runtime, startWorker: true))
        {
            var client = new RunClient(worker, runtime);
            runId = await client.StartAsync(await client.PrepareAsync(file, null));
            await RunPolling.UntilAsync(client, runId, r => r.Status == RunStatus.Waiting);
        }

        // Like an `approve` killed right after it committed the decision: the event is stored, nobody has taken it in.
        await using (var clientOnly = await HostAsync(runtime, startWorker: false))
        {
            var client = new RunClient(clientOnly, runtime);
            Assert.Equal(DecisionOutcome.Accepted, (await new ApprovalService(client, audit).DecideAsync(runId, "review", ops, true, null, null)).Outcome);
            var queued = await client.GetAsync(runId);
            Assert.Equal(RunStatus.Running, queued!.Status);
            Assert.Equal("review", Assert.Single(queued.Progress!.Waiting).Node);
        }

        await using (var resumed = await HostAsync(runtime, startWorker: true))
        {
            var done = await RunPolling.UntilAsync(new RunClient(resumed, runtime), runId, r => r.IsFinished);
            Assert.Equal(RunStatus.Completed, done.Status);
            Assert.Equal("quinn", done.Output!["by"]!.GetValue<string>());
        }
    }

    private async Task<AgentFlowHost> HostAsync(WorkflowRuntime runtime, bool startWorker)
    {
        var host = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = DataDir));
        if (startWorker)
        {
            await host.StartWorkerAsync();
        }

        return host;
    }
}
