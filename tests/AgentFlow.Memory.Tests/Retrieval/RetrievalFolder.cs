using AgentFlow.Core.Model;
using AgentFlow.Memory.Retrieval;
using Azure.Storage.Blobs;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>
/// A scratch folder with a data directory (for retrieval.db) and a workflow folder (for sources), deleted afterwards;
/// services opened with <see cref="Open"/> keep their index in <paramref name="index"/> when set (the shared blob index).
/// </summary>
internal sealed class RetrievalFolder : IDisposable
{
    private readonly List<RetrievalService> _services = [];

    public RetrievalFolder(BlobContainerClient? index = null)
    {
        Index = index;
        Root = Path.Combine(Path.GetTempPath(), "agentflow-retrieval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(WorkflowDirectory);
    }

    public string Root { get; }

    /// <summary>The shared blob index's container, or null for retrieval.db in <see cref="DataDirectory"/>.</summary>
    public BlobContainerClient? Index { get; }

    public string DataDirectory => Path.Combine(Root, "data-dir");

    public string WorkflowDirectory => Path.Combine(Root, "flows");

    public static SourceDefinition Files(string path, string name = "docs") => new(name, "files", path, null, $"$.sources.{name}");

    public static SourceDefinition Rss(string? path, string? url = null, string name = "news") => new(name, "rss", path, url, $"$.sources.{name}");

    public RetrievalService Open(RetrievalOptions? options = null, IEmbedder? embedder = null, HttpClient? client = null, TimeProvider? time = null, string? dataDirectory = null)
    {
        var service = new RetrievalService(dataDirectory ?? DataDirectory, embedder ?? new LocalEmbedder(), options, client, timeProvider: time, indexContainer: Index);
        _services.Add(service);
        return service;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> below the workflow folder.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(WorkflowDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Copies the repository's workflows/data into the workflow folder as <c>data/</c>.</summary>
    public void CopyRepoData()
    {
        foreach (var file in Directory.EnumerateFiles(RepoData.Data, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(WorkflowDirectory, "data", Path.GetRelativePath(RepoData.Data, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        foreach (var service in _services)
        {
            service.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
