using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>An executor behind <see cref="DeferredNodeExecutor{T}"/> is created only for a node of its kind, and a failure to create it names that node.</summary>
public sealed class DeferredNodeExecutorTests
{
    private static readonly WorkflowDefinition Workflow = WorkflowLoader.Parse("""
        { "name": "calls", "tools": { "t": { "kind": "code", "risk": "low", "name": "test.echo" } }, "start": "call",
          "nodes": { "call": { "kind": "tool", "tool": "t", "next": "done" }, "done": { "kind": "end" } } }
        """, "calls.json").Definition!;

    [Fact]
    public async Task The_executor_is_created_when_a_node_of_its_kind_is_checked_not_before()
    {
        var created = 0;
        var llm = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Llm, () => { created++; return new FixedExecutor(NodeKind.Llm); });
        var tool = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Tool, () => new FixedExecutor(NodeKind.Tool));
        var registry = new NodeExecutorRegistry([llm, tool]);

        Assert.Empty(await registry.CheckAsync(Workflow));

        Assert.Equal(0, created);
        Assert.False(llm.IsCreated);
        Assert.True(tool.IsCreated);
    }

    [Fact]
    public async Task A_failure_to_create_the_executor_names_the_node_when_it_is_checked_and_when_it_runs()
    {
        var tool = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Tool, () => throw new InvalidOperationException("the catalog file is unreadable"));

        var checking = await Assert.ThrowsAsync<NodeExecutionException>(() => tool.CheckAsync(Workflow, Workflow.Nodes["call"], null));
        var running = await Assert.ThrowsAsync<NodeExecutionException>(() => tool.ExecuteAsync(Context(), CancellationToken.None));

        Assert.Equal("node 'call': the 'tool' executor cannot be created: the catalog file is unreadable", checking.Message);
        Assert.Equal(checking.Message, running.Message);
    }

    [Fact]
    public async Task A_failed_creation_is_tried_again_by_the_next_node_of_its_kind()
    {
        var attempts = 0;
        var tool = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Tool, () =>
            ++attempts == 1 ? throw new IOException("the ledger file is locked") : new FixedExecutor(NodeKind.Tool));

        await Assert.ThrowsAsync<NodeExecutionException>(() => tool.ExecuteAsync(Context(), CancellationToken.None));
        var output = await tool.ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal(2, attempts);
        Assert.True(tool.IsCreated);
        Assert.Equal(true, output?["ok"]?.GetValue<bool>());
    }

    [Fact]
    public async Task A_setting_that_cannot_be_read_is_reported_as_it_is()
    {
        var tool = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Tool, () => throw new ConfigurationException("tools.strict", "is 'maybe'; use true or false"));

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => tool.CheckAsync(Workflow, Workflow.Nodes["call"], null));

        Assert.Equal("tools.strict", error.Setting);
    }

    [Fact]
    public async Task Disposing_disposes_the_executor_once_created_and_is_harmless_before()
    {
        var executor = new FixedExecutor(NodeKind.Tool);
        var never = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Tool, () => throw new InvalidOperationException("not created"));
        var used = new DeferredNodeExecutor<FixedExecutor>(NodeKind.Tool, () => executor);
        await used.ExecuteAsync(Context(), CancellationToken.None);

        await never.DisposeAsync();
        await used.DisposeAsync();

        Assert.True(executor.Disposed);
    }

    private static NodeExecutionContext Context() => new()
    {
        RunId = "run-1",
        NodeId = "call",
        Iteration = 0,
        Attempt = 1,
        Workflow = Workflow,
        Node = Workflow.Nodes["call"],
        Input = [],
    };

    private sealed class FixedExecutor(NodeKind kind) : INodeExecutor, IDisposable
    {
        public bool Disposed { get; private set; }

        public NodeKind Kind => kind;

        public Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken) =>
            Task.FromResult<JsonNode?>(new JsonObject { ["ok"] = true });

        public void Dispose() => Disposed = true;
    }
}
