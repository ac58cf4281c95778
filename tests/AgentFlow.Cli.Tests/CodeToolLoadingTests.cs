namespace AgentFlow.Cli.Tests;

/// <summary>A workflow cannot bring its own code: <c>code</c> tools name implementations the host registered, nothing else.</summary>
public sealed class CodeToolLoadingTests : TempDirectoryTest
{
    [Fact]
    public async Task Run_CodeToolNamingAnAssemblyPath_IsRefusedBeforeTheRunStarts()
    {
        var dll = typeof(CodeToolLoadingTests).Assembly.Location;
        var workflow = Write("code.json", $$"""
            { "name": "code", "tools": { "mine": { "kind": "code", "risk": "low", "name": "{{dll}}" } },
              "start": "call", "nodes": { "call": { "kind": "tool", "tool": "mine" } } }
            """);

        var (exit, _, stderr) = await CliRunner.RunAsync("run", workflow, "--data-dir", DataDir);

        Assert.Equal(2, exit);
        Assert.Contains($"tool 'mine' runs code tool '{dll}', which is not registered in this host", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_CodeToolWithAnAssemblyField_IsInvalid()
    {
        var workflow = Write("code.json", """
            { "name": "code", "tools": { "mine": { "kind": "code", "risk": "low", "assembly": "/tmp/evil.dll", "type": "Evil.Tool" } },
              "start": "call", "nodes": { "call": { "kind": "tool", "tool": "mine" } } }
            """);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("validate", workflow);

        Assert.Equal(2, exit);
        Assert.Contains("AF102 tool 'mine' has unknown property 'assembly' (at $.tools.mine.assembly)", stdout + stderr, StringComparison.Ordinal);
    }
}
