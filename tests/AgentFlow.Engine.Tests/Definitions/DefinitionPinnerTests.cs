using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Paths;
using AgentFlow.Engine.Definitions;

namespace AgentFlow.Engine.Tests.Definitions;

/// <summary>Pinning refuses sub-workflow files outside each workflow's folder unless allowPaths lists their folder.</summary>
public sealed class DefinitionPinnerTests : IDisposable
{
    private const string Child = """{ "name": "child", "start": "a", "nodes": { "a": { "kind": "end" } } }""";

    private readonly string _root = Directory.CreateTempSubdirectory("agentflow-pin-").FullName;

    public DefinitionPinnerTests()
    {
        Write("shared/child.json", Child);
        Write("flows/main.json", Parent("../shared/child.json"));
    }

    private FileDefinitionStore Store => new(Path.Combine(_root, "data"));

    [Fact]
    public async Task PinAsync_SubWorkflowOutsideTheFolder_IsRefusedNamingTheNodeAndTheSetting()
    {
        var error = await Assert.ThrowsAsync<WorkflowInvalidException>(() => DefinitionPinner.PinAsync(Path.Combine(_root, "flows", "main.json"), Store));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, diagnostic.Code);
        Assert.Equal("$.nodes.call.path", diagnostic.JsonPath);
        Assert.Contains("node 'call': path '../shared/child.json' resolves outside the workflow's folder " + Path.Combine(_root, "flows"), error.Message, StringComparison.Ordinal);
        Assert.Contains("allowPaths in agentflow.json", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "data")) && Directory.EnumerateFiles(Path.Combine(_root, "data"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task PinAsync_SubWorkflowInAnAllowedFolder_PinsParentAndChild()
    {
        var pinned = await DefinitionPinner.PinAsync(Path.Combine(_root, "flows", "main.json"), Store, new PathConfinement([Path.Combine(_root, "shared")]));

        Assert.Single(pinned.Definition.Links);
    }

    [Fact]
    public async Task PinAsync_ChildReachingOutOfItsOwnFolder_IsRefusedAtTheChild()
    {
        Write("flows/lib/middle.json", Parent("../../shared/child.json"));
        Write("flows/main.json", Parent("lib/middle.json"));

        var error = await Assert.ThrowsAsync<WorkflowInvalidException>(() => DefinitionPinner.PinAsync(Path.Combine(_root, "flows", "main.json"), Store));

        Assert.Equal(Path.Combine(_root, "flows", "lib", "middle.json"), error.File);
        Assert.Equal(DiagnosticCodes.PathOutsideWorkflowFolder, Assert.Single(error.Diagnostics).Code);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Parent(string childPath) =>
        $$"""{ "name": "parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "{{childPath}}" } } }""";

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
