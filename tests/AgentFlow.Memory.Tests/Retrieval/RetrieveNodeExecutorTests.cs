using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Activities;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

public sealed class RetrieveNodeExecutorTests : IDisposable
{
    private const string Workflow = """
        {
          "name": "retrieve-test",
          "sources": {
            "news": { "kind": "rss", "path": "data/news.xml" },
            "articles": { "kind": "files", "path": "data/articles/*.md" }
          },
          "start": "fetch",
          "nodes": {
            "fetch": { "kind": "retrieve", "source": "news", "query": "q", "top": 2, "next": "deep" },
            "deep": { "kind": "retrieve", "source": "articles", "query": "q", "top": 3 }
          }
        }
        """;

    private readonly RetrievalFolder _folder = new();
    private readonly WorkflowDefinition _workflow = WorkflowLoader.Parse(Workflow, "retrieve-test.json").Definition!;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Execute_RssSource_ResultsCiteTheItemLink()
    {
        _folder.CopyRepoData();
        var executor = new RetrieveNodeExecutor(_folder.Open());

        var output = await executor.ExecuteAsync(Context("fetch", "hybrid retrieval with reciprocal rank fusion"), CancellationToken.None);

        var results = output!["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        var best = results[0]!.AsObject();
        Assert.Equal(["text", "title", "source", "score", "offset", "chunk"], best.Select(p => p.Key));
        Assert.Equal("Hybrid retrieval beats pure vector search on internal documentation", best["title"]!.GetValue<string>());
        Assert.Equal("https://news.example.com/llmops/2025/11/hybrid-retrieval-benchmark", best["source"]!.GetValue<string>());
        Assert.Equal((0, 0), (best["offset"]!.GetValue<int>(), best["chunk"]!.GetValue<int>()));
        var score = best["score"]!.GetValue<double>();
        Assert.Equal(Math.Round(score, 4), score);
    }

    [Fact]
    public async Task Execute_FilesSource_CitesPathRelativeToWorkflowAndOffsetIntoTheFile()
    {
        _folder.CopyRepoData();
        var executor = new RetrieveNodeExecutor(_folder.Open());

        var output = await executor.ExecuteAsync(Context("deep", "recall at five results for hybrid ranking"), CancellationToken.None);

        var best = output!["results"]![0]!.AsObject();
        Assert.Equal("data/articles/evaluating-rag-pipelines.md", best["source"]!.GetValue<string>());
        Assert.Equal("Evaluating a RAG pipeline before it reaches users", best["title"]!.GetValue<string>());
        var file = await File.ReadAllTextAsync(Path.Combine(_folder.WorkflowDirectory, "data", "articles", "evaluating-rag-pipelines.md"));
        var text = best["text"]!.GetValue<string>();
        Assert.Equal(text, file.Substring(best["offset"]!.GetValue<int>(), text.Length));
    }

    [Fact]
    public async Task Execute_MissingFeed_FailsTheNodeNamingThePath()
    {
        var executor = new RetrieveNodeExecutor(_folder.Open());

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(Context("fetch", "anything"), CancellationToken.None));

        Assert.StartsWith("node 'fetch': $.sources.news.path: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_WithWorkflowFile_ReportsEachUnreadableSourceByField()
    {
        using var service = _folder.Open();
        var registry = new NodeExecutorRegistry([new RetrieveNodeExecutor(service)]);

        var problems = await registry.CheckAsync(_workflow, Path.Combine(_folder.WorkflowDirectory, "retrieve-test.json"));

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("node 'fetch' ($.nodes.fetch): source 'news': $.sources.news.path 'data/news.xml'", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("node 'deep' ($.nodes.deep): source 'articles': $.sources.articles.path 'data/articles/*.md' matches no", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_SourcesPresent_NoProblems()
    {
        _folder.CopyRepoData();
        using var service = _folder.Open();

        Assert.Empty(await new NodeExecutorRegistry([new RetrieveNodeExecutor(service)]).CheckAsync(_workflow, Path.Combine(_folder.WorkflowDirectory, "retrieve-test.json")));
    }

    private NodeExecutionContext Context(string nodeId, string query) => new()
    {
        RunId = "run-1",
        NodeId = nodeId,
        Iteration = 1,
        Attempt = 1,
        Workflow = _workflow,
        WorkflowFile = Path.Combine(_folder.WorkflowDirectory, "retrieve-test.json"),
        Node = _workflow.Nodes[nodeId],
        Input = new JsonObject { ["query"] = query },
    };
}
