using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Tools;
using AgentFlow.Agents.Tools.Policy;

namespace AgentFlow.Agents.Tests.Tools;

/// <summary>The host's <c>tools.mcp.allowCommands</c> and strict mode, against the test MCP server started with <c>dotnet</c>.</summary>
public sealed class McpAllowCommandsTests
{
    private static readonly string CommandLine = $"dotnet {McpWorkflow.TestServer}";

    [Fact]
    public async Task Check_CommandOutsideAllowCommands_IsRefusedNamingToolAndSetting()
    {
        await using var kind = new McpToolKind(new ToolPolicyOptions { McpAllowCommands = ["/bin/sh", "uvx mcp-server-fetch"] });

        var problem = Assert.Single(kind.Check(McpWorkflow.Tool("echo")));

        Assert.Equal($"mcp tool 't' starts '{CommandLine}', which the host setting tools.mcp.allowCommands does not allow (/bin/sh, uvx mcp-server-fetch)", problem);
    }

    [Theory]
    [InlineData("dotnet")]
    [InlineData("dotnet \"{server}\"")]
    public async Task Check_CommandAllowedByName_HasNoProblem(string entry)
    {
        await using var kind = new McpToolKind(new ToolPolicyOptions { McpAllowCommands = [entry.Replace("{server}", McpWorkflow.TestServer, StringComparison.Ordinal)] });

        Assert.Empty(kind.Check(McpWorkflow.Tool("echo")));
    }

    [Fact]
    public async Task Check_CommandAllowedByAbsolutePath_MatchesTheNameOnPath()
    {
        var dotnet = CommandResolver.Resolve("dotnet")!;
        await using var kind = new McpToolKind(new ToolPolicyOptions { McpAllowCommands = [dotnet] });

        Assert.Empty(kind.Check(McpWorkflow.Tool("echo")));
    }

    [Fact]
    public async Task Check_ArgumentsOutsideTheAllowedPrefix_IsRefused()
    {
        await using var kind = new McpToolKind(new ToolPolicyOptions { McpAllowCommands = ["dotnet /srv/other-server.dll"] });

        var problem = Assert.Single(kind.Check(McpWorkflow.Tool("echo")));

        Assert.Contains("does not allow (dotnet /srv/other-server.dll)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_StrictWithoutAllowCommands_RefusesEveryCommand()
    {
        await using var kind = new McpToolKind(new ToolPolicyOptions { Strict = true });

        var problem = Assert.Single(kind.Check(McpWorkflow.Tool("echo")));

        Assert.Equal($"mcp tool 't' starts '{CommandLine}', but this host starts MCP servers only when the host setting tools.mcp.allowCommands lists them (strict mode)", problem);
    }

    [Fact]
    public async Task Check_NoPolicy_KeepsAllowingTheUsersOwnCommands()
    {
        await using var kind = new McpToolKind();

        Assert.Empty(kind.Check(McpWorkflow.Tool("echo")));
    }

    [Fact]
    public async Task InvokeAsync_CommandNotAllowed_FailsWithoutStartingTheServer()
    {
        await using var kind = new McpToolKind(new ToolPolicyOptions { McpAllowCommands = [] });

        var ex = await Assert.ThrowsAsync<NodeExecutionException>(() => kind.InvokeAsync(McpWorkflow.Call("echo", new JsonObject { ["text"] = "hi" }), default));

        Assert.Equal($"mcp tool 't' starts '{CommandLine}', which the host setting tools.mcp.allowCommands does not allow (none); it was not started", ex.Message);
    }

    [Theory]
    [InlineData("./server", "'./server' is a relative path")]
    [InlineData("\"/opt/unclosed", "double quotes around a path with spaces")]
    [InlineData("   ", "write an executable")]
    public void Constructor_MalformedEntry_NamesTheEntry(string entry, string expected)
    {
        var ex = Assert.Throws<ConfigurationException>(() => new McpToolKind(new ToolPolicyOptions { McpAllowCommands = ["uvx", entry] }));

        Assert.Contains("tools.mcp.allowCommands[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
