using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Memory.Retrieval;
using AgentFlow.Memory.Tests.Embedders;
using AgentFlow.Memory.Tests.Retrieval;
using AgentFlow.Agents.Tests.Telemetry;

namespace AgentFlow.Memory.Tests.Telemetry;

/// <summary>
/// recall, remember and retrieve nodes: a span each under the node visit's span, an <c>embeddings MODEL</c> span per
/// embedding call under it, and <c>usage</c> in the output when embeddings were made.
/// </summary>
public sealed class EmbeddingTelemetryTests : IDisposable
{
    private const string KeyVariable = "AGENTFLOW_TEST_TELEMETRY_EMBEDDING_KEY";

    private const string Workflow = """
        {
          "name": "embedding-telemetry",
          "models": { "local": { "provider": "local" } },
          "agents": { "editor": { "model": "local" } },
          "sources": { "docs": { "kind": "files", "path": "docs/*.md" } },
          "start": "note",
          "nodes": {
            "note": { "kind": "remember", "agent": "editor", "text": "{{ run.id }}", "next": "past" },
            "past": { "kind": "recall", "agent": "editor", "query": "keyboard", "k": 2, "next": "find" },
            "find": { "kind": "retrieve", "source": "docs", "query": "keyboard", "top": 2 }
          }
        }
        """;

    private static readonly PriceTable Prices = new("USD", new Dictionary<string, ModelPrice> { ["tiny-embed"] = new(0.02m, 0m) });

    private readonly FakeEmbeddingServer _server = new(dimensions: 16);
    private readonly SpanCapture _spans = new();
    private readonly TestDatabase _db = new();
    private readonly RetrievalFolder _folder = new();
    private readonly WorkflowDefinition _workflow = WorkflowLoader.Parse(Workflow, "embedding-telemetry.json").Definition!;
    private readonly RemoteEmbedder _embedder;

    public EmbeddingTelemetryTests()
    {
        Environment.SetEnvironmentVariable(KeyVariable, "sk-telemetry-test");
        _embedder = RemoteEmbedder.Create(new EmbedderOptions { Provider = "openai", Model = "tiny-embed", BaseUrl = _server.BaseUrl, ApiKeyEnv = KeyVariable, Dimensions = 16 }, Prices);
    }

