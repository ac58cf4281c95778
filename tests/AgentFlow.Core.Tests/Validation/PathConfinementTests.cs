using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Paths;
using AgentFlow.Core.Validation;

namespace AgentFlow.Core.Tests.Validation;

/// <summary>AF404: source paths and sub-workflow files stay in the workflow's folder unless allowPaths lists another.</summary>
public sealed class PathConfinementTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("agentflow-paths-").FullName;

    public PathConfinementTests()
    {
        Write("flows/child.json", """{ "name": "child", "start": "a", "nodes": { "a": { "kind": "end" } } }""");
        Write("flows/data/a.md", "# A");
        Write("shared/child.json", """{ "name": "child", "start": "a", "nodes": { "a": { "kind": "end" } } }""");
        Write("shared/b.md", "# B");
        Write("shared/feed.xml", "<rss/>");
    }

    private string Flows => Path.Combine(_root, "flows");

    private string Shared => Path.Combine(_root, "shared");

    [Theory]
    [InlineData("child.json")]
    [InlineData("./sub/../child.json")]
    public void Validate_SubWorkflowInsideFolder_IsAccepted(string path)
    {
        Assert.Empty(ValidateCall(path));
    }

    [Fact]
    public void Validate_SubWorkflowOutsideFolder_ReportsPathAndFolderToAllow()
    {
        var error = Assert.Single(ValidateCall("../shared/child.json"));

        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, error.Code);
        Assert.Equal("$.nodes.call.path", error.JsonPath);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal($"node 'call': path '../shared/child.json' resolves outside the workflow's folder {Flows} (to {Path.Combine(Shared, "child.json")})", error.Message);
        Assert.Equal($"Add {Shared} (or a folder above it) to allowPaths in agentflow.json to allow it.", error.Hint);
    }

    [Fact]
    public void Validate_MissingSubWorkflowOutsideFolder_DoesNotSayWhetherItExists()
    {
        var error = Assert.Single(ValidateCall("../elsewhere/none.json"));

        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, error.Code);
    }

    [Fact]
    public void Validate_AbsoluteSubWorkflowPathInAllowedFolder_IsAccepted()
    {
        Assert.Empty(ValidateCall(Path.Combine(Shared, "child.json"), new PathConfinement([Shared])));
    }

    [Fact]
    public void Validate_SubWorkflowBehindSymlinkToOutside_ReportsTheRealPath()
    {
        Directory.CreateSymbolicLink(Path.Combine(Flows, "lib"), Shared);

        var error = Assert.Single(ValidateCall("lib/child.json"));

        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, error.Code);
        Assert.Contains($"{Path.Combine(Flows, "lib", "child.json")} leads through a symbolic link to {Path.Combine(Shared, "child.json")}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("files", "../shared/*.md")]
    [InlineData("files", "data/../../shared/**/*.md")]
    [InlineData("rss", "../shared/feed.xml")]
    public void Validate_SourcePathOutsideFolder_ReportsItAtThePath(string kind, string path)
    {
        var error = Assert.Single(ValidateSource(kind, path));

        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, error.Code);
        Assert.Equal("$.sources.docs.path", error.JsonPath);
        Assert.StartsWith($"source 'docs': path '{path}' resolves outside the workflow's folder {Flows}", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowPaths in agentflow.json", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SourceGlobThroughSymlinkedFolder_IsReported()
    {
        Directory.CreateSymbolicLink(Path.Combine(Flows, "linked"), Shared);

        var error = Assert.Single(ValidateSource("files", "linked/*.md"));

        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, error.Code);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("files", "data/*.md")]
    [InlineData("files", "**/*.md")]
    [InlineData("rss", "data/feed.xml")]
    public void Validate_SourcePathInsideFolder_IsAccepted(string kind, string path)
    {
        Assert.Empty(ValidateSource(kind, path));
    }

    [Fact]
    public void Validate_SourcePathInAllowedFolder_IsAccepted()
    {
        Assert.Empty(ValidateSource("files", "../shared/*.md", new PathConfinement([Shared])));
    }

    [Fact]
    public void Check_SymlinkInsideThatStaysInside_IsAllowed()
    {
        Directory.CreateSymbolicLink(Path.Combine(Flows, "alias"), Path.Combine(Flows, "data"));

        Assert.Null(PathConfinement.WorkflowFolderOnly.Check("alias/a.md", Path.Combine(Flows, "alias", "a.md"), Flows));
    }

    [Fact]
    public void Check_FileSymlinkToOutside_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(Flows, "data", "leak.md"), Path.Combine(Shared, "b.md"));

        var refusal = PathConfinement.WorkflowFolderOnly.Check("data/*.md", Path.Combine(Flows, "data", "leak.md"), Flows);

        Assert.NotNull(refusal);
        Assert.Equal($"add {Shared} (or a folder above it) to allowPaths in agentflow.json to allow it", refusal.Remedy);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<Diagnostic> ValidateCall(string path, PathConfinement? paths = null) => Run($$"""
        { "name": "t", "start": "call", "nodes": {
          "call": { "kind": "workflow", "path": {{System.Text.Json.JsonSerializer.Serialize(path)}} }
        } }
        """, paths);

    private IReadOnlyList<Diagnostic> ValidateSource(string kind, string path, PathConfinement? paths = null) => Run($$"""
        { "name": "t",
          "sources": { "docs": { "kind": "{{kind}}", "path": {{System.Text.Json.JsonSerializer.Serialize(path)}} } },
          "start": "fetch", "nodes": { "fetch": { "kind": "retrieve", "source": "docs", "query": "x" } } }
        """, paths);

    private IReadOnlyList<Diagnostic> Run(string json, PathConfinement? paths) =>
        WorkflowValidator.Validate(WorkflowLoader.Parse(json, Path.Combine(Flows, "main.json")), paths);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
