using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Tests.Support;
using Microsoft.DurableTask;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>The node activity's own deadline, on a clock the test moves: it gives up at the deadline, not before, whatever the executor does.</summary>
public sealed class NodeActivityDeadlineTests() : ScratchDirectoryTest("agentflow-deadline-")
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly StuckExecutor _executor = new();

    [Fact]
    public async Task An_executor_that_ignores_its_token_is_left_behind_at_the_deadline()
    {
        var run = await StartAsync(deadlineIn: TimeSpan.FromMilliseconds(300));
        await _executor.Started.Task;

        _clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<NodeTimeoutException>(() => run);
        Assert.Equal("timed out after PT0.3S (the node's timeout)", error.Message);
        Assert.True(_executor.Token.IsCancellationRequested, "the executor's token is cancelled at the deadline too");
    }

    [Fact]
    public async Task An_attempt_delivered_after_its_deadline_does_not_run_the_executor()
    {
        var error = await Assert.ThrowsAsync<NodeTimeoutException>(() => StartAsync(deadlineIn: TimeSpan.FromSeconds(-1)).Unwrap());

        Assert.Equal("timed out after PT0.3S (the node's timeout)", error.Message);
        Assert.False(_executor.Started.Task.IsCompleted);
    }

    [Fact]
    public async Task An_executor_that_finishes_in_time_returns_its_output()
    {
        var run = await StartAsync(deadlineIn: TimeSpan.FromMilliseconds(300));
        await _executor.Started.Task;

        _executor.Finish(new JsonObject { ["ok"] = true });

        Assert.True((await run)!["ok"]!.GetValue<bool>());
    }

    private async Task<Task<JsonNode?>> StartAsync(TimeSpan deadlineIn)
    {
        var file = Path.Combine(Scratch, "stuck.json");
        await File.WriteAllTextAsync(file, """
            { "name": "stuck", "tools": { "t": { "kind": "code", "risk": "low", "name": "test.stubborn" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "t", "timeout": "PT0.3S" } } }
            """);
        var store = new FileDefinitionStore(DataDir);
        var pinned = await DefinitionPinner.PinAsync(file, store);
        var activity = new NodeActivity(new DefinitionCache(store), new NodeExecutorRegistry([_executor]), CancellationToken.None, _clock);
        var request = new NodeActivityRequest(pinned.Definition.Pin, "run-1", "call", "call", 1, 1, [], _clock.GetUtcNow().UtcDateTime + deadlineIn);
        return activity.RunAsync(Mock.Of<TaskActivityContext>(), request);
    }

    /// <summary>A tool executor that runs until the test finishes it, ignoring cancellation.</summary>
    private sealed class StuckExecutor : INodeExecutor
    {
        private readonly TaskCompletionSource<JsonNode?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public NodeKind Kind => NodeKind.Tool;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; private set; }

        public Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            Started.TrySetResult();
            return _result.Task;
        }

        public void Finish(JsonNode? output) => _result.TrySetResult(output);
    }
}
