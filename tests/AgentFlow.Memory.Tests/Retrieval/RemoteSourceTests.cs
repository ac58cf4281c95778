using AgentFlow.Core.Model;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

public sealed class RemoteSourceTests : IDisposable
{
    private const string Page = """
        <html><head><title>Status page</title></head>
        <body><nav>Home</nav><p>All systems operational. The EU-West region recovered at 14:05.</p></body></html>
        """;

    private static readonly SourceDefinition Status = new("status", "http", null, "https://status.example.com/", "$.sources.status");

    private readonly RetrievalFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Http_HtmlPage_OneDocumentCitedByUrl()
    {
        using var handler = new StubHttpHandler(Page, "text/html");
        using var client = new HttpClient(handler);
        using var service = _folder.Open(client: client);

        var hit = Assert.Single(await service.SearchAsync(Status, _folder.WorkflowDirectory, "EU-West region", 5));

        Assert.Equal(("Status page", "https://status.example.com/", 0), (hit.Title, hit.Source, hit.Offset));
        Assert.Equal("Home\n\nAll systems operational. The EU-West region recovered at 14:05.", hit.Text);
    }

    [Fact]
    public async Task Http_BodyOverTheLimit_RefusedWithTheSetting()
    {
        using var handler = new StubHttpHandler(Page, "text/html");
        using var client = new HttpClient(handler);
        using var service = _folder.Open(new RetrievalOptions { MaxResponseBytes = 64 }, client: client);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => service.IndexAsync(Status, _folder.WorkflowDirectory));

        Assert.Equal("$.sources.status.url", error.Field);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_ServerTooSlow_TimesOutWithAClearMessage()
    {
        using var handler = new StubHttpHandler(Page, "text/html", hang: true);
        using var client = new HttpClient(handler);
        using var service = _folder.Open(new RetrievalOptions { HttpTimeout = TimeSpan.FromMilliseconds(100) }, client: client);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => service.IndexAsync(Status, _folder.WorkflowDirectory));

        Assert.Contains("took longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RssUrl_SearchedTwiceWithinRefreshInterval_FetchedOnce()
    {
        using var handler = new StubHttpHandler(await File.ReadAllTextAsync(Path.Combine(RepoData.Data, "news.xml")), "application/rss+xml");
        using var client = new HttpClient(handler);
        var clock = new ManualTimeProvider(TestDatabase.Now);
        using var service = _folder.Open(client: client, time: clock);
        var feed = RetrievalFolder.Rss(null, "https://news.example.com/llmops/feed.xml");

        var first = await service.SearchAsync(feed, _folder.WorkflowDirectory, "semantic cache", 1);
        await service.SearchAsync(feed, _folder.WorkflowDirectory, "structured outputs", 1);
        clock.UtcNow += TimeSpan.FromMinutes(16);
        await service.SearchAsync(feed, _folder.WorkflowDirectory, "structured outputs", 1);

        Assert.Equal("https://news.example.com/llmops/2025/11/semantic-caching-travel", first[0].Source);
        Assert.Equal(2, handler.Requests);
    }
}
