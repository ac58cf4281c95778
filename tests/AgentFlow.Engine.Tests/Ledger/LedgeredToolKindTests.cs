using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Loading;
using AgentFlow.Engine.Ledger;

namespace AgentFlow.Engine.Tests.Ledger;

public sealed class LedgeredToolKindTests : IDisposable
{
    private const string Workflow = """
        { "name": "t", "start": "pay",
          "tools": { "lookup": { "kind": "code", "risk": "low" }, "payments": { "kind": "code", "risk": "medium" } },
          "nodes": { "read": { "kind": "tool", "tool": "lookup" }, "pay": { "kind": "tool", "tool": "payments" } } }
        """;

    private readonly string _dir;
    private readonly CountingToolKind _inner = new();
    private readonly SqliteEffectLedger _ledger;
    private readonly LedgeredToolKind _kind;

    public LedgeredToolKindTests()
    {
        _dir = Directory.CreateTempSubdirectory("agentflow-ledger-").FullName;
        _ledger = new SqliteEffectLedger(_dir);
        _kind = new LedgeredToolKind(_inner, _ledger);
    }

    // The ledger's DisposeAsync completes synchronously (it only clears the connection pool).
    public void Dispose()
    {
        _ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    private static ToolCall Call(string tool, string node, int attempt = 1)
    {
        var definition = WorkflowLoader.Parse(Workflow, "t.json").Definition!;
        var execution = new NodeExecutionContext
        {
            RunId = "run-1", NodeId = node, Iteration = 1, Attempt = attempt, Workflow = definition, Node = definition.Nodes[node], Input = [],
        };
        return new ToolCall { Tool = definition.Tools[tool], Args = [], Execution = execution };
    }

    [Fact]
    public async Task InvokeAsync_LowRisk_AlwaysCallsThrough()
    {
        await _kind.InvokeAsync(Call("lookup", "read"), CancellationToken.None);
        await _kind.InvokeAsync(Call("lookup", "read"), CancellationToken.None);

        Assert.Equal(2, _inner.Calls);
        Assert.Empty(await _ledger.ListAsync(null));
    }

    [Fact]
    public async Task InvokeAsync_MediumRiskSameKeyTwice_ActsOnceAndReturnsTheSameResult()
    {
        var first = await _kind.InvokeAsync(Call("payments", "pay"), CancellationToken.None);
        var second = await _kind.InvokeAsync(Call("payments", "pay", attempt: 2), CancellationToken.None);

        Assert.Equal(1, _inner.Calls);
        Assert.Equal(first!.ToJsonString(), second!.ToJsonString());
    }

    [Fact]
    public async Task InvokeAsync_InnerThrows_ResetsTheEntrySoALaterCallActs()
    {
        _inner.OnNextCall = () => throw new NodeExecutionException("the payment provider refused");
        await Assert.ThrowsAsync<NodeExecutionException>(() => _kind.InvokeAsync(Call("payments", "pay"), CancellationToken.None));
        Assert.Null(await _ledger.GetAsync("run-1/pay/1"));

        var result = await _kind.InvokeAsync(Call("payments", "pay", attempt: 2), CancellationToken.None);

        Assert.Equal(2, _inner.Calls);
        Assert.Equal(2, result!["call"]!.GetValue<int>());
    }

    [Fact]
    public async Task InvokeAsync_CancelledWhileActing_LeavesTheEntryInDoubt()
    {
        using var cts = new CancellationTokenSource();
        _inner.OnNextCall = () => { cts.Cancel(); cts.Token.ThrowIfCancellationRequested(); };

        await Assert.ThrowsAsync<OperationCanceledException>(() => _kind.InvokeAsync(Call("payments", "pay"), cts.Token));

        Assert.Equal(LedgerState.Started, (await _ledger.GetAsync("run-1/pay/1"))!.State);
    }

    [Fact]
    public async Task InvokeAsync_StartedWithoutResult_ThrowsInDoubtNamingToolAndKey()
    {
        // A process that died after BeginAsync leaves exactly this behind.
        await _ledger.BeginAsync("run-1/pay/1", "payments", "run-1", "pay", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<EffectInDoubtException>(() => _kind.InvokeAsync(Call("payments", "pay"), CancellationToken.None));

        Assert.Equal(0, _inner.Calls);
        Assert.Equal(("run-1/pay/1", "payments", "pay"), (ex.Key, ex.Tool, ex.Node));
        Assert.StartsWith("tool 'payments' may already have acted for pay (key run-1/pay/1, started ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(agentflow effects resolve run-1/pay/1 --done | --repeat)", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A tool kind that counts its calls and can be given something to do (such as throw) on the next one.</summary>
    private sealed class CountingToolKind : IToolKind
    {
        private int _calls;

        public string Kind => "code";

        public int Calls => _calls;

        public Action? OnNextCall { get; set; }

        public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var action = OnNextCall;
            OnNextCall = null;
            action?.Invoke();
            return Task.FromResult<JsonNode?>(new JsonObject { ["call"] = call });
        }
    }
}
