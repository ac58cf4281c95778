using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

public sealed class SourceReaderTests : IDisposable
{
    private readonly RetrievalFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Files_MarkdownAndText_TitledByHeadingOrFileName()
    {
        _folder.Write("docs/guide.md", "```bash\n# not a title\n```\nIntro line.\n\n# Deploying the engine #\n\nBody text.");
        _folder.Write("docs/notes.txt", "# plain text is not markdown\nSecond line.");
        _folder.Write("docs/skip.json", "{}");

        var documents = await ReadAsync(new FileSourceReader(), RetrievalFolder.Files("docs/*"));

        Assert.Equal(["guide.md", "notes.txt"], documents.Select(d => d.Id));
        Assert.Equal("Deploying the engine", documents[0].Title);
        Assert.Equal("notes.txt", documents[1].Title);
        Assert.Equal("# plain text is not markdown\nSecond line.", documents[1].Text);
        Assert.Equal(Path.Combine(_folder.WorkflowDirectory, "docs", "guide.md"), documents[0].Source);
    }

    [Fact]
    public async Task Files_Html_TextWithoutMarkupScriptsOrStyles()
    {
        _folder.Write("site/page.html", """
            <html><head><title> Release  notes </title><style>p { color: red }</style></head>
            <body><script>var secret = 1;</script><h1>Version 2</h1><p>Faster &amp; <b>smaller</b>.</p><ul><li>One</li><li>Two</li></ul></body></html>
            """);

        var document = Assert.Single(await ReadAsync(new FileSourceReader(), RetrievalFolder.Files("site/*.html")));

        Assert.Equal("Release notes", document.Title);
        Assert.Equal("Version 2\n\nFaster & smaller.\n\nOne\nTwo", document.Text);
    }

    [Fact]
    public async Task Files_DoubleStarGlob_MatchesNestedFoldersInOrdinalOrder()
    {
        _folder.Write("kb/b.md", "b");
        _folder.Write("kb/a/deep/c.md", "c");
        _folder.Write("kb/a/x.txt", "x");

        var documents = await ReadAsync(new FileSourceReader(), RetrievalFolder.Files("kb/**/*.md"));

        Assert.Equal(["a/deep/c.md", "b.md"], documents.Select(d => d.Id));
    }

    [Fact]
    public async Task Rss_NewsFeed_OneDocumentPerItemWithLinkAndPlainText()
    {
        var source = RetrievalFolder.Rss("data/news.xml");

        var documents = await ReadAsync(new RssSourceReader(new HttpClient(), new RetrievalOptions()), source, RepoData.Workflows);

        Assert.Equal(9, documents.Count);
        var first = documents[0];
        Assert.Equal("Regression suites for prompts become a release gate", first.Title);
        Assert.Equal("https://news.example.com/llmops/2025/11/prompt-regression-release-gates", first.Source);
        Assert.StartsWith("A survey of 140 engineering teams", first.Text, StringComparison.Ordinal);
        Assert.All(documents, d => Assert.DoesNotContain('<', d.Text));
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task Rss_AtomFeedWithHtmlContent_ContentPreferredAndStripped()
    {
        _folder.Write("feed.atom", """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Team blog</title><id>urn:blog</id><updated>not a date</updated>
              <entry>
                <title type="html">Caching &lt;em&gt;done right&lt;/em&gt;</title>
                <id>urn:post:1</id><updated>2025-11-01T00:00:00Z</updated>
                <link rel="alternate" href="https://blog.example.com/caching"/>
                <summary>Short.</summary>
                <content type="html">&lt;p&gt;Long &lt;b&gt;body&lt;/b&gt; text.&lt;/p&gt;</content>
              </entry>
            </feed>
            """);

        var document = Assert.Single(await ReadAsync(new RssSourceReader(new HttpClient(), new RetrievalOptions()), RetrievalFolder.Rss("feed.atom")));

        Assert.Equal(("urn:post:1", "Caching done right", "https://blog.example.com/caching", "Long body text."), (document.Id, document.Title, document.Source, document.Text));
    }

    [Fact]
    public async Task Rss_NotAFeed_SourceReadExceptionNamesThePath()
    {
        _folder.Write("broken.xml", "<html><body>nope</body></html>");

        var error = await Assert.ThrowsAsync<SourceReadException>(() => ReadAsync(new RssSourceReader(new HttpClient(), new RetrievalOptions()), RetrievalFolder.Rss("broken.xml")));

        Assert.StartsWith("$.sources.news.path: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GlobMatchingNothingAndMissingFeed_NameTheField()
    {
        using var service = _folder.Open();

        var files = Assert.Single(service.Check(RetrievalFolder.Files("nowhere/*.md", "articles"), _folder.WorkflowDirectory));
        var rss = Assert.Single(service.Check(RetrievalFolder.Rss("missing.xml"), _folder.WorkflowDirectory));
        var url = Assert.Single(service.Check(RetrievalFolder.Rss(null, "ftp://example.com/feed"), _folder.WorkflowDirectory));

        Assert.Contains("$.sources.articles.path 'nowhere/*.md' matches no", files, StringComparison.Ordinal);
        Assert.Contains("$.sources.news.path 'missing.xml'", rss, StringComparison.Ordinal);
        Assert.Contains("$.sources.news.url", url, StringComparison.Ordinal);
        Assert.Empty(service.Check(RetrievalFolder.Rss("data/news.xml"), RepoData.Workflows));
    }

    private async Task<List<SourceDocument>> ReadAsync(ISourceReader reader, Core.Model.SourceDefinition source, string? baseDirectory = null)
    {
        var documents = new List<SourceDocument>();
        await foreach (var document in reader.ReadAsync(ResolvedSource.Resolve(source, baseDirectory ?? _folder.WorkflowDirectory)))
        {
            documents.Add(document);
        }

        return documents;
    }
}
