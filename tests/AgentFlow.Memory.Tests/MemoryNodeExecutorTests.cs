using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Memory.Tests;

public sealed class MemoryNodeExecutorTests : IDisposable
{
    private const string Workflow = """
        {
          "name": "memory-test",
          "models": { "local": { "provider": "local" } },
          "agents": { "editor": { "model": "local" } },
          "start": "note",
          "nodes": {
            "note": { "kind": "remember", "agent": "editor", "text": "{{ run.id }}", "metadata": { "order": "A-1" }, "ttl": "P90D", "next": "past" },
            "past": { "kind": "recall", "agent": "editor", "query": "keyboard", "k": 2, "minScore": 0.1 }
          }
        }
        """;

    private readonly TestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(TestDatabase.Now);
    private readonly WorkflowDefinition _workflow = WorkflowLoader.Parse(Workflow, "t.json").Definition!;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Remember_SameIdempotencyKeyTwice_StoresOneRecord()
    {
        using var store = _db.Open(time: _clock);
        var remember = new RememberNodeExecutor(store, _db.Embedder, _clock);

        var first = await remember.ExecuteAsync(Context("note", "keyboard refund approved", attempt: 1), CancellationToken.None);
        _clock.UtcNow = TestDatabase.Now.AddMinutes(1);
        var retry = await remember.ExecuteAsync(Context("note", "keyboard refund approved", attempt: 2), CancellationToken.None);

        var record = Assert.Single(await store.ListAsync("editor", 10));
        Assert.Equal(first!["id"]!.GetValue<string>(), retry!["id"]!.GetValue<string>());
        Assert.Equal(RememberNodeExecutor.MemoryId("run-1/note/1"), record.Id);
        Assert.Equal(("run-1", "note"), (record.RunId, record.NodeId));
        Assert.Equal(TestDatabase.Now.AddDays(90), record.ExpiresAt);
        Assert.Equal("A-1", record.Metadata!["order"]!.GetValue<string>());
    }

    [Fact]
    public async Task Remember_BlankText_FailsTheNode()
    {
        using var store = _db.Open(time: _clock);
        var remember = new RememberNodeExecutor(store, _db.Embedder, _clock);

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => remember.ExecuteAsync(Context("note", "  "), CancellationToken.None));

        Assert.Contains("'note'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_AfterRemember_ReturnsItemsShape()
    {
        using var store = _db.Open(time: _clock);
        var remember = new RememberNodeExecutor(store, _db.Embedder, _clock);
        await remember.ExecuteAsync(Context("note", "keyboard refund approved", iteration: 1), CancellationToken.None);
        await remember.ExecuteAsync(Context("note", "weather in Paris", iteration: 2), CancellationToken.None);

        var output = await new RecallNodeExecutor(store, _db.Embedder, _clock).ExecuteAsync(Context("past", "keyboard refund"), CancellationToken.None);

        var item = Assert.Single(output!["items"]!.AsArray())!.AsObject();
        Assert.Equal(["text", "score", "metadata", "createdAt"], item.Select(p => p.Key));
        Assert.Equal("keyboard refund approved", item["text"]!.GetValue<string>());
        var score = item["score"]!.GetValue<double>();
        Assert.Equal(Math.Round(score, 4), score);
        Assert.Equal("A-1", item["metadata"]!["order"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:00.0000000Z", item["createdAt"]!.GetValue<string>());
    }

    private NodeExecutionContext Context(string nodeId, string text, int iteration = 1, int attempt = 1) => new()
    {
        RunId = "run-1",
        NodeId = nodeId,
        Iteration = iteration,
        Attempt = attempt,
        Workflow = _workflow,
        Node = _workflow.Nodes[nodeId],
        Input = nodeId == "note"
            ? new JsonObject { ["text"] = text, ["metadata"] = new JsonObject { ["order"] = "A-1" } }
            : new JsonObject { ["query"] = text },
    };
}
