using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>
/// A worker that stops without draining cancels the node executors in flight and hands their work items back: the
/// node runs again on the next worker instead of failing.
/// </summary>
public sealed class WorkerStopTests() : ScratchDirectoryTest("agentflow-stop-")
{
    [Fact]
    public async Task DisposeAsync_NodeInFlight_CancelsTheExecutorAndTheNextWorkerRunsTheNode()
    {
        var file = Path.Combine(Scratch, "slow.json");
        await File.WriteAllTextAsync(file, """
            { "name": "slow", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } }, "start": "ask",
              "nodes": { "ask": { "kind": "llm", "agent": "a", "prompt": "hi" } }, "output": { "text": "{{ ask.text }}" } }
            """);
        var executor = new BlockingOnceExecutor();
        var runtime = new WorkflowRuntime(
            WorkflowRuntime.CreateStore(new AgentFlowEngineOptions { Backend = BackendKind.Sqlite, DataDirectory = DataDir }), new NodeExecutorRegistry([executor]));
        string runId;
        await using (var first = await HostAsync(runtime))
        {
            var client = new RunClient(first, runtime);
            runId = await client.StartAsync(await client.PrepareAsync(file, null));
            await executor.Started.Task.WaitAsync(Wait.Deadline);
        }

        await executor.Cancelled.Task.WaitAsync(Wait.Deadline);
        await using var second = await HostAsync(runtime);
        var done = await RunPolling.UntilAsync(new RunClient(second, runtime), runId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("second call", done.Output!["text"]!.GetValue<string>());
    }

    private async Task<AgentFlowHost> HostAsync(WorkflowRuntime runtime)
    {
        var host = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = DataDir));
        await host.StartWorkerAsync();
        return host;
    }

    /// <summary>Waits for its token on the first call (as a long model call would); answers on the next.</summary>
    private sealed class BlockingOnceExecutor : INodeExecutor
    {
        private int _calls;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public NodeKind Kind => NodeKind.Llm;

        public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Started.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult();
                    throw;
                }
            }

            return new JsonObject { ["text"] = "second call" };
        }
    }
}