    public void Dispose()
    {
        _embedder.Dispose();
        _folder.Dispose();
        _db.Dispose();
        _spans.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Remember_RemoteEmbedder_SpanTreeAndPricedUsage()
    {
        using var store = new SqliteMemoryStore(_db.FilePath, _embedder.Name, _embedder.Dimensions);

        var output = await new RememberNodeExecutor(store, _embedder).ExecuteAsync(Context("note", "text", "keyboard refund approved"), CancellationToken.None);

        var remember = Assert.Single(_spans.Spans, s => s.DisplayName == "memory.remember");
        Assert.Equal(_spans.Parent.SpanId, remember.ParentSpanId);
        Assert.Equal("editor", remember.GetTagItem(TelemetryTags.Agent));
        var embedding = Assert.Single(_spans.Spans, s => s.DisplayName == "embeddings tiny-embed");
        Assert.Equal(remember.SpanId, embedding.ParentSpanId);
        Assert.Equal(ActivityKind.Client, embedding.Kind);
        Assert.Equal("embeddings", embedding.GetTagItem(TelemetryTags.GenAiOperation));
        Assert.Equal("openai", embedding.GetTagItem(TelemetryTags.GenAiProvider));
        Assert.Equal("tiny-embed", embedding.GetTagItem(TelemetryTags.GenAiRequestModel));
        Assert.Equal(3L, embedding.GetTagItem(TelemetryTags.GenAiInputTokens));
        Assert.Equal("editor", embedding.GetTagItem(TelemetryTags.GenAiAgentName));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "promptTokens": 3, "completionTokens": 0, "calls": 1, "cost": 0.00000006, "currency": "USD", "model": "tiny-embed", "provider": "openai", "agent": "editor" }"""),
            output!["usage"]));
        Assert.Equal(0.00000006m, output["usage"]!["cost"]!.GetValue<decimal>());
        Assert.NotNull(output["id"]);
    }

    [Fact]
    public async Task Recall_RemoteEmbedder_SpanUnderTheNodeWithResultCount()
    {
        using var store = new SqliteMemoryStore(_db.FilePath, _embedder.Name, _embedder.Dimensions);
        await new RememberNodeExecutor(store, _embedder).ExecuteAsync(Context("note", "text", "keyboard refund approved") with { TraceParent = default }, CancellationToken.None);

        var output = await new RecallNodeExecutor(store, _embedder).ExecuteAsync(Context("past", "query", "keyboard"), CancellationToken.None);

        var recall = Assert.Single(_spans.Spans, s => s.DisplayName == "memory.recall");
        Assert.Equal(_spans.Parent.SpanId, recall.ParentSpanId);
        Assert.Equal(1, recall.GetTagItem(TelemetryTags.Results));
        Assert.Equal(recall.SpanId, Assert.Single(_spans.Spans, s => s.DisplayName == "embeddings tiny-embed").ParentSpanId);
        Assert.Single(output!["items"]!.AsArray());
        Assert.Equal((3, 1, "editor"), ((int)output["usage"]!["promptTokens"]!, (int)output["usage"]!["calls"]!, (string?)output["usage"]!["agent"]));
    }

    [Fact]
    public async Task Recall_BlankQuery_HasNoUsage()
    {
        using var store = new SqliteMemoryStore(_db.FilePath, _embedder.Name, _embedder.Dimensions);

        var output = await new RecallNodeExecutor(store, _embedder).ExecuteAsync(Context("past", "query", " "), CancellationToken.None);

        Assert.Equal(["items"], output!.AsObject().Select(p => p.Key));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Recall_LocalEmbedder_CountsTokensWithTheTokenRuleAndIsFree()
    {
        using var store = _db.Open();
        const string query = "keyboard refund for order A-17";

        var output = await new RecallNodeExecutor(store, _db.Embedder).ExecuteAsync(Context("past", "query", query), CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""{ "promptTokens": {{TokenEstimate.Count(query)}}, "completionTokens": 0, "calls": 1, "cost": 0, "currency": "USD", "model": "local-hash-v1", "provider": "local", "agent": "editor" }"""),
            output!["usage"]));
        var embedding = Assert.Single(_spans.Spans, s => s.DisplayName == "embeddings local-hash-v1");
        Assert.Equal("agentflow.local", embedding.GetTagItem(TelemetryTags.GenAiProvider));
    }

    [Fact]
    public async Task Retrieve_RemoteEmbedder_CountsIndexingAndQueryEmbeddings()
    {
        _folder.Write("docs/keyboards.md", "# Keyboards\n\nMechanical keyboards need a refund policy for broken keys.");
        _folder.Write("docs/mice.md", "# Mice\n\nWireless mice run on batteries.");
        var executor = new RetrieveNodeExecutor(_folder.Open(embedder: _embedder));

        var first = await executor.ExecuteAsync(Context("find", "query", "keyboard refund"), CancellationToken.None);
        var calls = _server.Requests.Count;

        var retrieve = Assert.Single(_spans.Spans, s => s.DisplayName == "retrieve docs");
        Assert.Equal(_spans.Parent.SpanId, retrieve.ParentSpanId);
        Assert.Equal("docs", retrieve.GetTagItem(TelemetryTags.Source));
        Assert.Equal(first!["results"]!.AsArray().Count, retrieve.GetTagItem(TelemetryTags.Results));
        var embeddings = _spans.Spans.Where(s => s.DisplayName == "embeddings tiny-embed").ToList();
        Assert.Equal(calls, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(retrieve.SpanId, e.ParentSpanId));
        Assert.True(calls >= 3, $"two documents and the query make at least 3 calls, saw {calls}");
        Assert.Equal((3 * calls, calls), ((int)first["usage"]!["promptTokens"]!, (int)first["usage"]!["calls"]!));
        Assert.Null(first["usage"]!["agent"]);

        var second = await executor.ExecuteAsync(Context("find", "query", "keyboard refund"), CancellationToken.None);

        Assert.Equal((3, 1), ((int)second!["usage"]!["promptTokens"]!, (int)second["usage"]!["calls"]!));
    }

    private NodeExecutionContext Context(string nodeId, string field, string value) => new()
    {
        RunId = "run-1",
        NodeId = nodeId,
        Iteration = 1,
        Attempt = 1,
        Workflow = _workflow,
        WorkflowFile = Path.Combine(_folder.WorkflowDirectory, "embedding-telemetry.json"),
        Node = _workflow.Nodes[nodeId],
        Input = new JsonObject { [field] = value },
        TraceParent = _spans.Parent,
    };
}
