namespace AgentFlow.Cli.Tests;

public sealed class GraphCommandTests
{
    [Fact]
    public async Task Graph_Default_PrintsMermaidWithLabelledConditions()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("graph", "workflows/refund-approval.json");

        Assert.Equal(0, exit);
        Assert.StartsWith("flowchart TD", stdout, StringComparison.Ordinal);
        Assert.Contains("[approval]", stdout, StringComparison.Ordinal);
        Assert.Contains("-->|\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_Dot_PrintsDigraph()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("graph", "workflows/email-triage.json", "--format", "dot");

        Assert.Equal(0, exit);
        Assert.StartsWith("digraph ", stdout, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_", stdout, StringComparison.Ordinal);
        Assert.EndsWith("}\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_UnknownFormat_IsAUsageError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("graph", "workflows/hello.json", "--format", "png");

        Assert.Equal(1, exit);
        Assert.Contains("png", stderr, StringComparison.Ordinal);
    }
}
