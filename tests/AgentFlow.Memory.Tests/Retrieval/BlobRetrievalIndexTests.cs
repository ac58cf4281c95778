using System.Text.Json;
using AgentFlow.Core.Model;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>
/// The shared blob index against the SQLite one and across "machines": several services (each with its own data
/// directory) on one container in Azurite.
/// </summary>
public sealed class BlobRetrievalIndexTests(AzuriteContainers azurite) : IClassFixture<AzuriteContainers>, IDisposable
{
    private static readonly SourceDefinition Articles = RetrievalFolder.Files("data/articles/*.md", "articles");

    private readonly RetrievalFolder _sqlite = new();
    private readonly RetrievalFolder _blob = new(azurite.NextContainer());

    public void Dispose()
    {
        _sqlite.Dispose();
        _blob.Dispose();
    }

    [Fact]
    public async Task SearchAsync_LabelledQueries_SameHitsAndCitationsAsSqlite()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(RepoData.Labelled));
        var sources = json.RootElement.GetProperty("sources").EnumerateObject().ToDictionary(
            s => s.Name,
            s => new SourceDefinition(s.Name, s.Value.GetProperty("kind").GetString()!, s.Value.GetProperty("path").GetString(), null, $"$.sources.{s.Name}"));
        using var local = _sqlite.Open();
        using var shared = _blob.Open();
        var compared = 0;

        foreach (var query in json.RootElement.GetProperty("queries").EnumerateArray())
        {
            var source = sources[query.GetProperty("source").GetString()!];
            var text = query.GetProperty("query").GetString()!;

            var expected = await local.SearchAsync(source, RepoData.Workflows, text, 5);
            var actual = await shared.SearchAsync(source, RepoData.Workflows, text, 5);

            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
            compared++;
        }

        Assert.True(compared >= 10);
        Assert.StartsWith(_blob.Index!.Uri.ToString(), shared.IndexLocation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_OneFileChanged_EmbedsOnlyThatFilesChunks()
    {
        _blob.CopyRepoData();
        var embedder = new CountingEmbedder();
        using var service = _blob.Open(embedder: embedder);
        var first = await service.IndexAsync(Articles, _blob.WorkflowDirectory);
        Assert.Equal(first.Chunks, embedder.Calls);
        File.AppendAllText(Path.Combine(_blob.WorkflowDirectory, "data", "articles", "prompt-versioning.md"), "\nA new closing line about canary rollouts.\n");

        var second = await service.IndexAsync(Articles, _blob.WorkflowDirectory);

        Assert.Equal((0, 1, 3, 0), (second.Added, second.Updated, second.Unchanged, second.Removed));
        Assert.Equal(first.Chunks + second.Chunks, embedder.Calls);
        Assert.True(second.Chunks < first.Chunks);
    }

    [Fact]
    public async Task TwoMachines_OneIndexes_TheOtherSearchesWithoutEmbeddingAnyChunk()
    {
        _blob.CopyRepoData();
        var (embedderA, embedderB) = (new CountingEmbedder(), new CountingEmbedder());
        using var machineA = _blob.Open(embedder: embedderA);
        using var machineB = _blob.Open(embedder: embedderB, dataDirectory: Path.Combine(_blob.Root, "machine-b"));
        var indexed = await machineA.IndexAsync(Articles, _blob.WorkflowDirectory);
        var expected = await machineA.SearchAsync(Articles, _blob.WorkflowDirectory, "canary rollout of a prompt version", 3);

        var hits = await machineB.SearchAsync(Articles, _blob.WorkflowDirectory, "canary rollout of a prompt version", 3);

        Assert.True(indexed.Chunks > 0);
        Assert.Equal(1, embedderB.Calls); // the query only
        Assert.Equal(expected, hits);
        Assert.False(File.Exists(Path.Combine(_blob.Root, "machine-b", RetrievalService.DatabaseFileName)));
    }

    [Fact]
    public async Task TwoMachines_OneReindexesAChange_TheOtherSeesItWithoutReembedding()
    {
        _blob.CopyRepoData();
        var embedderB = new CountingEmbedder();
        using var machineA = _blob.Open();
        using var machineB = _blob.Open(embedder: embedderB, dataDirectory: Path.Combine(_blob.Root, "machine-b"));
        await machineA.IndexAsync(Articles, _blob.WorkflowDirectory);
        Assert.DoesNotContain(await machineB.SearchAsync(Articles, _blob.WorkflowDirectory, "zeppelin", 3), h => h.DocumentId == "new.md");
        _blob.Write("data/articles/new.md", "# Airships\n\nA zeppelin carries cargo.");
        await machineA.IndexAsync(Articles, _blob.WorkflowDirectory);

        var counts = await machineB.IndexAsync(Articles, _blob.WorkflowDirectory);
        var hits = await machineB.SearchAsync(Articles, _blob.WorkflowDirectory, "zeppelin", 3);

        Assert.Equal(new IndexCounts(0, 0, 5, 0, 0), counts);
        Assert.Equal(("new.md", "Airships"), (hits[0].DocumentId, hits[0].Title));
        Assert.Equal(2, embedderB.Calls); // the two queries
    }

    [Fact]
    public async Task ApplyAsync_TwoInstancesWritingAtOnce_NoDocumentIsLost()
    {
        const int PerWriter = 12;
        var embedder = new LocalEmbedder();
        using var first = new BlobRetrievalIndex(_blob.Index!, embedder.Name, embedder.Dimensions);
        using var second = new BlobRetrievalIndex(_blob.Index!, embedder.Name, embedder.Dimensions);
        var source = ResolvedSource.Resolve(RetrievalFolder.Files("data/*.md"), _blob.WorkflowDirectory);
        var documents = await Task.WhenAll(Enumerable.Range(0, 2 * PerWriter).Select(async i => await Document(embedder, $"doc-{i:00}.md", $"Document number {i} about topic {i}.")));

        await Task.WhenAll(documents.Select((document, i) =>
            (i % 2 == 0 ? first : second).ApplyAsync(source, "chunker", [document], [], forgetHashes: false, DateTime.UtcNow, CancellationToken.None)));

        var (hashes, chunker) = await first.ReadDocumentsAsync(source.Key, CancellationToken.None);
        Assert.Equal("chunker", chunker);
        Assert.Equal(documents.Select(d => d.Document.Id).Order(StringComparer.Ordinal), hashes.Keys.Order(StringComparer.Ordinal));
        var hits = await second.SearchAsync(source.Key, "topic 17", await embedder.EmbedAsync("topic 17"), 1, 50, 60, CancellationToken.None);
        Assert.Equal("doc-17.md", hits[0].DocumentId);
    }

    private static async Task<IndexedDocument> Document(LocalEmbedder embedder, string id, string text)
    {
        var document = new SourceDocument(id, id, "/docs/" + id, text);
        var chunk = new TextChunk(id, id, "/docs/" + id, 0, 0, text, 8);
        var (terms, length) = IndexedChunk.Count(text);
        return new IndexedDocument(document, [new IndexedChunk(chunk, UnitVector.Normalise(await embedder.EmbedAsync(text), embedder.Dimensions, "text"), terms, length)]);
    }
}
