namespace AgentFlow.Cli.Tests;

/// <summary>Source paths and sub-workflow files outside the workflow's folder need <c>allowPaths</c> (agentflow.json or AGENTFLOW__ALLOWPATHS__n).</summary>
public sealed class AllowPathsTests : TempDirectoryTest
{
    public AllowPathsTests()
    {
        Directory.CreateDirectory(Path.Combine(Root, "flows"));
        Directory.CreateDirectory(Path.Combine(Root, "shared"));
        Write("shared/zeppelins.md", "# Zeppelins\n\nA zeppelin carries cargo across the sea.");
        Write("shared/child.json", """{ "name": "child", "start": "a", "nodes": { "a": { "kind": "set", "values": { "v": "from the child" } } }, "output": "{{ a.v }}" }""");
        Write("flows/news.json", """
            { "name": "news", "sources": { "docs": { "kind": "files", "path": "../shared/*.md" } }, "start": "fetch",
              "nodes": { "fetch": { "kind": "retrieve", "source": "docs", "query": "zeppelin cargo", "top": 1 } },
              "output": "{{ fetch.results[0].title }}" }
            """);
        Write("flows/parent.json", """
            { "name": "parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "../shared/child.json" } }, "output": "{{ call }}" }
            """);
    }

    private string Shared => Path.Combine(Root, "shared");

    [Fact]
    public async Task Run_SourceOutsideTheWorkflowFolder_IsRefusedBeforeStartingNamingTheFieldAndTheSetting()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("run", Path.Combine(Root, "flows", "news.json"), "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains("AF404 source 'docs': path '../shared/*.md' resolves outside the workflow's folder " + Path.Combine(Root, "flows"), stderr, StringComparison.Ordinal);
        Assert.Contains("(at $.sources.docs.path) Add " + Shared + " (or a folder above it) to allowPaths in agentflow.json to allow it.", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SourceInAFolderAllowedByEnvironment_Completes()
    {
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__ALLOWPATHS__0"] = Shared };

        var (exit, stdout, stderr) = await CliRunner.RunAsync(environment, "run", Path.Combine(Root, "flows", "news.json"), "--data-dir", DataDir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("\"Zeppelins\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SubWorkflowInAFolderAllowedByAgentflowJson_IsValid()
    {
        Write("agentflow.json", """{ "allowPaths": ["shared"] }""");

        var (exit, stdout, stderr) = await CliRunner.RunInAsync(Root, null, "validate", Path.Combine(Root, "flows", "parent.json"));
        var (refused, refusal, _) = await CliRunner.RunAsync("validate", Path.Combine(Root, "flows", "parent.json"));

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(2, refused);
        Assert.Contains("AF404 node 'call': path '../shared/child.json' resolves outside the workflow's folder", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SubWorkflowInAnAllowedFolder_RunsTheChild()
    {
        Write("agentflow.json", """{ "allowPaths": ["shared"] }""");

        var (exit, stdout, stderr) = await CliRunner.RunInAsync(Root, null, "run", Path.Combine("flows", "parent.json"), "--data-dir", DataDir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("from the child", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AllowPathsEntryThatIsNoFolder_ConfigurationErrorNamesTheSetting()
    {
        var missing = Path.Combine(Root, "missing");
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__ALLOWPATHS__0"] = missing };

        var (exit, _, stderr) = await CliRunner.RunAsync(environment, "validate", Path.Combine(Root, "flows", "parent.json"));

        Assert.Equal(2, exit);
        Assert.Equal($"agentflow: configuration: AGENTFLOW__ALLOWPATHS__0: is '{missing}', but {missing} is not an existing folder; create it or fix the entry", stderr.Trim());
    }

    [Fact]
    public async Task Validate_AllowPathsNotAnArray_ConfigurationErrorShowsTheShape()
    {
        Write("agentflow.json", """{ "allowPaths": "shared" }""");

        var (exit, _, stderr) = await CliRunner.RunInAsync(Root, null, "validate", Path.Combine(Root, "flows", "parent.json"));

        Assert.Equal(2, exit);
        Assert.Contains("agentflow: configuration: allowPaths: must be an array of folders", stderr, StringComparison.Ordinal);
    }
}
