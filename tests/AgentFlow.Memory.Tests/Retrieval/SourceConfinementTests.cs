using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Core.Loading;
using AgentFlow.Engine.Activities;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>Source paths stay in the workflow's folder (symbolic links resolved) unless <see cref="RetrievalOptions.AllowPaths"/> lists another folder.</summary>
public sealed class SourceConfinementTests : IDisposable
{
    private readonly RetrievalFolder _folder = new();

    public SourceConfinementTests()
    {
        _folder.Write("data/inside.md", "# Inside\n\nThe zeppelin carries cargo.");
        Outside = Path.Combine(_folder.Root, "outside");
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.md"), "# Secret\n\nThe zeppelin password is swordfish.");
        File.WriteAllText(Path.Combine(Outside, "feed.xml"), "<rss version=\"2.0\"><channel><title>x</title></channel></rss>");
    }

    private string Outside { get; }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("../outside/*.md")]
    [InlineData("../outside/secret.md")]
    [InlineData("data/../../outside/**/*.md")]
    public async Task SearchAsync_GlobOutsideWorkflowFolder_IsRefusedNamingTheFieldAndTheSetting(string glob)
    {
        using var service = _folder.Open();

        var error = await Assert.ThrowsAsync<SourceReadException>(() => service.SearchAsync(RetrievalFolder.Files(glob, "news"), _folder.WorkflowDirectory, "zeppelin", 3));

        Assert.StartsWith($"$.sources.news.path: '{glob}' resolves outside the workflow's folder {_folder.WorkflowDirectory} (to {Outside}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; add {Outside} (or a folder above it) to allowPaths in agentflow.json to allow it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_AbsoluteFeedFileElsewhere_IsRefused()
    {
        using var service = _folder.Open();
        var feed = Path.Combine(Outside, "feed.xml");

        var error = await Assert.ThrowsAsync<SourceReadException>(() => service.SearchAsync(RetrievalFolder.Rss(feed), _folder.WorkflowDirectory, "x", 3));

        Assert.StartsWith($"$.sources.news.path: '{feed}' resolves outside the workflow's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_GlobMatchingASymlinkToAFileOutside_IsRefusedWithoutIndexingIt()
    {
        File.CreateSymbolicLink(Path.Combine(_folder.WorkflowDirectory, "data", "leak.md"), Path.Combine(Outside, "secret.md"));
        using var service = _folder.Open();

        var error = await Assert.ThrowsAsync<SourceReadException>(() => service.SearchAsync(RetrievalFolder.Files("data/*.md"), _folder.WorkflowDirectory, "password", 3));

        Assert.Contains(
            $"'data/*.md' resolves outside the workflow's folder {_folder.WorkflowDirectory}: {Path.Combine(_folder.WorkflowDirectory, "data", "leak.md")} leads through a symbolic link to {Path.Combine(Outside, "secret.md")}",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_DoubleStarThroughSymlinkedFolderOutside_IsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder.WorkflowDirectory, "data", "more"), Outside);
        using var service = _folder.Open();

        var error = await Assert.ThrowsAsync<SourceReadException>(() => service.SearchAsync(RetrievalFolder.Files("data/**/*.md"), _folder.WorkflowDirectory, "password", 3));

        Assert.Contains("leads through a symbolic link to " + Path.Combine(Outside, "secret.md"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_GlobOutsideInAllowPaths_IsIndexed()
    {
        using var service = _folder.Open(new RetrievalOptions { AllowPaths = [Outside] });

        var hits = await service.SearchAsync(RetrievalFolder.Files("../outside/*.md"), _folder.WorkflowDirectory, "zeppelin", 3);

        Assert.Equal("Secret", Assert.Single(hits).Title);
    }

    [Fact]
    public async Task SearchAsync_SymlinkToAnAllowedFolder_IsIndexed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder.WorkflowDirectory, "data", "more"), Outside);
        using var service = _folder.Open(new RetrievalOptions { AllowPaths = [Outside] });

        var hits = await service.SearchAsync(RetrievalFolder.Files("data/**/*.md"), _folder.WorkflowDirectory, "zeppelin", 3);

        Assert.Equal(["Inside", "Secret"], hits.Select(h => h.Title).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_RetrieveNodeWithSourceOutside_ReportsTheNodeBeforeTheRun()
    {
        var workflow = WorkflowLoader.Parse(
            """{ "name": "t", "sources": { "news": { "kind": "files", "path": "../outside/*.md" } }, "start": "fetch", "nodes": { "fetch": { "kind": "retrieve", "source": "news", "query": "q" } } }""",
            "t.json").Definition!;
        using var service = _folder.Open();

        var problem = Assert.Single(await new NodeExecutorRegistry([new RetrieveNodeExecutor(service)]).CheckAsync(workflow, Path.Combine(_folder.WorkflowDirectory, "t.json")));

        Assert.StartsWith($"node 'fetch' ($.nodes.fetch): $.sources.news.path: '../outside/*.md' resolves outside the workflow's folder {_folder.WorkflowDirectory}", problem, StringComparison.Ordinal);
        Assert.Contains("allowPaths in agentflow.json", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_SourceOutside_FailsTheNodeNamingTheField()
    {
        var workflow = WorkflowLoader.Parse(
            """{ "name": "t", "sources": { "news": { "kind": "rss", "path": "../outside/feed.xml" } }, "start": "fetch", "nodes": { "fetch": { "kind": "retrieve", "source": "news", "query": "q" } } }""",
            "t.json").Definition!;
        var executor = new RetrieveNodeExecutor(_folder.Open());
        var context = new NodeExecutionContext
        {
            RunId = "run-1",
            NodeId = "fetch",
            Iteration = 1,
            Attempt = 1,
            Workflow = workflow,
            WorkflowFile = Path.Combine(_folder.WorkflowDirectory, "t.json"),
            Node = workflow.Nodes["fetch"],
            Input = new JsonObject { ["query"] = "q" },
        };

        var error = await Assert.ThrowsAsync<NodeExecutionException>(() => executor.ExecuteAsync(context, CancellationToken.None));

        Assert.StartsWith("node 'fetch': $.sources.news.path: '../outside/feed.xml' resolves outside the workflow's folder", error.Message, StringComparison.Ordinal);
    }
}
