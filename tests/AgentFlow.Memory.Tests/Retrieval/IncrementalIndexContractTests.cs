using AgentFlow.Abstractions.Configuration;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>Incremental indexing, run against each index (<see cref="SqliteIncrementalIndexTests"/>, <see cref="BlobIncrementalIndexTests"/>).</summary>
public abstract class IncrementalIndexContractTests : IDisposable
{
    private static readonly Core.Model.SourceDefinition Articles = RetrievalFolder.Files("data/articles/*.md", "articles");

    private readonly RetrievalFolder _folder;

    private protected IncrementalIndexContractTests(RetrievalFolder folder)
    {
        _folder = folder;
        _folder.CopyRepoData();
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task IndexAsync_FirstPass_AddsEveryDocument()
    {
        using var service = _folder.Open();

        var counts = await service.IndexAsync(Articles, _folder.WorkflowDirectory);

        Assert.Equal((4, 0, 0, 0), (counts.Added, counts.Updated, counts.Unchanged, counts.Removed));
        Assert.True(counts.Chunks >= 4);
    }

    [Fact]
    public async Task IndexAsync_NothingChanged_EverythingUnchangedNothingWritten()
    {
        using var service = _folder.Open();
        await service.IndexAsync(Articles, _folder.WorkflowDirectory);

        var counts = await service.IndexAsync(Articles, _folder.WorkflowDirectory);

        Assert.Equal(new IndexCounts(0, 0, 4, 0, 0), counts);
        Assert.True(counts.NothingChanged);
    }

    [Fact]
    public async Task IndexAsync_OneFileEdited_OneUpdatedOthersUnchanged()
    {
        using var service = _folder.Open();
        await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        File.AppendAllText(Path.Combine(_folder.WorkflowDirectory, "data", "articles", "prompt-versioning.md"), "\nA new closing line about canary rollouts.\n");

        var counts = await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        var hits = await service.SearchAsync(Articles, _folder.WorkflowDirectory, "canary rollouts", 1);

        Assert.Equal((0, 1, 3, 0), (counts.Added, counts.Updated, counts.Unchanged, counts.Removed));
        Assert.Contains("canary rollouts", hits[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_FileDeleted_RemovedAndNoLongerFound()
    {
        using var service = _folder.Open();
        await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        File.Delete(Path.Combine(_folder.WorkflowDirectory, "data", "articles", "cost-budgets-for-llm-apps.md"));

        var counts = await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        var hits = await service.SearchAsync(Articles, _folder.WorkflowDirectory, "budgets", 10);

        Assert.Equal((0, 0, 3, 1), (counts.Added, counts.Updated, counts.Unchanged, counts.Removed));
        Assert.DoesNotContain(hits, h => h.DocumentId == "cost-budgets-for-llm-apps.md");
    }

    [Fact]
    public async Task IndexAsync_ChunkSizeChanged_EveryDocumentRechunked()
    {
        using (var first = _folder.Open())
        {
            await first.IndexAsync(Articles, _folder.WorkflowDirectory);
        }

        using var service = _folder.Open(new RetrievalOptions { ChunkTokens = 80, ChunkOverlapTokens = 16 });
        var counts = await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        var hits = await service.SearchAsync(Articles, _folder.WorkflowDirectory, "approval", 50);

        Assert.Equal((0, 4, 0, 0), (counts.Added, counts.Updated, counts.Unchanged, counts.Removed));
        Assert.Contains(hits, h => h.Chunk >= 2);
    }

    [Fact]
    public async Task SearchAsync_FileEditedBetweenSearches_SeesTheEditWithoutExplicitIndexing()
    {
        using var service = _folder.Open();
        Assert.DoesNotContain(await service.SearchAsync(Articles, _folder.WorkflowDirectory, "zeppelin", 3), h => h.DocumentId == "new.md");
        _folder.Write("data/articles/new.md", "# Airships\n\nA zeppelin carries cargo.");

        var hits = await service.SearchAsync(Articles, _folder.WorkflowDirectory, "zeppelin", 3);

        Assert.Equal(("new.md", "Airships"), (hits[0].DocumentId, hits[0].Title));
    }

    [Fact]
    public async Task SameFilesFromTwoWorkflowFolders_ShareOneNamespace()
    {
        // The second workflow reaches up into the first one's folder, which allowPaths must allow.
        using var service = _folder.Open(new RetrievalOptions { AllowPaths = [_folder.WorkflowDirectory] });
        await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        var elsewhere = Path.Combine(_folder.WorkflowDirectory, "sub");
        Directory.CreateDirectory(elsewhere);

        var counts = await service.IndexAsync(RetrievalFolder.Files("../data/articles/*.md", "other-name"), elsewhere);

        Assert.Equal(new IndexCounts(0, 0, 4, 0, 0), counts);
    }

    [Fact]
    public async Task IndexBuiltWithAnotherEmbedder_ConfigurationErrorNamesBoth()
    {
        using (var service = _folder.Open())
        {
            await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        }

        // The file is refused when opened; a blob when read.
        var error = await Assert.ThrowsAsync<ConfigurationException>(async () =>
        {
            using var service = _folder.Open(embedder: new LocalEmbedder(dimensions: 64));
            await service.IndexAsync(Articles, _folder.WorkflowDirectory);
        });

        Assert.Equal("retrieval.embedder", error.Setting);
        Assert.Contains("(384 dimensions)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(64 dimensions)", error.Message, StringComparison.Ordinal);
    }
}
